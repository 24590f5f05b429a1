package org.splatforge.core.metrics;

import org.splatforge.core.image.FloatImage;

/**
 * Peak signal-to-noise ratio for images in [0, 1], as the 3DGS evaluation computes it
 * ({@code utils/image_utils.py}: {@code 20 * log10(1 / sqrt(mse))}, the mean squared
 * error taken over every pixel and channel). Accumulates in double.
 */
public final class Psnr {

    private Psnr() {
    }

    /** Mean squared difference over all pixels and channels. */
    public static double mse(FloatImage a, FloatImage b) {
        Ssim.checkSameShape(a, b);
        float[] x = a.data(), y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - y[i];
            s += d * d;
        }
        return s / x.length;
    }

    /** PSNR in dB (peak 1); positive infinity for identical images. */
    public static double psnr(FloatImage a, FloatImage b) {
        return fromMse(mse(a, b));
    }

    /** {@code 10 * log10(1 / mse)}. */
    public static double fromMse(double mse) {
        return mse == 0 ? Double.POSITIVE_INFINITY : -10.0 * Math.log10(mse);
    }
}
