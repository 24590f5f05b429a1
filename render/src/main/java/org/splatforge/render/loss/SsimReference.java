package org.splatforge.render.loss;

/**
 * The plain twin of {@link Ssim}: the 11x11 window applied directly (not separated), every
 * sum in double, the gradient written out from its definition
 * dS_mean/dx(p) = (1/N) sum_q w(q-p) [dS/dmu_x(q) + 2 x(p) dS/dE[x^2](q) + y(p) dS/dE[xy](q)].
 * Slow (121 taps per pixel per moment); tests only.
 */
public final class SsimReference {

    private SsimReference() {
    }

    /** Mean SSIM; when {@code grad != null} it receives d(mean SSIM)/dx (overwritten). */
    public static double ssim(float[] x, float[] y, int w, int h, int c, double[] grad) {
        // The evaluation metric's window (11 taps, sigma 1.5, normalised), so loss and metric agree.
        double[] w1 = org.splatforge.core.metrics.SsimReference.kernel();
        int n = w * h * c;
        double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        double[] dmx = new double[n], dmxx = new double[n], dmxy = new double[n];
        double sum = 0;
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
                for (int ch = 0; ch < c; ch++) {
                    double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
                    for (int dy = -Ssim.RADIUS; dy <= Ssim.RADIUS; dy++) {
                        for (int dx = -Ssim.RADIUS; dx <= Ssim.RADIUS; dx++) {
                            int rr = r + dy, cc = col + dx;
                            if (rr < 0 || rr >= h || cc < 0 || cc >= w) {
                                continue; // zero padding
                            }
                            double wt = w1[dy + Ssim.RADIUS] * w1[dx + Ssim.RADIUS];
                            double xv = x[(rr * w + cc) * c + ch], yv = y[(rr * w + cc) * c + ch];
                            mx += wt * xv;
                            my += wt * yv;
                            mxx += wt * xv * xv;
                            myy += wt * yv * yv;
                            mxy += wt * xv * yv;
                        }
                    }
                    double sx = mxx - mx * mx, sy = myy - my * my, sxy = mxy - mx * my;
                    double a1 = 2 * mx * my + c1, a2 = 2 * sxy + c2;
                    double b1 = mx * mx + my * my + c1, b2 = sx + sy + c2;
                    double s = a1 * a2 / (b1 * b2);
                    sum += s;
                    int i = (r * w + col) * c + ch;
                    // Partial derivatives of s w.r.t. the raw moments mu_x, E[x^2], E[xy].
                    dmx[i] = (2 * my * a2 - 2 * my * a1) / (b1 * b2) - s * (2 * mx / b1 - 2 * mx / b2);
                    dmxx[i] = -s / b2;
                    dmxy[i] = 2 * a1 / (b1 * b2);
                }
            }
        }
        if (grad != null) {
            for (int r = 0; r < h; r++) {
                for (int col = 0; col < w; col++) {
                    for (int ch = 0; ch < c; ch++) {
                        int i = (r * w + col) * c + ch;
                        double acc = 0;
                        for (int dy = -Ssim.RADIUS; dy <= Ssim.RADIUS; dy++) {
                            for (int dx = -Ssim.RADIUS; dx <= Ssim.RADIUS; dx++) {
                                int rr = r + dy, cc = col + dx;
                                if (rr < 0 || rr >= h || cc < 0 || cc >= w) {
                                    continue;
                                }
                                double wt = w1[dy + Ssim.RADIUS] * w1[dx + Ssim.RADIUS];
                                int q = (rr * w + cc) * c + ch;
                                acc += wt * (dmx[q] + 2 * x[i] * dmxx[q] + y[i] * dmxy[q]);
                            }
                        }
                        grad[i] = acc / n;
                    }
                }
            }
        }
        return sum / n;
    }
}
