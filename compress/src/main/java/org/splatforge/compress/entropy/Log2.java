package org.splatforge.compress.entropy;

/**
 * Integer-only log2 helpers for rate estimates. {@code costQ8(f, t)} = -log2(f/t) in units
 * of 1/256 bit, from a 4096-entry table built with {@link StrictMath} (bit-reproducible
 * on every platform), so encoder decisions that use it are deterministic everywhere.
 */
public final class Log2 {

    /** log2(i / 4096) * -256 for i in [1, 4096], i.e. cost of probability i/4096. */
    private static final int[] COST = new int[4097];

    static {
        for (int i = 1; i <= 4096; i++) {
            COST[i] = (int) StrictMath.round(-256.0 * StrictMath.log(i / 4096.0) / StrictMath.log(2));
        }
        COST[0] = COST[1] + 256;
    }

    private Log2() {
    }

    /** Cost in 1/256 bits of an event of probability {@code f / t} (0 < f <= t). */
    public static int costQ8(int f, int t) {
        int q = (int) (((long) f << 12) / t);
        return COST[Math.max(1, Math.min(4096, q))];
    }

    /** Cost in 1/256 bits of a bit whose 16-bit probability is {@code p16}. */
    public static int bitCostQ8(int p16) {
        return COST[Math.max(1, Math.min(4096, p16 >>> 4))];
    }

    /** Number of bits needed to write {@code v >= 0}: 0 for 0, else floor(log2 v) + 1. */
    public static int bitLength(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }
}
