package org.splatforge.compress.order;

/**
 * Space-filling curves over a 3D integer grid of up to 21 bits per axis, mapping
 * {@code (x, y, z)} to a 63-bit key and back. Sorting Gaussians by key puts spatial
 * neighbours next to each other, so deltas between consecutive positions are small and
 * the previous Gaussians are good context for the next one's attributes.
 *
 * <ul>
 *   <li>{@link #MORTON}: bit interleaving (Z-order), x in the most significant bit of
 *       each triple.</li>
 *   <li>{@link #HILBERT}: the Hilbert curve via J. Skilling's transpose algorithm
 *       ("Programming the Hilbert curve", AIP Conf. Proc. 707, 2004): consecutive cells
 *       are always face neighbours, which Morton order does not guarantee.</li>
 * </ul>
 * The numeric ids are stored in archives; never renumber them.
 */
public enum SpaceFillingCurve {
    MORTON(0),
    HILBERT(1);

    /** Largest bits per axis (3 * 21 = 63 bits of key). */
    public static final int MAX_BITS = 21;

    private final int id;

    SpaceFillingCurve(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public static SpaceFillingCurve fromId(int id) {
        for (SpaceFillingCurve c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown curve id " + id);
    }

    /** Key of cell {@code (x, y, z)}, each in {@code [0, 2^bits)}. */
    public long key(int x, int y, int z, int bits) {
        if (this == MORTON) {
            return Morton.encode(x, y, z);
        }
        int[] t = {x, y, z};
        axesToTranspose(t, bits);
        return Morton.encode(t[0], t[1], t[2]);
    }

    /** Inverse of {@link #key}: writes x, y, z into {@code out[0..3)}. */
    public void coords(long key, int bits, int[] out) {
        out[0] = Morton.compact(key >>> 2);
        out[1] = Morton.compact(key >>> 1);
        out[2] = Morton.compact(key);
        if (this == HILBERT) {
            transposeToAxes(out, bits);
        }
    }

    // Skilling's in-place transforms between axes and the "transposed" Hilbert index,
    // whose bits, interleaved x-first from the most significant end, are the index.
    private static void axesToTranspose(int[] x, int bits) {
        if (bits == 0) {
            return;
        }
        int m = 1 << (bits - 1);
        for (int q = m; q > 1; q >>>= 1) {
            int p = q - 1;
            for (int i = 0; i < 3; i++) {
                if ((x[i] & q) != 0) {
                    x[0] ^= p;
                } else {
                    int t = (x[0] ^ x[i]) & p;
                    x[0] ^= t;
                    x[i] ^= t;
                }
            }
        }
        for (int i = 1; i < 3; i++) {
            x[i] ^= x[i - 1];
        }
        int t = 0;
        for (int q = m; q > 1; q >>>= 1) {
            if ((x[2] & q) != 0) {
                t ^= q - 1;
            }
        }
        for (int i = 0; i < 3; i++) {
            x[i] ^= t;
        }
    }

    private static void transposeToAxes(int[] x, int bits) {
        if (bits == 0) {
            return;
        }
        int n = 2 << (bits - 1);
        int t = x[2] >>> 1;
        for (int i = 2; i > 0; i--) {
            x[i] ^= x[i - 1];
        }
        x[0] ^= t;
        for (int q = 2; q != n; q <<= 1) {
            int p = q - 1;
            for (int i = 2; i >= 0; i--) {
                if ((x[i] & q) != 0) {
                    x[0] ^= p;
                } else {
                    int s = (x[0] ^ x[i]) & p;
                    x[0] ^= s;
                    x[i] ^= s;
                }
            }
        }
    }
}
