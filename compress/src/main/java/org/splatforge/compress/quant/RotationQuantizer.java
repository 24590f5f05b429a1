package org.splatforge.compress.quant;

/**
 * Quantizes a canonical rotation (see {@link CanonicalFrame}) as a <em>normal</em> (the
 * thinnest axis, column 2) on a hemi-octahedral grid plus an <em>in-plane angle</em> of the
 * largest axis around it, with a step chosen per Gaussian from its (already decoded) scales.
 *
 * <p><b>Parameterisation.</b> Flipping the signs of two axes leaves the covariance
 * unchanged, so the normal {@code n} can be taken with {@code n_z >= 0} (flipping column 0
 * along with it) and the largest axis {@code t} only matters up to sign, i.e. its angle
 * {@code phi} in [0, pi). The normal's octahedral coordinates {@code (u, v) = (n_x, n_y) /
 * |n|_1} (Meyer et al., "On floating-point normal vectors", EGSR 2010) fill a diamond; the
 * 45-degree rotated coordinates {@code a = u + v, b = u - v} fill the square [-1, 1]^2,
 * which is quantized uniformly. The angle is measured in the tangent basis of Duff et al.,
 * "Building an orthonormal basis, revisited" (JCGT 2017) built from the <em>decoded</em>
 * normal, so encoder and decoder use the same basis. At equal angular precision this costs
 * the same as smallest-three quaternion coding with the same symmetry removed (both cover
 * SO(3) modulo the 4-element flip group, volume 2*pi^2), but it separates the two kinds of
 * error so that each can get its own step:
 *
 * <p><b>Adaptive steps.</b> A small rotation by {@code d} about a local axis moves the 1-sigma
 * ellipsoid boundary by about {@code d * s_i * (1 - (s_j/s_i)^2)}, where i, j are the two
 * axes it mixes. Tilting the normal mixes axis 2 with axes 0 and 1, so its sensitivity is
 * {@code s0 (1 - (s2/s0)^2)}; turning about the normal mixes axes 0 and 1:
 * {@code s0 (1 - (s1/s0)^2)} (a round disc does not care). The step for each is the finest
 * one ({@code 2^-BASE_LOG2} of the range) times the largest power of two that keeps the
 * displacement under the tolerance {@code tol} (world units; the codec ties it to the
 * position grid step), so large elongated Gaussians get fine steps and small or round ones
 * coarse steps, with no side information: the decoder recomputes the shifts from the
 * decoded scales.
 *
 * <p>All transcendental functions are {@link StrictMath}, so the decoded rotation is
 * bit-identical on every JVM.
 */
public final class RotationQuantizer {

    /** Finest grid: 2^12 levels across the normal's square and across [0, pi). */
    public static final int BASE_LOG2 = 12;
    /** Coarsest grid keeps 2^(BASE_LOG2 - MAX_SHIFT) = 4 levels. */
    public static final int MAX_SHIFT = BASE_LOG2 - 2;

    private final double tol;

    /** @param tol allowed boundary displacement in world units (> 0) */
    public RotationQuantizer(double tol) {
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw new IllegalArgumentException("rotation tolerance must be finite and > 0, got " + tol);
        }
        this.tol = tol;
    }

    public double tolerance() {
        return tol;
    }

    /** Level shift for the normal of a Gaussian with sorted log-scales s0 >= s1 >= s2. */
    public int normalShift(double s0, double s2) {
        return shift(StrictMath.exp(s0) * (1 - StrictMath.exp(2 * (s2 - s0))), 2.0 / (1 << BASE_LOG2));
    }

    /** Level shift for the in-plane angle. */
    public int angleShift(double s0, double s1) {
        return shift(StrictMath.exp(s0) * (1 - StrictMath.exp(2 * (s1 - s0))), StrictMath.PI / (1 << BASE_LOG2));
    }

    private int shift(double sensitivity, double step0) {
        double room = tol / (sensitivity * step0);
        if (!(room >= 2)) {
            return 0;
        }
        if (room >= (double) (1L << MAX_SHIFT)) {
            return MAX_SHIFT;
        }
        return 63 - Long.numberOfLeadingZeros((long) room);
    }

    /** Half-width of the normal grid at a shift: coordinates a, b are in [-h, h]. */
    public static int normalHalf(int shift) {
        return 1 << (BASE_LOG2 - 1 - shift);
    }

    /** Number of angle levels at a shift. */
    public static int angleLevels(int shift) {
        return 1 << (BASE_LOG2 - shift);
    }

    /**
     * Quantizes canonical rotation {@code rot} (row-major 3x3, columns = axes by decreasing
     * scale) into {@code out[oo..oo+3)} = (a, b, phi) at the given shifts.
     */
    public static void quantize(double[] rot, int ro, int normalShift, int angleShift, int[] out, int oo,
                                double[] scratch) {
        double nx = rot[ro + 2], ny = rot[ro + 5], nz = rot[ro + 8];
        double tx = rot[ro], ty = rot[ro + 3], tz = rot[ro + 6];
        if (nz < 0) {
            nx = -nx;
            ny = -ny;
            nz = -nz;
            tx = -tx;
            ty = -ty;
            tz = -tz;
        }
        double d = Math.abs(nx) + Math.abs(ny) + nz;
        double u = nx / d, v = ny / d;
        int h = normalHalf(normalShift);
        int qa = clamp((int) StrictMath.rint((u + v) * h), -h, h);
        int qb = clamp((int) StrictMath.rint((u - v) * h), -h, h);
        out[oo] = qa;
        out[oo + 1] = qb;
        normalFromGrid(qa, qb, normalShift, scratch, 0);
        basis(scratch, 0, scratch, 3);
        out[oo + 2] = quantizeAngle(tx, ty, tz, scratch, 3, angleShift);
    }

    /** Angle index of axis (tx, ty, tz) in the tangent basis at {@code basis[bo..bo+6)}. */
    public static int quantizeAngle(double tx, double ty, double tz, double[] basis, int bo, int angleShift) {
        double c = tx * basis[bo] + ty * basis[bo + 1] + tz * basis[bo + 2];
        double s = tx * basis[bo + 3] + ty * basis[bo + 4] + tz * basis[bo + 5];
        double phi = StrictMath.atan2(s, c);
        if (phi < 0) {
            phi += StrictMath.PI;
        }
        int levels = angleLevels(angleShift);
        long q = (long) StrictMath.rint(phi / StrictMath.PI * levels);
        return (int) Math.floorMod(q, (long) levels);
    }

    /** Decoded unit normal of grid cell (a, b) into {@code out[oo..oo+3)}. */
    public static void normalFromGrid(int qa, int qb, int normalShift, double[] out, int oo) {
        double h = normalHalf(normalShift);
        double a = qa / h, b = qb / h;
        double u = (a + b) * 0.5, v = (a - b) * 0.5;
        double w = 1 - Math.abs(u) - Math.abs(v);
        double n = StrictMath.sqrt(u * u + v * v + w * w);
        out[oo] = u / n;
        out[oo + 1] = v / n;
        out[oo + 2] = w / n;
    }

    /**
     * Tangent basis (b1, b2) of a unit normal with n_z >= 0 (Duff et al. 2017, sign = +1),
     * written as 6 doubles at {@code out[oo..oo+6)}.
     */
    public static void basis(double[] n, int no, double[] out, int oo) {
        double nx = n[no], ny = n[no + 1], nz = n[no + 2];
        double a = -1.0 / (1.0 + nz);
        double b = nx * ny * a;
        out[oo] = 1.0 + nx * nx * a;
        out[oo + 1] = b;
        out[oo + 2] = -nx;
        out[oo + 3] = b;
        out[oo + 4] = 1.0 + ny * ny * a;
        out[oo + 5] = -ny;
    }

    /**
     * Decoded rotation (row-major, columns t, n x t, n) of grid values (a, b, phi).
     * {@code scratch} needs 9 doubles.
     */
    public static void dequantize(int qa, int qb, int qphi, int normalShift, int angleShift, double[] out, int oo,
                                  double[] scratch) {
        normalFromGrid(qa, qb, normalShift, scratch, 0);
        basis(scratch, 0, scratch, 3);
        double phi = qphi * StrictMath.PI / angleLevels(angleShift);
        double c = StrictMath.cos(phi), s = StrictMath.sin(phi);
        double tx = c * scratch[3] + s * scratch[6];
        double ty = c * scratch[4] + s * scratch[7];
        double tz = c * scratch[5] + s * scratch[8];
        double nx = scratch[0], ny = scratch[1], nz = scratch[2];
        double ux = ny * tz - nz * ty, uy = nz * tx - nx * tz, uz = nx * ty - ny * tx;
        out[oo] = tx;
        out[oo + 1] = ux;
        out[oo + 2] = nx;
        out[oo + 3] = ty;
        out[oo + 4] = uy;
        out[oo + 5] = ny;
        out[oo + 6] = tz;
        out[oo + 7] = uz;
        out[oo + 8] = nz;
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }
}
