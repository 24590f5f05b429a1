package org.splatforge.core.scene;

import java.util.SplittableRandom;

/**
 * Seeded random clouds for benchmarks and tests: every attribute varied, values within
 * what every file format can represent (positions in [-8, 8], log-scales in [-7, -1],
 * opacity logits in [-6, 6], DC in [-1.5, 1.5], higher SH in [-0.5, 0.5], unnormalised
 * quaternions). Uniform draws keep a million-Gaussian cloud quick to make.
 */
public final class SyntheticClouds {

    private SyntheticClouds() {
    }

    /** {@code count} random Gaussians of SH degree {@code degree}, the same for the same seed. */
    public static GaussianCloud random(int count, int degree, long seed) {
        GaussianCloud c = new GaussianCloud(count, degree);
        c.setSize(count);
        SplittableRandom r = new SplittableRandom(seed);
        float[] m = c.means(), s = c.logScales(), q = c.quats(), o = c.opacityLogits(), sh = c.sh();
        int k = c.shCoeffs();
        for (int i = 0; i < count; i++) {
            for (int a = 0; a < 3; a++) {
                m[i * 3 + a] = (float) r.nextDouble(-8, 8);
                s[i * 3 + a] = (float) r.nextDouble(-7, -1);
            }
            for (int a = 0; a < 4; a++) {
                q[i * 4 + a] = (float) r.nextDouble(-1, 1);
            }
            o[i] = (float) r.nextDouble(-6, 6);
            for (int j = 0; j < k * 3; j++) {
                sh[i * k * 3 + j] = (float) (j < 3 ? r.nextDouble(-1.5, 1.5) : r.nextDouble(-0.5, 0.5));
            }
        }
        return c;
    }
}
