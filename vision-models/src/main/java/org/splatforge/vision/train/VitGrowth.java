package org.splatforge.vision.train;

import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;
import org.splatforge.vision.model.VitWeights;

/**
 * Function-preserving growth of a trained ViT, to keep what it learned while adding capacity
 * (progressive stacking in the spirit of Net2Net, Chen et al. 2016, and Gong et al. 2019): new
 * pre-norm blocks are inserted with their two residual branches' output projections
 * ({@code attn.proj}, {@code mlp.fc2}) and biases at zero, so each new block is exactly the
 * identity and the grown model computes the same logits; their other weights get timm's
 * initialisation so gradients reach them once the projections move off zero.
 */
public final class VitGrowth {

    private VitGrowth() {
    }

    /**
     * {@code w} with {@code depth - w.depth} new identity blocks spread evenly: old block i goes
     * to position {@code floor(i * depth / oldDepth)}, new blocks fill the gaps.
     */
    public static VitWeights deepen(VitWeights w, int depth, long seed) {
        VitConfig c = w.config;
        if (depth < c.depth()) {
            throw new IllegalArgumentException("cannot deepen a " + c.depth() + "-block model to " + depth + " blocks");
        }
        VitConfig g = new VitConfig(c.imageSize(), c.channels(), c.patch(), c.dim(), depth, c.heads(), c.mlp(), c.classes(),
                c.mean(), c.std(), c.lnEps());
        // Fresh init supplies the new blocks' norms and qkv/fc1; everything else is copied or zeroed below.
        VitWeights out = VitWeights.init(g, seed);
        int[] oldAt = new int[depth];
        java.util.Arrays.fill(oldAt, -1);
        for (int i = 0; i < c.depth(); i++) {
            oldAt[(int) ((long) i * depth / c.depth())] = i;
        }
        VitLayout src = w.layout;
        for (VitLayout.Tensor t : out.layout.tensors()) {
            String name = t.name();
            String from = name;
            if (name.startsWith("blocks.")) {
                int dot = name.indexOf('.', 7);
                int l = Integer.parseInt(name.substring(7, dot));
                if (oldAt[l] < 0) {
                    if (name.endsWith("attn.proj.weight") || name.endsWith("attn.proj.bias")
                            || name.endsWith("mlp.fc2.weight") || name.endsWith("mlp.fc2.bias")) {
                        java.util.Arrays.fill(out.data, t.offset(), t.offset() + t.size(), 0f);
                    }
                    continue;
                }
                from = "blocks." + oldAt[l] + name.substring(dot);
            }
            VitLayout.Tensor s = src.tensor(from);
            System.arraycopy(w.data, s.offset(), out.data, t.offset(), t.size());
        }
        return out;
    }
}
