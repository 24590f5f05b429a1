package org.splatforge.compress.prune;

import java.util.Arrays;

/**
 * Chooses which Gaussians to keep: the {@code fraction} with the lowest significance are
 * dropped (LightGaussian prunes by a percentile of its global significance). Ties are
 * broken by index, so the choice is deterministic.
 */
public final class Pruner {

    private Pruner() {
    }

    /**
     * @param score    significance, {@code float[n]}
     * @param fraction share to drop, in [0, 1)
     * @return keep flags, {@code boolean[n]}; exactly {@code n - floor(fraction * n)} are set
     */
    public static boolean[] keepMask(float[] score, int n, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("prune fraction must be in [0, 1), got " + fraction);
        }
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        int drop = (int) Math.floor(fraction * n);
        if (drop == 0) {
            return keep;
        }
        // Sort (score, index) pairs; encode both in a long so that equal scores order by index.
        long[] key = new long[n];
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits(Math.max(0f, score[i]) + 0f); // non-negative floats sort as ints
            key[i] = ((long) bits << 32) | i;
        }
        Arrays.sort(key);
        for (int r = 0; r < drop; r++) {
            keep[(int) key[r]] = false;
        }
        return keep;
    }
}
