package org.splatforge.vision.model;

import java.util.SplittableRandom;

/**
 * The parameters of one ViT: a config, its {@link VitLayout}, and one flat {@code float[]}
 * holding every tensor at the layout's offsets.
 */
public final class VitWeights {

    public final VitConfig config;
    public final VitLayout layout;
    public final float[] data;

    public VitWeights(VitConfig config, float[] data) {
        this.config = config;
        this.layout = new VitLayout(config);
        if (data.length != layout.total) {
            throw new IllegalArgumentException("parameter array has " + data.length + " floats, " + config
                    + " needs " + layout.total);
        }
        this.data = data;
    }

    /** Zero parameters. */
    public static VitWeights zeros(VitConfig config) {
        return new VitWeights(config, new float[new VitLayout(config).total]);
    }

    /**
     * timm's initialisation: truncated normal (std 0.02, cut at 2 std) for linear weights, the
     * patch kernel, the class token and the position table; zero biases; LayerNorm gain 1.
     */
    public static VitWeights init(VitConfig config, long seed) {
        VitWeights w = zeros(config);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (VitLayout.Tensor t : w.layout.tensors()) {
            String n = t.name();
            if (n.endsWith("norm1.weight") || n.endsWith("norm2.weight") || n.equals("norm.weight")) {
                java.util.Arrays.fill(w.data, t.offset(), t.offset() + t.size(), 1f);
            } else if (t.decay() || n.equals("cls_token") || n.equals("pos_embed")) {
                for (int i = 0; i < t.size(); i++) {
                    w.data[t.offset() + i] = (float) (0.02 * truncatedGaussian(rnd));
                }
            }
        }
        return w;
    }

    private static double truncatedGaussian(SplittableRandom rnd) {
        while (true) {
            // Box-Muller; reject outside [-2, 2].
            double u = rnd.nextDouble(), v = rnd.nextDouble();
            double g = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
            if (Math.abs(g) <= 2) {
                return g;
            }
        }
    }

    public VitWeights copy() {
        return new VitWeights(config, data.clone());
    }

    /** Index of the first non-finite parameter, or -1. */
    public int firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The tensor containing flat index {@code i} (for error messages). */
    public String nameOf(int i) {
        for (VitLayout.Tensor t : layout.tensors()) {
            if (i >= t.offset() && i < t.offset() + t.size()) {
                return t.name() + "[" + (i - t.offset()) + "]";
            }
        }
        return "#" + i;
    }
}
