package org.splatforge.compress.entropy;

/**
 * The logistic "squash" and its inverse "stretch" in fixed point, as used by logistic
 * context mixing (M. Mahoney, PAQ / lpaq1): probabilities are 12-bit ({@code [0, 4095]}),
 * the logistic domain is {@code [-2047, 2047]} in units of 1/256. Both tables are computed
 * once with {@link StrictMath}, so they are identical on every JVM.
 */
public final class Logistic {

    private static final int[] SQUASH = new int[4095];
    private static final short[] STRETCH = new short[4096];

    static {
        for (int d = -2047; d <= 2047; d++) {
            double v = 4096.0 / (1.0 + StrictMath.exp(-d / 256.0));
            SQUASH[d + 2047] = (int) Math.max(1, Math.min(4095, StrictMath.round(v)));
        }
        int pi = 0;
        for (int x = -2047; x <= 2047; x++) {
            int v = SQUASH[x + 2047];
            for (int i = pi; i <= v; i++) {
                STRETCH[i] = (short) x;
            }
            pi = v + 1;
        }
        for (int i = pi; i < 4096; i++) {
            STRETCH[i] = 2047;
        }
    }

    private Logistic() {
    }

    /** 4096 / (1 + e^(-d/256)) for d clamped to [-2047, 2047]; result in [1, 4095]. */
    public static int squash(int d) {
        if (d > 2047) {
            d = 2047;
        } else if (d < -2047) {
            d = -2047;
        }
        return SQUASH[d + 2047];
    }

    /** Inverse of {@link #squash}: 256 * ln(p / (4096 - p)) for a 12-bit p, in [-2047, 2047]. */
    public static int stretch(int p12) {
        return STRETCH[p12];
    }
}
