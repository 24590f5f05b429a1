package org.splatforge.compress.sh;

import org.splatforge.core.scene.GaussianCloud;

/**
 * Layout helpers for one SH band: degree {@code l} has {@code 2l+1} coefficients per colour,
 * the coefficients {@code k = l^2 .. (l+1)^2 - 1} of {@link GaussianCloud#sh()}. A band
 * vector is {@code float[(2l+1)*3]}: coefficient-major, then (Y, C1, C2) after
 * {@link ShColorTransform}.
 */
public final class ShBand {

    private ShBand() {
    }

    /** Coefficients per colour in band l: 2l+1. */
    public static int width(int l) {
        return 2 * l + 1;
    }

    /** Floats per band vector: (2l+1)*3. */
    public static int dim(int l) {
        return (2 * l + 1) * 3;
    }

    /** First coefficient index of band l: l^2. */
    public static int first(int l) {
        return l * l;
    }

    /**
     * Band {@code l} of Gaussians {@code [0, n)} in transformed colour space,
     * {@code float[n * dim(l)]}.
     */
    public static float[] extract(float[] sh, int n, int coeffs, int l) {
        int d = dim(l), w = width(l), k0 = first(l);
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < w; m++) {
                ShColorTransform.forward(sh, (i * coeffs + k0 + m) * 3, out, i * d + m * 3);
            }
        }
        return out;
    }
}
