package org.splatforge.compress.quant;

/**
 * Quantizes opacity uniformly in the activated domain: {@code alpha = sigmoid(logit)} is
 * split into {@code levels} equal bins and reconstructed at the bin centre, stored back as a
 * logit. The rendered colour depends linearly on alpha, so a uniform alpha step bounds the
 * colour error directly (at most {@code 0.5 / levels} of a Gaussian's contribution), while a
 * uniform logit step would waste levels on saturated values (alpha is clamped to 0.99 by the
 * rasterizer anyway).
 */
public record OpacityQuantizer(int levels) {

    public OpacityQuantizer {
        if (levels < 2 || levels > 65536) {
            throw new IllegalArgumentException("opacity levels must be in [2, 65536], got " + levels);
        }
    }

    public int quantize(float logit) {
        double a = 1.0 / (1.0 + StrictMath.exp(-(double) logit));
        int q = (int) StrictMath.floor(a * levels);
        return Math.max(0, Math.min(levels - 1, q));
    }

    public float dequantize(int q) {
        double a = (q + 0.5) / levels;
        return (float) StrictMath.log(a / (1 - a));
    }
}
