package org.splatforge.vision.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where each parameter tensor of a ViT lives in one flat {@code float[]}. Linear weights are
 * stored input-major ({@code [in][out]}, so a layer is {@code Y[rows,out] = X[rows,in] W}); the
 * checkpoint and ONNX writers transpose to PyTorch's {@code [out][in]}.
 *
 * <p>Per block: {@code ln1W, ln1B: [D]}, {@code qkvW: [D][3D]} (columns q | k | v, each head
 * a contiguous run of {@code D/heads}), {@code qkvB: [3D]}, {@code projW: [D][D]},
 * {@code ln2W, ln2B}, {@code fc1W: [D][M]}, {@code fc1B: [M]}, {@code fc2W: [M][D]}, {@code fc2B}.
 * Globals: {@code patchW: [C*P*P][D]}, {@code patchB: [D]}, {@code cls: [D]},
 * {@code pos: [T][D]}, {@code normW, normB: [D]}, {@code headW: [D][classes]}, {@code headB}.
 */
public final class VitLayout {

    /** Offsets of one block's tensors. */
    public record Block(int ln1W, int ln1B, int qkvW, int qkvB, int projW, int projB,
                        int ln2W, int ln2B, int fc1W, int fc1B, int fc2W, int fc2B) {
    }

    /**
     * One named tensor: {@code shape} is our storage shape; {@code transposed} says the
     * PyTorch/timm layout is the transpose (linear weights); {@code decay} says AdamW weight
     * decay applies (matrices only, as in timm).
     */
    public record Tensor(String name, int offset, int[] shape, boolean transposed, boolean decay) {
        public int size() {
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }
    }

    public final VitConfig config;
    public final int patchW, patchB, cls, pos, normW, normB, headW, headB, total;
    private final Block[] blocks;
    private final List<Tensor> tensors;

    public VitLayout(VitConfig c) {
        this.config = c;
        List<Tensor> ts = new ArrayList<>();
        int d = c.dim(), m = c.mlp();
        int[] cursor = {0};
        patchW = add(ts, cursor, "patch_embed.proj.weight", new int[] {c.patchDim(), d}, true, true);
        patchB = add(ts, cursor, "patch_embed.proj.bias", new int[] {d}, false, false);
        cls = add(ts, cursor, "cls_token", new int[] {d}, false, false);
        pos = add(ts, cursor, "pos_embed", new int[] {c.tokens(), d}, false, false);
        blocks = new Block[c.depth()];
        for (int l = 0; l < c.depth(); l++) {
            String p = "blocks." + l + ".";
            blocks[l] = new Block(
                    add(ts, cursor, p + "norm1.weight", new int[] {d}, false, false),
                    add(ts, cursor, p + "norm1.bias", new int[] {d}, false, false),
                    add(ts, cursor, p + "attn.qkv.weight", new int[] {d, 3 * d}, true, true),
                    add(ts, cursor, p + "attn.qkv.bias", new int[] {3 * d}, false, false),
                    add(ts, cursor, p + "attn.proj.weight", new int[] {d, d}, true, true),
                    add(ts, cursor, p + "attn.proj.bias", new int[] {d}, false, false),
                    add(ts, cursor, p + "norm2.weight", new int[] {d}, false, false),
                    add(ts, cursor, p + "norm2.bias", new int[] {d}, false, false),
                    add(ts, cursor, p + "mlp.fc1.weight", new int[] {d, m}, true, true),
                    add(ts, cursor, p + "mlp.fc1.bias", new int[] {m}, false, false),
                    add(ts, cursor, p + "mlp.fc2.weight", new int[] {m, d}, true, true),
                    add(ts, cursor, p + "mlp.fc2.bias", new int[] {d}, false, false));
        }
        normW = add(ts, cursor, "norm.weight", new int[] {d}, false, false);
        normB = add(ts, cursor, "norm.bias", new int[] {d}, false, false);
        headW = add(ts, cursor, "head.weight", new int[] {d, c.classes()}, true, true);
        headB = add(ts, cursor, "head.bias", new int[] {c.classes()}, false, false);
        total = cursor[0];
        tensors = Collections.unmodifiableList(ts);
    }

    private static int add(List<Tensor> ts, int[] cursor, String name, int[] shape, boolean transposed, boolean decay) {
        Tensor t = new Tensor(name, cursor[0], shape, transposed, decay);
        ts.add(t);
        cursor[0] += t.size();
        return t.offset;
    }

    public Block block(int l) {
        return blocks[l];
    }

    /** Every tensor in storage order. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}, or null. */
    public Tensor tensor(String name) {
        for (Tensor t : tensors) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
