package org.splatforge.compress.prune;

import java.util.Arrays;
import org.splatforge.core.scene.GaussianCloud;

/**
 * LightGaussian's volume term (Fan et al., "LightGaussian", NeurIPS 2024, sec. 3.2): an
 * importance is multiplied by {@code (V_i / V_ref)^vPow}, where {@code V_i} is the product
 * of the activated scales and {@code V_ref} the volume found at 90% of the way down the
 * volumes sorted in decreasing order (LightGaussian's normalisation; in effect the 10th
 * percentile volume). The small power (0.1 by default) lets large Gaussians, which cover
 * many pixels, survive pruning without letting volume dominate.
 *
 * <p>Computed in the log domain ({@code log V = s0 + s1 + s2} for log-scales) with
 * {@link StrictMath}, so tiny volumes do not underflow and results are bit-reproducible;
 * log-scales are clamped to [-80, 80] and the factor to [e^-80, e^80] so that absurd but
 * finite inputs still give finite scores.
 */
public final class LightGaussianVolume {

    /** LightGaussian's default volume power. */
    public static final double DEFAULT_POWER = 0.1;

    private LightGaussianVolume() {
    }

    /**
     * @param importance per-Gaussian importance, {@code float[N]} (view-based: accumulated
     *                   opacity x transmittance; view-free: opacity)
     * @return {@code importance[i] * (V_i / V_ref)^vPow}, {@code float[N]}
     */
    public static float[] apply(float[] importance, GaussianCloud cloud, double vPow) {
        int n = cloud.size();
        if (importance.length < n) {
            throw new IllegalArgumentException("importance has " + importance.length + " entries for " + n + " Gaussians");
        }
        float[] ls = cloud.logScales();
        double[] logVol = new double[n];
        for (int i = 0; i < n; i++) {
            // Clamped so absurd (but finite) log-scales cannot overflow the score.
            logVol[i] = clamp(ls[i * 3]) + clamp(ls[i * 3 + 1]) + clamp(ls[i * 3 + 2]);
        }
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        double[] sorted = logVol.clone();
        Arrays.sort(sorted); // ascending; LightGaussian indexes the descending order at 0.9 N
        double ref = sorted[n - 1 - (int) (n * 0.9)];
        for (int i = 0; i < n; i++) {
            double f = StrictMath.exp(Math.max(-80, Math.min(80, vPow * (logVol[i] - ref))));
            out[i] = (float) (Math.max(0, importance[i]) * f);
        }
        return out;
    }

    private static double clamp(float logScale) {
        return Math.max(-80, Math.min(80, logScale));
    }
}
