package org.splatforge.compress.order;

/**
 * Sorts keys ascending with a stable LSD radix sort (8 bits a pass, passes whose byte is
 * the same for every key are skipped). Stability makes ties keep their input order, so
 * the result is a deterministic function of the keys alone.
 */
public final class SpatialSort {

    private SpatialSort() {
    }

    /**
     * The permutation that sorts {@code keys[0..n)} ascending (ties by index): slot j of
     * the result holds the index of the j-th smallest key. Keys must be non-negative.
     */
    public static int[] order(long[] keys, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        long or = 0, and = -1;
        for (int i = 0; i < n; i++) {
            or |= keys[i];
            and &= keys[i];
        }
        int[] tmp = new int[n];
        int[] count = new int[257];
        for (int shift = 0; shift < 64; shift += 8) {
            if ((((or ^ and) >>> shift) & 0xFF) == 0) {
                continue; // every key has the same byte here
            }
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) ((keys[idx[i]] >>> shift) & 0xFF) + 1]++;
            }
            for (int b = 0; b < 256; b++) {
                count[b + 1] += count[b];
            }
            for (int i = 0; i < n; i++) {
                tmp[count[(int) ((keys[idx[i]] >>> shift) & 0xFF)]++] = idx[i];
            }
            int[] s = idx;
            idx = tmp;
            tmp = s;
        }
        return idx;
    }
}
