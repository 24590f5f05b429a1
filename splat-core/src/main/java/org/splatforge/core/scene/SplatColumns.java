package org.splatforge.core.scene;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named columns of a Gaussian cloud in the INRIA 3DGS PLY order (without the unused
 * normals): {@code x y z f_dc_0..2 f_rest_0..(3(K-1)-1) opacity scale_0..2 rot_0..3}.
 * {@code f_rest} is channel-major as in the PLY: all red higher-band coefficients, then
 * green, then blue. Format codecs, statistics and error messages all name attributes
 * through this one list so the names agree everywhere.
 */
public final class SplatColumns {

    private static final Map<Integer, List<SplatColumn>> CACHE = new ConcurrentHashMap<>();

    private SplatColumns() {
    }

    /** The columns for SH degree {@code degree} (0..3), in INRIA PLY order. */
    public static List<SplatColumn> forDegree(int degree) {
        if (degree < 0 || degree > 3) {
            throw new IllegalArgumentException("SH degree must be 0..3, got " + degree);
        }
        return CACHE.computeIfAbsent(degree, SplatColumns::build);
    }

    private static List<SplatColumn> build(int degree) {
        int k = GaussianCloud.coeffs(degree);
        List<SplatColumn> cols = new ArrayList<>();
        String[] xyz = {"x", "y", "z"};
        for (int a = 0; a < 3; a++) {
            cols.add(new SplatColumn(xyz[a], SplatColumn.Field.MEANS, a, 3));
        }
        for (int c = 0; c < 3; c++) {
            cols.add(new SplatColumn("f_dc_" + c, SplatColumn.Field.SH, c, k * 3));
        }
        for (int j = 0; j < 3 * (k - 1); j++) {
            cols.add(new SplatColumn("f_rest_" + j, SplatColumn.Field.SH, shRestSlot(j, k), k * 3));
        }
        cols.add(new SplatColumn("opacity", SplatColumn.Field.OPACITY, 0, 1));
        for (int a = 0; a < 3; a++) {
            cols.add(new SplatColumn("scale_" + a, SplatColumn.Field.LOG_SCALES, a, 3));
        }
        for (int a = 0; a < 4; a++) {
            cols.add(new SplatColumn("rot_" + a, SplatColumn.Field.QUATS, a, 4));
        }
        return Collections.unmodifiableList(cols);
    }

    /**
     * Slot of PLY {@code f_rest_j} inside one Gaussian's coefficient-major SH block of
     * {@code k} coefficients: j = c*(k-1) + (m-1) is channel c, coefficient m = 1..k-1,
     * stored at {@code m*3 + c}.
     */
    public static int shRestSlot(int j, int k) {
        int c = j / (k - 1);
        int m = j % (k - 1) + 1;
        return m * 3 + c;
    }

    /** SH degree whose {@code f_rest} count is {@code restCount} (0, 9, 24, 45), or -1. */
    public static int degreeForRestCount(int restCount) {
        for (int d = 0; d <= 3; d++) {
            if (3 * (GaussianCloud.coeffs(d) - 1) == restCount) {
                return d;
            }
        }
        return -1;
    }

    /** The column that holds flat index {@code index} of {@code field}'s array in a cloud of degree {@code degree}. */
    public static SplatColumn columnAt(int degree, SplatColumn.Field field, int index) {
        for (SplatColumn c : forDegree(degree)) {
            if (c.field() == field && index % c.stride() == c.base()) {
                return c;
            }
        }
        throw new IllegalArgumentException("no column for " + field + "[" + index + "]");
    }
}
