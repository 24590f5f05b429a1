package org.splatforge.core.scene;

/**
 * Real spherical harmonics up to degree 3, in the basis and sign convention of the 3DGS
 * reference implementation (Kerbl et al. 2023, {@code computeColorFromSH}) and gsplat, so
 * that PLY files trained elsewhere render the same colours here.
 *
 * <p>Coefficients follow {@link GaussianCloud}'s layout: per Gaussian, {@code K = (d+1)^2}
 * coefficients, coefficient-major then RGB ({@code sh[(i*K + k)*3 + c]}); coefficient 0 is
 * the DC band. A direction is a unit vector in world space (the rasterizer uses
 * {@code normalize(mean - cameraCentre)}). Colours returned here are the raw SH sum; the
 * rasterizer adds 0.5 and clamps at 0 (DESIGN.md "Rasterization conventions").
 *
 * <p>The basis is evaluated in double precision: it runs once per Gaussian per view, which is
 * cheap next to blending, and gives the reference and fast rasterizers the same colours.
 */
public final class SphericalHarmonics {

    /** Largest supported degree. */
    public static final int MAX_DEGREE = 3;
    /** Number of basis functions at {@link #MAX_DEGREE}. */
    public static final int MAX_COEFFS = 16;

    static final double C0 = 0.28209479177387814;
    static final double C1 = 0.4886025119029199;
    static final double C2_0 = 1.0925484305920792;
    static final double C2_1 = -1.0925484305920792;
    static final double C2_2 = 0.31539156525252005;
    static final double C2_3 = -1.0925484305920792;
    static final double C2_4 = 0.5462742152960396;
    static final double C3_0 = -0.5900435899266435;
    static final double C3_1 = 2.890611442640554;
    static final double C3_2 = -0.4570457994644658;
    static final double C3_3 = 0.3731763325901154;
    static final double C3_4 = -0.4570457994644658;
    static final double C3_5 = 1.445305721320277;
    static final double C3_6 = -0.5900435899266435;

    private SphericalHarmonics() {
    }

    /** Basis functions per channel for a degree: (d+1)^2. */
    public static int coeffs(int degree) {
        checkDegree(degree);
        return (degree + 1) * (degree + 1);
    }

    /** The DC coefficient that gives colour {@code rgb} after the rasterizer's +0.5: (rgb - 0.5) / C0. */
    public static float rgbToDc(float rgb) {
        return (float) ((rgb - 0.5) / C0);
    }

    /** Inverse of {@link #rgbToDc}: C0 * dc + 0.5. */
    public static float dcToRgb(float dc) {
        return (float) (C0 * dc + 0.5);
    }

    /**
     * Writes the {@code (degree+1)^2} basis values at unit direction (x, y, z) into
     * {@code out[off ..]}.
     */
    public static void basis(int degree, double x, double y, double z, double[] out, int off) {
        checkDegree(degree);
        out[off] = C0;
        if (degree < 1) {
            return;
        }
        out[off + 1] = -C1 * y;
        out[off + 2] = C1 * z;
        out[off + 3] = -C1 * x;
        if (degree < 2) {
            return;
        }
        double xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        out[off + 4] = C2_0 * xy;
        out[off + 5] = C2_1 * yz;
        out[off + 6] = C2_2 * (2 * zz - xx - yy);
        out[off + 7] = C2_3 * xz;
        out[off + 8] = C2_4 * (xx - yy);
        if (degree < 3) {
            return;
        }
        out[off + 9] = C3_0 * y * (3 * xx - yy);
        out[off + 10] = C3_1 * xy * z;
        out[off + 11] = C3_2 * y * (4 * zz - xx - yy);
        out[off + 12] = C3_3 * z * (2 * zz - 3 * xx - 3 * yy);
        out[off + 13] = C3_4 * x * (4 * zz - xx - yy);
        out[off + 14] = C3_5 * z * (xx - yy);
        out[off + 15] = C3_6 * x * (xx - 3 * yy);
    }

    /**
     * Writes the partial derivatives of each basis function with respect to the direction's
     * components, treated as independent variables (the caller chains through the
     * normalisation): {@code grad[off + 3k + a] = d basis_k / d dir_a}, a in {x, y, z}.
     */
    public static void basisGradient(int degree, double x, double y, double z, double[] grad, int off) {
        checkDegree(degree);
        int n = coeffs(degree) * 3;
        for (int i = 0; i < n; i++) {
            grad[off + i] = 0;
        }
        if (degree < 1) {
            return;
        }
        set(grad, off, 1, 0, -C1, 0);
        set(grad, off, 2, 0, 0, C1);
        set(grad, off, 3, -C1, 0, 0);
        if (degree < 2) {
            return;
        }
        double xx = x * x, yy = y * y, zz = z * z;
        set(grad, off, 4, C2_0 * y, C2_0 * x, 0);
        set(grad, off, 5, 0, C2_1 * z, C2_1 * y);
        set(grad, off, 6, -2 * C2_2 * x, -2 * C2_2 * y, 4 * C2_2 * z);
        set(grad, off, 7, C2_3 * z, 0, C2_3 * x);
        set(grad, off, 8, 2 * C2_4 * x, -2 * C2_4 * y, 0);
        if (degree < 3) {
            return;
        }
        set(grad, off, 9, 6 * C3_0 * x * y, C3_0 * (3 * xx - 3 * yy), 0);
        set(grad, off, 10, C3_1 * y * z, C3_1 * x * z, C3_1 * x * y);
        set(grad, off, 11, -2 * C3_2 * x * y, C3_2 * (4 * zz - xx - 3 * yy), 8 * C3_2 * y * z);
        set(grad, off, 12, -6 * C3_3 * x * z, -6 * C3_3 * y * z, C3_3 * (6 * zz - 3 * xx - 3 * yy));
        set(grad, off, 13, C3_4 * (4 * zz - 3 * xx - yy), -2 * C3_4 * x * y, 8 * C3_4 * x * z);
        set(grad, off, 14, 2 * C3_5 * x * z, -2 * C3_5 * y * z, C3_5 * (xx - yy));
        set(grad, off, 15, C3_6 * (3 * xx - 3 * yy), -6 * C3_6 * x * y, 0);
    }

    private static void set(double[] g, int off, int k, double gx, double gy, double gz) {
        g[off + 3 * k] = gx;
        g[off + 3 * k + 1] = gy;
        g[off + 3 * k + 2] = gz;
    }

    /**
     * Raw SH colour (no +0.5, no clamp) of one Gaussian along unit direction (x, y, z) using
     * the first {@code (degree+1)^2} coefficients per channel. (Float clouds: copy the
     * Gaussian's coefficients into a double scratch first, as the rasterizer does.)
     *
     * @param sh     coefficients, {@code [..][K][3]} with {@code K >= (degree+1)^2}
     * @param shOff  index of this Gaussian's first value, {@code i * K * 3}
     * @param basis  scratch of at least {@link #MAX_COEFFS} doubles
     * @param rgb    output, 3 doubles at {@code rgbOff}
     */
    public static void evaluate(int degree, double[] sh, int shOff, double x, double y, double z,
                                double[] basis, double[] rgb, int rgbOff) {
        basis(degree, x, y, z, basis, 0);
        int k = coeffs(degree);
        double r = 0, g = 0, b = 0;
        for (int j = 0; j < k; j++) {
            double w = basis[j];
            r += w * sh[shOff + 3 * j];
            g += w * sh[shOff + 3 * j + 1];
            b += w * sh[shOff + 3 * j + 2];
        }
        rgb[rgbOff] = r;
        rgb[rgbOff + 1] = g;
        rgb[rgbOff + 2] = b;
    }

    /**
     * Backward of {@link #evaluate}: given dL/d(raw colour) = (dr, dg, db), writes
     * dL/d(coefficients) into {@code dSh[dShOff ..]} (layout {@code [k][3]}, (degree+1)^2 * 3
     * values) and dL/d(direction), the direction's components treated as independent (the
     * caller chains through the normalisation), into {@code dDir[dDirOff..+3)}.
     *
     * @param scratch at least {@code 4 * MAX_COEFFS} doubles
     */
    public static void backward(int degree, double[] sh, int shOff, double x, double y, double z,
                                double dr, double dg, double db, double[] dSh, int dShOff,
                                double[] dDir, int dDirOff, double[] scratch) {
        int k = coeffs(degree);
        basis(degree, x, y, z, scratch, 0);
        basisGradient(degree, x, y, z, scratch, MAX_COEFFS);
        double gx = 0, gy = 0, gz = 0;
        for (int j = 0; j < k; j++) {
            double w = scratch[j];
            int o = shOff + 3 * j, d = dShOff + 3 * j;
            dSh[d] = w * dr;
            dSh[d + 1] = w * dg;
            dSh[d + 2] = w * db;
            double s = sh[o] * dr + sh[o + 1] * dg + sh[o + 2] * db;
            int q = MAX_COEFFS + 3 * j;
            gx += s * scratch[q];
            gy += s * scratch[q + 1];
            gz += s * scratch[q + 2];
        }
        dDir[dDirOff] = gx;
        dDir[dDirOff + 1] = gy;
        dDir[dDirOff + 2] = gz;
    }

    private static void checkDegree(int d) {
        if (d < 0 || d > MAX_DEGREE) {
            throw new IllegalArgumentException("SH degree must be 0.." + MAX_DEGREE + ", got " + d);
        }
    }
}
