package org.splatforge.compress.quant;

import org.splatforge.compress.order.SpaceFillingCurve;

/**
 * The uniform grid positions are quantized on: origin (the bounds' minimum corner), a
 * cubic cell size {@code step} (world units) and {@code bits} per axis (at most 21, so a
 * cell index fits a 63-bit curve key). Cell centres are {@code origin + q * step}; the
 * largest error per axis is {@code step / 2}.
 *
 * <p>The step comes from a target precision relative to the scene size ({@link #fit}); the
 * grid then spans the full bounds, so far outliers cost more bits but never break the grid.
 * Only when the bounds need more than 2^21 cells per axis does the step grow to fit.
 */
public record PositionGrid(double originX, double originY, double originZ, double step, int bits,
                           SpaceFillingCurve curve) {

    public PositionGrid {
        if (!(step > 0) || !Double.isFinite(step) || bits < 0 || bits > SpaceFillingCurve.MAX_BITS) {
            throw new IllegalArgumentException("bad grid: step " + step + ", bits " + bits);
        }
    }

    /**
     * A grid over {@code means[0..n*3)} whose step is {@code relStep * sceneSize}, where
     * sceneSize is twice the robust radius {@code extent}.
     */
    public static PositionGrid fit(float[] means, int n, double extent, double relStep, SpaceFillingCurve curve) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], means[i * 3 + a]);
                hi[a] = Math.max(hi[a], means[i * 3 + a]);
            }
        }
        if (n == 0) {
            lo[0] = lo[1] = lo[2] = 0;
            hi[0] = hi[1] = hi[2] = 0;
        }
        double span = Math.max(hi[0] - lo[0], Math.max(hi[1] - lo[1], hi[2] - lo[2]));
        double step = Math.max(relStep * 2 * extent, Math.ulp((float) Math.max(1, maxAbs(lo, hi))) * 4);
        long cells = (long) Math.ceil(span / step) + 1;
        int maxCells = 1 << SpaceFillingCurve.MAX_BITS;
        if (cells > maxCells) {
            step = span / (maxCells - 1) * (1 + 1e-12);
            cells = maxCells;
        }
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(0, cells - 1));
        return new PositionGrid(lo[0], lo[1], lo[2], step, bits, curve);
    }

    private static double maxAbs(double[] lo, double[] hi) {
        double m = 0;
        for (int a = 0; a < 3; a++) {
            m = Math.max(m, Math.max(Math.abs(lo[a]), Math.abs(hi[a])));
        }
        return m;
    }

    public double origin(int axis) {
        return axis == 0 ? originX : axis == 1 ? originY : originZ;
    }

    /** Cell index of coordinate {@code x} on {@code axis}, clamped to the grid. */
    public int quantize(double x, int axis) {
        long q = (long) StrictMath.rint((x - origin(axis)) / step);
        long max = (1L << bits) - 1;
        return (int) Math.max(0, Math.min(max, q));
    }

    /** Cell centre of index {@code q} on {@code axis}. */
    public float dequantize(int q, int axis) {
        return (float) (origin(axis) + q * step);
    }
}
