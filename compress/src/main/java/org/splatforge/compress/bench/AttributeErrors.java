package org.splatforge.compress.bench;

import java.util.Arrays;
import org.splatforge.compress.quant.CanonicalFrame;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Per-attribute error between source Gaussians and their decoded versions
 * ({@code decoded[j]} came from {@code source[sourceIndex[j]]}).
 *
 * <ul>
 *   <li>position: RMS and max error (world units), and the 99th percentile of the error
 *       divided by the Gaussian's largest scale (dimensionless; what the eye sees);</li>
 *   <li>covariance: relative Frobenius error {@code |S' - S| / |S|} of the 3x3 covariance
 *       (scale and rotation together; axis order and sign do not matter), mean and p99;</li>
 *   <li>opacity: RMS and max error of activated opacity;</li>
 *   <li>DC colour: RMS error in colour units (0.5 + C0 * dc);</li>
 *   <li>SH rest: RMS over Gaussians of the colour error averaged over all directions,
 *       {@code sqrt(sum_k e_k^2 / (4 pi))} (the real SH basis is orthonormal), in colour
 *       units, over the source's bands (dropped bands count in full).</li>
 * </ul>
 */
public record AttributeErrors(double positionRms, double positionMax, double positionP99OverScale,
                              double covarianceMean, double covarianceP99, double opacityRms, double opacityMax,
                              double dcRms, double shRestRms) {

    private static final double C0 = 0.28209479177387814;

    public static AttributeErrors measure(GaussianCloud source, GaussianCloud decoded, int[] sourceIndex) {
        int n = decoded.size();
        if (sourceIndex.length != n) {
            throw new IllegalArgumentException("sourceIndex has " + sourceIndex.length + " entries for " + n);
        }
        double pos2 = 0, posMax = 0, op2 = 0, opMax = 0, dc2 = 0, sh2 = 0;
        double[] relPos = new double[n], cov = new double[n];
        double[] a = new double[9], b = new double[9];
        int ks = source.shCoeffs(), kd = decoded.shCoeffs();
        for (int j = 0; j < n; j++) {
            int i = sourceIndex[j];
            double d2 = 0;
            for (int ax = 0; ax < 3; ax++) {
                double d = source.means()[i * 3 + ax] - decoded.means()[j * 3 + ax];
                d2 += d * d;
            }
            pos2 += d2;
            posMax = Math.max(posMax, Math.sqrt(d2));
            double smax = Math.exp(Math.max(source.logScales()[i * 3], Math.max(source.logScales()[i * 3 + 1],
                    source.logScales()[i * 3 + 2])));
            relPos[j] = Math.sqrt(d2) / smax;
            covariance(source, i, a);
            covariance(decoded, j, b);
            double num = 0, den = 0;
            for (int t = 0; t < 9; t++) {
                num += (a[t] - b[t]) * (a[t] - b[t]);
                den += a[t] * a[t];
            }
            cov[j] = Math.sqrt(num / den);
            double dop = source.opacity(i) - decoded.opacity(j);
            op2 += dop * dop;
            opMax = Math.max(opMax, Math.abs(dop));
            for (int c = 0; c < 3; c++) {
                double d = C0 * (source.sh()[i * ks * 3 + c] - decoded.sh()[j * kd * 3 + c]);
                dc2 += d * d;
            }
            double e2 = 0;
            for (int k = 1; k < ks; k++) {
                for (int c = 0; c < 3; c++) {
                    double dv = source.sh()[(i * ks + k) * 3 + c] - (k < kd ? decoded.sh()[(j * kd + k) * 3 + c] : 0);
                    e2 += dv * dv;
                }
            }
            sh2 += e2 / (4 * Math.PI) / 3; // per colour channel
        }
        Arrays.sort(relPos);
        Arrays.sort(cov);
        double mc = 0;
        for (double v : cov) {
            mc += v;
        }
        int p = Math.max(0, (int) Math.floor(0.99 * (n - 1)));
        return new AttributeErrors(Math.sqrt(pos2 / Math.max(1, n)), posMax, n == 0 ? 0 : relPos[p],
                mc / Math.max(1, n), n == 0 ? 0 : cov[p], Math.sqrt(op2 / Math.max(1, n)), opMax,
                Math.sqrt(dc2 / Math.max(1, 3L * n)), Math.sqrt(sh2 / Math.max(1, n)));
    }

    private static void covariance(GaussianCloud c, int i, double[] out) {
        double[] r = new double[9];
        float[] q = c.quats();
        CanonicalFrame.quatToMatrix(q[i * 4], q[i * 4 + 1], q[i * 4 + 2], q[i * 4 + 3], r);
        double[] s2 = new double[3];
        for (int a = 0; a < 3; a++) {
            s2[a] = Math.exp(2.0 * c.logScales()[i * 3 + a]);
        }
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                double v = 0;
                for (int a = 0; a < 3; a++) {
                    v += r[row * 3 + a] * s2[a] * r[col * 3 + a];
                }
                out[row * 3 + col] = v;
            }
        }
    }

    /** JSON object of the fields. */
    public String toJson() {
        return String.format(java.util.Locale.ROOT,
                "{\"position_rms\": %.6g, \"position_max\": %.6g, \"position_p99_over_scale\": %.4g, "
                        + "\"covariance_rel_mean\": %.4g, \"covariance_rel_p99\": %.4g, \"opacity_rms\": %.4g, "
                        + "\"opacity_max\": %.4g, \"dc_color_rms\": %.4g, \"sh_rest_color_rms\": %.4g}",
                positionRms, positionMax, positionP99OverScale, covarianceMean, covarianceP99, opacityRms, opacityMax,
                dcRms, shRestRms);
    }
}
