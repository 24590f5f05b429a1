package org.splatforge.render.raster;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comparisons shared by the rasterizer suites, each stated as "at most {@code allowed}
 * elements may be off by more than the tolerance, and none by more than the cap".
 */
public final class RasterAsserts {

    private RasterAsserts() {
    }

    /** Largest absolute value of {@code a[0..n)}. */
    static double maxAbs(double[] a, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }

    static double[] widen(float[] a, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static double[] widen(int[] a, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /**
     * Per-element check {@code |actual - expected| <= atol + rtol |expected|} over the elements
     * whose group ({@code i / groupSize}) is selected (null: all). At most {@code allowed} groups
     * may fail it, and every element must stay within {@code cap}.
     *
     * @return the number of failing groups
     */
    static int assertClose(String what, double[] actual, double[] expected, int n, int groupSize, boolean[] select,
                           double atol, double rtol, int allowed, double cap) {
        int groups = n / groupSize, bad = 0;
        double worst = 0;
        int worstAt = -1;
        for (int g = 0; g < groups; g++) {
            if (select != null && !select[g]) {
                continue;
            }
            boolean fail = false;
            for (int j = g * groupSize; j < (g + 1) * groupSize; j++) {
                double err = Math.abs(actual[j] - expected[j]);
                if (!(err <= atol + rtol * Math.abs(expected[j]))) {
                    fail = true;
                }
                if (!(err <= cap)) {
                    throw new AssertionError(String.format("%s[%d]: %.9g vs expected %.9g, error %.3g above the cap %.3g",
                            what, j, actual[j], expected[j], err, cap));
                }
                double rel = err / (atol + rtol * Math.abs(expected[j]));
                if (rel > worst) {
                    worst = rel;
                    worstAt = j;
                }
            }
            if (fail) {
                bad++;
            }
        }
        final int b = bad;
        final int w = worstAt;
        final double ws = worst;
        assertTrue(bad <= allowed, () -> String.format("%s: %d of %d groups outside atol %.3g + rtol %.3g (allowed %d);"
                        + " worst [%d] %.9g vs %.9g (%.2fx the tolerance)", what, b, groups, atol, rtol, allowed, w,
                actual[w], expected[w], ws));
        return bad;
    }
}
