package org.splatforge.core.metrics;

import org.splatforge.core.image.FloatImage;

/**
 * The obvious SSIM (Wang et al. 2004, "Image Quality Assessment: From Error Visibility to
 * Structural Similarity"), written to match the 3DGS evaluation code
 * ({@code utils/loss_utils.py: ssim}) term by term: an 11x11 Gaussian window with sigma 1.5
 * (the 1D kernel normalised to sum 1, the 2D window its outer product), applied per channel
 * as a zero-padded "same" convolution; {@code C1 = 0.01^2}, {@code C2 = 0.03^2};
 * {@code sigma^2 = E[x^2] - mu^2}; the result is the mean of the SSIM map over all pixels
 * and channels. Direct 2D window sums in double: slow, and the twin that {@link Ssim} is
 * tested against.
 */
public final class SsimReference {

    /** Window size and Gaussian sigma of the 3DGS evaluation. */
    public static final int WINDOW = 11;
    public static final double SIGMA = 1.5;
    public static final double C1 = 0.01 * 0.01;
    public static final double C2 = 0.03 * 0.03;

    private SsimReference() {
    }

    /** The normalised 1D Gaussian kernel, {@code WINDOW} taps. */
    public static double[] kernel() {
        double[] g = new double[WINDOW];
        double s = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - WINDOW / 2;
            g[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            s += g[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            g[i] /= s;
        }
        return g;
    }

    /** Mean SSIM over all pixels and channels. */
    public static double ssim(FloatImage a, FloatImage b) {
        double[] m = map(a, b);
        double s = 0;
        for (double v : m) {
            s += v;
        }
        return s / m.length;
    }

    /** The SSIM map, H x W x C interleaved as the images. */
    public static double[] map(FloatImage a, FloatImage b) {
        Ssim.checkSameShape(a, b);
        int w = a.width(), h = a.height(), c = a.channels(), r = WINDOW / 2;
        double[] g = kernel();
        double[] out = new double[w * h * c];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        int yy = y + dy;
                        if (yy < 0 || yy >= h) {
                            continue; // zero padding
                        }
                        for (int dx = -r; dx <= r; dx++) {
                            int xx = x + dx;
                            if (xx < 0 || xx >= w) {
                                continue;
                            }
                            double wt = g[dy + r] * g[dx + r];
                            double p = a.get(xx, yy, ch), q = b.get(xx, yy, ch);
                            mx += wt * p;
                            my += wt * q;
                            sxx += wt * p * p;
                            syy += wt * q * q;
                            sxy += wt * p * q;
                        }
                    }
                    double vx = sxx - mx * mx, vy = syy - my * my, cxy = sxy - mx * my;
                    out[(y * w + x) * c + ch] = ((2 * mx * my + C1) * (2 * cxy + C2))
                            / ((mx * mx + my * my + C1) * (vx + vy + C2));
                }
            }
        }
        return out;
    }
}
