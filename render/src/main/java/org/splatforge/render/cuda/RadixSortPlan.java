package org.splatforge.render.cuda;

/**
 * Sizes of the device radix sort (radix_sort.cu) of {@code n} 64-bit keys: 8 passes of 8 bits;
 * each pass runs {@link #blocks} blocks over chunks of {@link #CHUNK} keys and needs
 * {@code 256 * blocks} digit counts (digit-major) scanned between histogram and scatter.
 */
public record RadixSortPlan(int n, int blocks, int counts, int passes) {

    /** Keys per block (radix_sort.cu: RADIX_THREADS * RADIX_ITEMS). */
    public static final int CHUNK = 2048;
    /** Threads per block (radix_sort.cu: RADIX_THREADS), one per digit. */
    public static final int THREADS = 256;
    public static final int DIGIT_BITS = 8;

    public static RadixSortPlan of(int n, int keyBits) {
        if (n < 0 || keyBits < 1 || keyBits > 64) {
            throw new IllegalArgumentException("radix sort of " + n + " keys of " + keyBits + " bits");
        }
        int blocks = Math.max(1, (n + CHUNK - 1) / CHUNK);
        long counts = 256L * blocks;
        if (counts > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many keys for one radix sort: " + n);
        }
        return new RadixSortPlan(n, blocks, (int) counts, (keyBits + DIGIT_BITS - 1) / DIGIT_BITS);
    }

    /** Bit shift of pass {@code p}'s digit. */
    public int shift(int p) {
        return p * DIGIT_BITS;
    }
}
