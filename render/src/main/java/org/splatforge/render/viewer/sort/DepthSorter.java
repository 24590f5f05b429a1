package org.splatforge.render.viewer.sort;

/**
 * Sorts Gaussians by view-space depth for compositing, the order the rasterization
 * contract blends in (DESIGN.md: ascending depth, ties by index), with an LSD radix sort.
 *
 * <p>Depth is {@code z = viewmat[2][0..2] . mean + viewmat[2][3]} in float; Gaussians with
 * {@code z <= 0.01} (the rasterizer's near cull) or a NaN depth are left out. For positive
 * floats the IEEE bit pattern is monotone in the value, so the 31 low bits of
 * {@link Float#floatToRawIntBits} are the key; three stable passes of 11, 11 and 9 bits
 * (Knuth TAOCP vol. 3, 5.2.5) sort them, and stability plus an index-ordered start gives
 * "ties by index". A pass whose digit is the same for every key is skipped.
 *
 * <p>Not thread-safe: one sorter per thread. Scratch arrays grow with the largest input
 * and are reused, so steady-state sorting allocates nothing. {@link ReferenceDepthSort} is
 * the plain twin the tests compare with.
 */
public final class DepthSorter {

    /** The rasterizer's near plane: Gaussians at or in front of it are culled. */
    public static final float NEAR = 0.01f;

    private static final int[] SHIFTS = {0, 11, 22};
    private static final int[] BITS = {11, 11, 9};

    private int[] keys = new int[0];
    private int[] keysTmp = new int[0];
    private int[] idxTmp = new int[0];
    private final int[] hist = new int[1 << 11];

    /**
     * Writes the indices of the visible Gaussians in ascending depth into
     * {@code order[0..count)} and returns count.
     *
     * @param means   {@code float[n*3]}, world
     * @param n       Gaussian count
     * @param viewmat world-to-camera 4x4 row-major (OpenCV axes), 16 values
     * @param order   output, length at least n
     */
    public int sort(float[] means, int n, double[] viewmat, int[] order) {
        if (order.length < n) {
            throw new IllegalArgumentException("order holds " + order.length + " entries, need " + n);
        }
        ensure(n);
        float r0 = (float) viewmat[8], r1 = (float) viewmat[9], r2 = (float) viewmat[10], tz = (float) viewmat[11];
        int count = 0;
        for (int i = 0; i < n; i++) {
            float z = depth(means, i, r0, r1, r2, tz);
            if (z > NEAR) { // false for NaN too
                keys[count] = Float.floatToRawIntBits(z);
                order[count] = i;
                count++;
            }
        }
        int[] kSrc = keys, kDst = keysTmp, iSrc = order, iDst = idxTmp;
        for (int p = 0; p < SHIFTS.length; p++) {
            int shift = SHIFTS[p], mask = (1 << BITS[p]) - 1, buckets = 1 << BITS[p];
            java.util.Arrays.fill(hist, 0, buckets, 0);
            for (int i = 0; i < count; i++) {
                hist[(kSrc[i] >>> shift) & mask]++;
            }
            if (count == 0 || hist[(kSrc[0] >>> shift) & mask] == count) {
                continue; // every key has this digit: the pass would not move anything
            }
            int sum = 0;
            for (int b = 0; b < buckets; b++) {
                int h = hist[b];
                hist[b] = sum;
                sum += h;
            }
            for (int i = 0; i < count; i++) {
                int k = kSrc[i];
                int dst = hist[(k >>> shift) & mask]++;
                kDst[dst] = k;
                iDst[dst] = iSrc[i];
            }
            int[] t = kSrc;
            kSrc = kDst;
            kDst = t;
            t = iSrc;
            iSrc = iDst;
            iDst = t;
        }
        if (iSrc != order) {
            System.arraycopy(iSrc, 0, order, 0, count);
        }
        return count;
    }

    /** View-space depth of Gaussian i, in float as the sort uses it. */
    static float depth(float[] means, int i, float r0, float r1, float r2, float tz) {
        return r0 * means[i * 3] + r1 * means[i * 3 + 1] + r2 * means[i * 3 + 2] + tz;
    }

    private void ensure(int n) {
        if (keys.length < n) {
            keys = new int[n];
            keysTmp = new int[n];
            idxTmp = new int[n];
        }
    }
}
