package org.splatforge.render.dynamic;

/**
 * The HexPlane regularisers of K-Planes and 4DGaussians, with their gradients. Monocular
 * video sees each time once and from one pose, so a field left free over-fits the training
 * frames (train PSNR 3 dB above test on tabletop-dynamic); these terms make it smooth:
 *
 * <ul>
 *   <li>{@code space}: on the spatial planes (xy, xz, yz), the mean squared second difference
 *       along the plane's row axis;</li>
 *   <li>{@code time}: the same on the time planes (xt, yt, zt), whose rows are time, so motion
 *       is smooth in time;</li>
 *   <li>{@code l1}: on the time planes, the mean of {@code |1 - v|}: time planes start at 1
 *       (features are multiplied across planes), so this keeps static content static.</li>
 * </ul>
 *
 * Each term is a mean over one plane's entries, summed over planes and scales, times its weight.
 */
public final class PlaneSmoothness {

    private PlaneSmoothness() {
    }

    /**
     * Adds the gradient of the weighted regularisers at {@code planes} to {@code grad} (both
     * {@code float[layout.size()]}) and returns the loss. Single-threaded and in a fixed order,
     * so it is deterministic; it costs O(planes) per call (about 0.1 M floats by default).
     *
     * @param space weight of the spatial second-difference term (4DGaussians plane_tv_weight)
     * @param time  weight of the temporal second-difference term (time_smoothness_weight)
     * @param l1    weight of the time planes' distance from 1 (l1_time_planes)
     */
    public static double addGradient(HexPlaneLayout layout, float[] planes, float[] grad, float space, float time, float l1) {
        double loss = 0;
        int f = layout.config().features();
        for (int s = 0; s < layout.config().scales(); s++) {
            for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                boolean timePlane = HexPlaneLayout.isTimePlane(p);
                int off = layout.offset(s, p), ra = layout.resA(s, p), rb = layout.resB(s, p);
                float w = timePlane ? time : space;
                if (w != 0 && rb >= 3) {
                    loss += secondDifference(planes, grad, off, ra * f, rb, w);
                }
                if (timePlane && l1 != 0) {
                    loss += distanceFromOne(planes, grad, off, ra * rb * f, l1);
                }
            }
        }
        return loss;
    }

    /** {@code w * mean((v[r+2] - 2 v[r+1] + v[r])^2)} over rows r of a plane with {@code rowLen} floats per row. */
    private static double secondDifference(float[] v, float[] g, int off, int rowLen, int rows, float w) {
        int count = (rows - 2) * rowLen;
        double sum = 0, k = 2.0 * w / count;
        for (int r = 0; r + 2 < rows; r++) {
            int a = off + r * rowLen, b = a + rowLen, c = b + rowLen;
            for (int j = 0; j < rowLen; j++) {
                double d = (double) v[c + j] - 2.0 * v[b + j] + v[a + j];
                sum += d * d;
                float gd = (float) (k * d);
                g[a + j] += gd;
                g[b + j] -= 2 * gd;
                g[c + j] += gd;
            }
        }
        return w * sum / count;
    }

    /** {@code w * mean|1 - v|} over {@code n} floats from {@code off}; the subgradient at 1 is 0. */
    private static double distanceFromOne(float[] v, float[] g, int off, int n, float w) {
        double sum = 0;
        float k = w / n;
        for (int j = off; j < off + n; j++) {
            float d = v[j] - 1f;
            sum += Math.abs(d);
            g[j] += Math.signum(d) * k;
        }
        return w * sum / n;
    }
}
