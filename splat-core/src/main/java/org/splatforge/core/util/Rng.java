package org.splatforge.core.util;

/**
 * The trainer's random numbers: SplitMix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014), chosen because its whole state is one
 * {@code long} that a checkpoint can store, so a resumed run draws exactly the numbers an
 * uninterrupted one would.
 *
 * <p>The static {@code hash*} methods are counter-based: the value for a key depends on
 * nothing else, so a parallel loop can draw per-element noise (keyed by iteration and
 * index) and get the same bits for every thread count and partition.
 */
public final class Rng {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The whole generator state (for checkpoints). */
    public long state() {
        return state;
    }

    /** Restores a state from {@link #state()}. */
    public void setState(long s) {
        state = s;
    }

    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), unbiased (Lemire's multiply-shift with rejection). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal (Box-Muller; one value per call so the state stays a single long). */
    public double nextGaussian() {
        return gaussianFrom(nextLong(), nextLong());
    }

    /** Fisher-Yates shuffle of {@code a[0..n)}. */
    public void shuffle(int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** SplitMix64's output function: a bijective avalanche of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit hash of (seed, a, b): independent streams for counters. */
    public static long hash(long seed, long a, long b) {
        return mix(mix(mix(seed + GOLDEN) + a * GOLDEN) ^ (b + 0x632BE59BD9B4E019L));
    }

    /** Standard normal determined by the key alone (counter-based). */
    public static double hashGaussian(long seed, long a, long b) {
        long h = hash(seed, a, b);
        return gaussianFrom(h, mix(h + GOLDEN));
    }

    private static double gaussianFrom(long r1, long r2) {
        double u1 = ((r1 >>> 11) + 1) * 0x1.0p-53; // (0, 1]: log is finite
        double u2 = (r2 >>> 11) * 0x1.0p-53;
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
