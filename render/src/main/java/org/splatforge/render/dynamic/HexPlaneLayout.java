package org.splatforge.render.dynamic;

/**
 * Where each plane of a multi-resolution HexPlane lives in one flat {@code float[]}.
 *
 * <p>Planes per scale, in this order (axes 0..3 = x, y, z, t): xy, xz, yz, xt, yt, zt
 * (K-Planes, Fridovich-Keil et al. 2023; 4DGaussians' HexPlane). Plane (s, p) spans axes
 * {@code A[p]} (columns) and {@code B[p]} (rows); it holds {@code float[resB][resA][F]},
 * feature channels innermost, starting at {@link #offset(int, int)}. Planes of scale s
 * follow those of scale s-1.
 */
public final class HexPlaneLayout {

    /** Column axis of each plane. */
    static final int[] A = {0, 0, 1, 0, 1, 2};
    /** Row axis of each plane. */
    static final int[] B = {1, 2, 2, 3, 3, 3};
    /** Planes per scale. */
    public static final int PLANES = 6;

    private final FieldConfig cfg;
    private final int[] offset;
    private final int[] resA;
    private final int[] resB;
    private final int size;

    public HexPlaneLayout(FieldConfig cfg) {
        this.cfg = cfg;
        int n = cfg.scales() * PLANES;
        offset = new int[n];
        resA = new int[n];
        resB = new int[n];
        int off = 0;
        for (int s = 0; s < cfg.scales(); s++) {
            for (int p = 0; p < PLANES; p++) {
                int k = s * PLANES + p;
                resA[k] = axisRes(s, A[p]);
                resB[k] = axisRes(s, B[p]);
                offset[k] = off;
                off = Math.addExact(off, resA[k] * resB[k] * cfg.features());
            }
        }
        size = off;
    }

    /** Cells along {@code axis} (0..2 spatial, 3 time) at scale {@code s}. */
    public int axisRes(int s, int axis) {
        return axis == 3 ? cfg.timeRes() : cfg.res(s);
    }

    public FieldConfig config() {
        return cfg;
    }

    /** Total floats of all planes. */
    public int size() {
        return size;
    }

    public int offset(int s, int p) {
        return offset[s * PLANES + p];
    }

    public int resA(int s, int p) {
        return resA[s * PLANES + p];
    }

    public int resB(int s, int p) {
        return resB[s * PLANES + p];
    }

    /** True for the planes that involve time (xt, yt, zt). */
    public static boolean isTimePlane(int p) {
        return B[p] == 3;
    }

    public static int axisA(int p) {
        return A[p];
    }

    public static int axisB(int p) {
        return B[p];
    }
}
