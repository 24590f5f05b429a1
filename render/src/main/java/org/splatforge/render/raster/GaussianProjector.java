package org.splatforge.render.raster;

import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SphericalHarmonics;

/**
 * Projects one Gaussian at a time into a camera, and back-propagates through that
 * projection: the per-Gaussian half of the rasterizer, shared by every CPU backend so that
 * culling decisions, tile rectangles and colours agree bit for bit between the reference
 * and the fast path. Double precision throughout (it runs once per Gaussian per view).
 *
 * <p>Follows DESIGN.md "Rasterization conventions": EWA splatting (Zwicker et al. 2001) as
 * in 3DGS (Kerbl et al. 2023): {@code t = R mean + T}, cull if {@code t.z <= near};
 * Jacobian of the pinhole projection with x/z and y/z clamped to
 * {@code [-(cx/fx + 0.3 tanx), (W-cx)/fx + 0.3 tanx]}, {@code tanx = 0.5 W/fx};
 * {@code cov2d = J W Sigma W^T J^T + 0.3 I}, {@code Sigma = R S S^T R^T}; cull if
 * {@code det <= 0}; radius {@code ceil(3 sqrt(lambda_max))}; tiles
 * {@code [trunc((u-r)/16), trunc((u+r+15)/16))} clamped to the grid, culled if empty;
 * colour {@code max(0, SH(normalize(mean - centre)) + 0.5)}; opacity sigmoid(logit), times
 * {@code sqrt(max(0, det(cov2d - 0.3 I)/det(cov2d)))} when antialiased (Mip-Splatting, gsplat).
 *
 * <p>Use: {@link #setCamera} once per view, then per Gaussian {@link #load} and
 * {@link #project}; for gradients call {@link #backward} right after {@link #project} on the
 * same Gaussian. Not thread-safe: one instance per worker. Allocates nothing per Gaussian.
 */
public final class GaussianProjector {

    static final double DILATION = 0.3;

    // ---- camera ----
    private double v00, v01, v02, v10, v11, v12, v20, v21, v22, vt0, vt1, vt2;
    private double fx, fy, cx, cy, limXNeg, limXPos, limYNeg, limYPos, camX, camY, camZ, near;
    private int tilesX, tilesY, degree, basisCount;
    private boolean antialiased;

    // ---- loaded parameters ----
    private double mx, my, mz, ls0, ls1, ls2, qw, qx, qy, qz, opacityLogit;
    private final double[] shc = new double[SphericalHarmonics.MAX_COEFFS * 3];

    // ---- forward outputs ----
    boolean valid;
    double u, v, depth, conicA, conicB, conicC, opacity, colR, colG, colB;
    int radius, tileX0, tileX1, tileY0, tileY1;

    // ---- intermediates kept for backward ----
    private double px, py, pz, rxc, ryc, s0, s1, s2, qn, nw, nx, ny, nz, sigmoid, comp;
    private boolean clampX, clampY;
    private double a00, a01, a02, a10, a11, a12, a20, a21, a22;  // rotation of the quaternion
    private double m00, m01, m02, m10, m11, m12, m20, m21, m22;  // M = Rq S
    private double s00, s01, s02, s11, s12, s22;                 // Sigma
    private double t00, t01, t02, t10, t11, t12;                 // J W
    private double cA, cB, cC, det;                              // dilated cov2d
    private double dirX, dirY, dirZ, dirLen, rawR, rawG, rawB;
    private final double[] basis = new double[SphericalHarmonics.MAX_COEFFS];
    private final double[] shScratch = new double[SphericalHarmonics.MAX_COEFFS * 4];
    private final double[] dDir = new double[3];
    private final double[] rgb = new double[3];

    // ---- backward outputs: dL/d raw parameters ----
    final double[] gMean = new double[3];
    final double[] gLogScale = new double[3];
    final double[] gQuat = new double[4];
    double gOpacityLogit;
    /** dL/d SH coefficients, {@code [basisCount][3]}. */
    final double[] gSh = new double[SphericalHarmonics.MAX_COEFFS * 3];

    /**
     * Sets the view: world-to-camera rotation and translation, intrinsics, image size,
     * near plane, antialiasing and the SH degree to evaluate.
     */
    public void setCamera(Camera camera, RasterSettings settings, int shDegree) {
        v00 = camera.view(0, 0);
        v01 = camera.view(0, 1);
        v02 = camera.view(0, 2);
        v10 = camera.view(1, 0);
        v11 = camera.view(1, 1);
        v12 = camera.view(1, 2);
        v20 = camera.view(2, 0);
        v21 = camera.view(2, 1);
        v22 = camera.view(2, 2);
        vt0 = camera.view(0, 3);
        vt1 = camera.view(1, 3);
        vt2 = camera.view(2, 3);
        fx = camera.fx();
        fy = camera.fy();
        cx = camera.cx();
        cy = camera.cy();
        int w = camera.width(), h = camera.height();
        double tanX = 0.5 * w / fx, tanY = 0.5 * h / fy;
        limXNeg = cx / fx + 0.3 * tanX;
        limXPos = (w - cx) / fx + 0.3 * tanX;
        limYNeg = cy / fy + 0.3 * tanY;
        limYPos = (h - cy) / fy + 0.3 * tanY;
        // Camera centre -R^T t, from the (possibly non-orthonormal-rounded) view matrix itself.
        camX = -(v00 * vt0 + v10 * vt1 + v20 * vt2);
        camY = -(v01 * vt0 + v11 * vt1 + v21 * vt2);
        camZ = -(v02 * vt0 + v12 * vt1 + v22 * vt2);
        near = settings.nearPlane();
        antialiased = settings.antialiased();
        tilesX = (w + Rasterizer.TILE - 1) / Rasterizer.TILE;
        tilesY = (h + Rasterizer.TILE - 1) / Rasterizer.TILE;
        degree = shDegree;
        basisCount = SphericalHarmonics.coeffs(shDegree);
    }

    /** Loads Gaussian i of a float cloud. */
    public void load(GaussianCloud c, int i) {
        float[] m = c.means(), l = c.logScales(), q = c.quats(), sh = c.sh();
        mx = m[i * 3];
        my = m[i * 3 + 1];
        mz = m[i * 3 + 2];
        ls0 = l[i * 3];
        ls1 = l[i * 3 + 1];
        ls2 = l[i * 3 + 2];
        qw = q[i * 4];
        qx = q[i * 4 + 1];
        qy = q[i * 4 + 2];
        qz = q[i * 4 + 3];
        opacityLogit = c.opacityLogits()[i];
        int off = i * c.shCoeffs() * 3;
        for (int j = 0; j < basisCount * 3; j++) {
            shc[j] = sh[off + j];
        }
    }

    /** Loads Gaussian i of a double-precision parameter set. */
    public void load(DoubleGaussians c, int i) {
        mx = c.means[i * 3];
        my = c.means[i * 3 + 1];
        mz = c.means[i * 3 + 2];
        ls0 = c.logScales[i * 3];
        ls1 = c.logScales[i * 3 + 1];
        ls2 = c.logScales[i * 3 + 2];
        qw = c.quats[i * 4];
        qx = c.quats[i * 4 + 1];
        qy = c.quats[i * 4 + 2];
        qz = c.quats[i * 4 + 3];
        opacityLogit = c.opacityLogits[i];
        int off = i * c.shCoeffs() * 3;
        System.arraycopy(c.sh, off, shc, 0, basisCount * 3);
    }

    /**
     * Projects the loaded Gaussian. Returns false (and {@link #valid()} is false) when it is
     * culled; then the other outputs are undefined.
     */
    public boolean project() {
        valid = false;
        px = v00 * mx + v01 * my + v02 * mz + vt0;
        py = v10 * mx + v11 * my + v12 * mz + vt1;
        pz = v20 * mx + v21 * my + v22 * mz + vt2;
        if (!(pz > near)) {
            return false;
        }
        // Rotation from the normalised quaternion; a zero quaternion is the identity.
        qn = Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
        if (qn > 0) {
            nw = qw / qn;
            nx = qx / qn;
            ny = qy / qn;
            nz = qz / qn;
        } else {
            nw = 1;
            nx = ny = nz = 0;
        }
        a00 = 1 - 2 * (ny * ny + nz * nz);
        a01 = 2 * (nx * ny - nw * nz);
        a02 = 2 * (nx * nz + nw * ny);
        a10 = 2 * (nx * ny + nw * nz);
        a11 = 1 - 2 * (nx * nx + nz * nz);
        a12 = 2 * (ny * nz - nw * nx);
        a20 = 2 * (nx * nz - nw * ny);
        a21 = 2 * (ny * nz + nw * nx);
        a22 = 1 - 2 * (nx * nx + ny * ny);
        s0 = Math.exp(ls0);
        s1 = Math.exp(ls1);
        s2 = Math.exp(ls2);
        m00 = a00 * s0;
        m01 = a01 * s1;
        m02 = a02 * s2;
        m10 = a10 * s0;
        m11 = a11 * s1;
        m12 = a12 * s2;
        m20 = a20 * s0;
        m21 = a21 * s1;
        m22 = a22 * s2;
        s00 = m00 * m00 + m01 * m01 + m02 * m02;
        s01 = m00 * m10 + m01 * m11 + m02 * m12;
        s02 = m00 * m20 + m01 * m21 + m02 * m22;
        s11 = m10 * m10 + m11 * m11 + m12 * m12;
        s12 = m10 * m20 + m11 * m21 + m12 * m22;
        s22 = m20 * m20 + m21 * m21 + m22 * m22;

        // Clamped Jacobian (3DGS: keeps splats far outside the view from exploding).
        double rx = px / pz, ry = py / pz;
        clampX = rx < -limXNeg || rx > limXPos;
        clampY = ry < -limYNeg || ry > limYPos;
        rxc = Math.min(limXPos, Math.max(-limXNeg, rx));
        ryc = Math.min(limYPos, Math.max(-limYNeg, ry));
        double j00 = fx / pz, j02 = -fx * rxc / pz, j11 = fy / pz, j12 = -fy * ryc / pz;
        t00 = j00 * v00 + j02 * v20;
        t01 = j00 * v01 + j02 * v21;
        t02 = j00 * v02 + j02 * v22;
        t10 = j11 * v10 + j12 * v20;
        t11 = j11 * v11 + j12 * v21;
        t12 = j11 * v12 + j12 * v22;
        // cov2d = T Sigma T^T
        double q0 = s00 * t00 + s01 * t01 + s02 * t02;
        double q1 = s01 * t00 + s11 * t01 + s12 * t02;
        double q2 = s02 * t00 + s12 * t01 + s22 * t02;
        double covA = t00 * q0 + t01 * q1 + t02 * q2;
        double covB = t10 * q0 + t11 * q1 + t12 * q2;
        double w0 = s00 * t10 + s01 * t11 + s02 * t12;
        double w1 = s01 * t10 + s11 * t11 + s12 * t12;
        double w2 = s02 * t10 + s12 * t11 + s22 * t12;
        double covC = t10 * w0 + t11 * w1 + t12 * w2;
        double detRaw = covA * covC - covB * covB;
        cA = covA + DILATION;
        cB = covB;
        cC = covC + DILATION;
        det = cA * cC - cB * cB;
        if (!(det > 0)) {
            return false;
        }
        comp = antialiased ? Math.sqrt(Math.max(0, detRaw / det)) : 1;
        conicA = cC / det;
        conicB = -cB / det;
        conicC = cA / det;
        u = fx * rx + cx;
        v = fy * ry + cy;
        double mid = 0.5 * (cA + cC);
        double lambda = mid + Math.sqrt(Math.max(0.1, mid * mid - det));
        radius = (int) Math.ceil(3 * Math.sqrt(lambda));
        // (int) truncates toward zero, as the contract's trunc.
        tileX0 = clamp((int) ((u - radius) / Rasterizer.TILE), tilesX);
        tileX1 = clamp((int) ((u + radius + Rasterizer.TILE - 1) / Rasterizer.TILE), tilesX);
        tileY0 = clamp((int) ((v - radius) / Rasterizer.TILE), tilesY);
        tileY1 = clamp((int) ((v + radius + Rasterizer.TILE - 1) / Rasterizer.TILE), tilesY);
        if (tileX1 <= tileX0 || tileY1 <= tileY0) {
            return false;
        }
        // Colour along the viewing ray.
        double dx = mx - camX, dy = my - camY, dz = mz - camZ;
        dirLen = Math.sqrt(dx * dx + dy * dy + dz * dz);
        dirX = dx / dirLen;
        dirY = dy / dirLen;
        dirZ = dz / dirLen;
        SphericalHarmonics.evaluate(degree, shc, 0, dirX, dirY, dirZ, basis, rgb, 0);
        rawR = rgb[0] + 0.5;
        rawG = rgb[1] + 0.5;
        rawB = rgb[2] + 0.5;
        colR = Math.max(0, rawR);
        colG = Math.max(0, rawG);
        colB = Math.max(0, rawB);
        sigmoid = 1 / (1 + Math.exp(-opacityLogit));
        opacity = sigmoid * comp;
        depth = pz;
        valid = true;
        return true;
    }

    private static int clamp(int t, int n) {
        return Math.min(n, Math.max(0, t));
    }

    /**
     * Chain rule from the projected quantities back to the loaded Gaussian's raw parameters.
     * Call right after {@link #project} returned true. Results land in the {@code g*} fields
     * ({@link #gradMean}, ...), overwritten.
     *
     * @param gU      dL/d means2d x (pixels)
     * @param gV      dL/d means2d y
     * @param gConA   dL/d conic a (likewise b, c)
     * @param gOpac   dL/d opacity (after compensation)
     * @param gRed    dL/d colour (after clamp; likewise green, blue)
     * @param gDepth  dL/d camera z
     */
    public void backward(double gU, double gV, double gConA, double gConB, double gConC, double gOpac,
                         double gRed, double gGreen, double gBlue, double gDepth) {
        // Opacity: o = sigmoid(logit) * comp.
        gOpacityLogit = gOpac * comp * sigmoid * (1 - sigmoid);
        double gComp = gOpac * sigmoid;

        // Colour: max(0, raw) passes the gradient only where raw > 0.
        double dr = rawR > 0 ? gRed : 0, dg = rawG > 0 ? gGreen : 0, db = rawB > 0 ? gBlue : 0;
        SphericalHarmonics.backward(degree, shc, 0, dirX, dirY, dirZ, dr, dg, db, gSh, 0, dDir, 0, shScratch);
        // d normalize(d)/d d = (I - n n^T) / |d|
        double dot = dirX * dDir[0] + dirY * dDir[1] + dirZ * dDir[2];
        double gmx = (dDir[0] - dirX * dot) / dirLen;
        double gmy = (dDir[1] - dirY * dot) / dirLen;
        double gmz = (dDir[2] - dirZ * dot) / dirLen;

        // Conic (C, -B, A)/det -> dilated cov2d (A, B, C).
        double id2 = 1 / (det * det);
        double gA = (-cC * cC * gConA + cB * cC * gConB - cB * cB * gConC) * id2;
        double gB = (2 * cB * cC * gConA - (det + 2 * cB * cB) * gConB + 2 * cA * cB * gConC) * id2;
        double gC = (-cB * cB * gConA + cA * cB * gConB - cA * cA * gConC) * id2;
        if (antialiased && comp > 0) {
            // comp = sqrt(detRaw/det), detRaw = (A-0.3)(C-0.3) - B^2, det = AC - B^2.
            double gDetRaw = gComp * 0.5 / (comp * det);
            double gDet = -gComp * 0.5 * comp / det;
            gA += gDetRaw * (cC - DILATION) + gDet * cC;
            gC += gDetRaw * (cA - DILATION) + gDet * cA;
            gB += -2 * cB * (gDetRaw + gDet);
        }

        // cov2d = T Sigma T^T with G = [[gA, gB/2], [gB/2, gC]]:
        // dL/dSigma = T^T G T, dL/dT = 2 G T Sigma.
        double hb = 0.5 * gB;
        double g0x = gA * t00 + hb * t10, g0y = gA * t01 + hb * t11, g0z = gA * t02 + hb * t12; // row 0 of G T
        double g1x = hb * t00 + gC * t10, g1y = hb * t01 + gC * t11, g1z = hb * t02 + gC * t12; // row 1 of G T
        double gs00 = t00 * g0x + t10 * g1x;
        double gs01 = t00 * g0y + t10 * g1y;
        double gs02 = t00 * g0z + t10 * g1z;
        double gs11 = t01 * g0y + t11 * g1y;
        double gs12 = t01 * g0z + t11 * g1z;
        double gs22 = t02 * g0z + t12 * g1z;
        double gt00 = 2 * (g0x * s00 + g0y * s01 + g0z * s02);
        double gt01 = 2 * (g0x * s01 + g0y * s11 + g0z * s12);
        double gt02 = 2 * (g0x * s02 + g0y * s12 + g0z * s22);
        double gt10 = 2 * (g1x * s00 + g1y * s01 + g1z * s02);
        double gt11 = 2 * (g1x * s01 + g1y * s11 + g1z * s12);
        double gt12 = 2 * (g1x * s02 + g1y * s12 + g1z * s22);
        // T = J W: dL/dJ = dL/dT W^T (only the four non-zero entries of J matter).
        double gj00 = gt00 * v00 + gt01 * v01 + gt02 * v02;
        double gj02 = gt00 * v20 + gt01 * v21 + gt02 * v22;
        double gj11 = gt10 * v10 + gt11 * v11 + gt12 * v12;
        double gj12 = gt10 * v20 + gt11 * v21 + gt12 * v22;
        double iz = 1 / pz, iz2 = iz * iz;
        double gtx = 0, gty = 0, gtz = 0;
        gtz += -fx * iz2 * gj00 - fy * iz2 * gj11;
        if (clampX) {
            gtz += fx * rxc * iz2 * gj02;
        } else {
            gtx += -fx * iz2 * gj02;
            gtz += 2 * fx * px * iz2 * iz * gj02;
        }
        if (clampY) {
            gtz += fy * ryc * iz2 * gj12;
        } else {
            gty += -fy * iz2 * gj12;
            gtz += 2 * fy * py * iz2 * iz * gj12;
        }
        // Projected mean (unclamped) and depth.
        gtx += gU * fx * iz;
        gty += gV * fy * iz;
        gtz += -gU * fx * px * iz2 - gV * fy * py * iz2 + gDepth;
        gMean[0] = gmx + v00 * gtx + v10 * gty + v20 * gtz;
        gMean[1] = gmy + v01 * gtx + v11 * gty + v21 * gtz;
        gMean[2] = gmz + v02 * gtx + v12 * gty + v22 * gtz;

        // Sigma = M M^T: dL/dM = 2 dL/dSigma M (dL/dSigma symmetric).
        double gm00 = 2 * (gs00 * m00 + gs01 * m10 + gs02 * m20);
        double gm01 = 2 * (gs00 * m01 + gs01 * m11 + gs02 * m21);
        double gm02 = 2 * (gs00 * m02 + gs01 * m12 + gs02 * m22);
        double gm10 = 2 * (gs01 * m00 + gs11 * m10 + gs12 * m20);
        double gm11 = 2 * (gs01 * m01 + gs11 * m11 + gs12 * m21);
        double gm12 = 2 * (gs01 * m02 + gs11 * m12 + gs12 * m22);
        double gm20 = 2 * (gs02 * m00 + gs12 * m10 + gs22 * m20);
        double gm21 = 2 * (gs02 * m01 + gs12 * m11 + gs22 * m21);
        double gm22 = 2 * (gs02 * m02 + gs12 * m12 + gs22 * m22);
        // M = Rq diag(s): dL/ds_j = sum_i dL/dM_ij Rq_ij, and log-scale: times s_j.
        gLogScale[0] = (gm00 * a00 + gm10 * a10 + gm20 * a20) * s0;
        gLogScale[1] = (gm01 * a01 + gm11 * a11 + gm21 * a21) * s1;
        gLogScale[2] = (gm02 * a02 + gm12 * a12 + gm22 * a22) * s2;
        double r00 = gm00 * s0, r01 = gm01 * s1, r02 = gm02 * s2;
        double r10 = gm10 * s0, r11 = gm11 * s1, r12 = gm12 * s2;
        double r20 = gm20 * s0, r21 = gm21 * s1, r22 = gm22 * s2;
        // Rotation matrix of the unit quaternion, differentiated entry by entry.
        double gw = 2 * (-nz * r01 + ny * r02 + nz * r10 - nx * r12 - ny * r20 + nx * r21);
        double gx = 2 * (ny * r01 + nz * r02 + ny * r10 - 2 * nx * r11 - nw * r12 + nz * r20 + nw * r21
                - 2 * nx * r22);
        double gy = 2 * (-2 * ny * r00 + nx * r01 + nw * r02 + nx * r10 + nz * r12 - nw * r20 + nz * r21
                - 2 * ny * r22);
        double gz = 2 * (-2 * nz * r00 - nw * r01 + nx * r02 + nw * r10 - 2 * nz * r11 + ny * r12 + nx * r20
                + ny * r21);
        if (qn > 0) {
            // Through the normalisation q/|q|: (g - n (n.g)) / |q|.
            double nd = nw * gw + nx * gx + ny * gy + nz * gz;
            gQuat[0] = (gw - nw * nd) / qn;
            gQuat[1] = (gx - nx * nd) / qn;
            gQuat[2] = (gy - ny * nd) / qn;
            gQuat[3] = (gz - nz * nd) / qn;
        } else {
            gQuat[0] = gQuat[1] = gQuat[2] = gQuat[3] = 0;
        }
    }

    /** Dilated 2D covariance, xx entry (pixels^2): bounds the columns a Gaussian can reach. */
    double covXX() {
        return cA;
    }

    /** Dilated 2D covariance, yy entry (pixels^2): bounds the rows a Gaussian can reach. */
    double covYY() {
        return cC;
    }

    /** Whether the last {@link #project} kept the Gaussian. */
    public boolean valid() {
        return valid;
    }

    /** Projected mean x, pixels. */
    public double meanX() {
        return u;
    }

    /** Projected mean y, pixels. */
    public double meanY() {
        return v;
    }

    /** Camera-space z. */
    public double depth() {
        return depth;
    }

    /** Conic a, b or c (index 0..2) of the inverse dilated 2D covariance. */
    public double conic(int k) {
        return k == 0 ? conicA : k == 1 ? conicB : conicC;
    }

    /** Colour channel c after +0.5 and clamp. */
    public double color(int c) {
        return c == 0 ? colR : c == 1 ? colG : colB;
    }

    /** Activated opacity (with the compensation when antialiased). */
    public double opacity() {
        return opacity;
    }

    public int radius() {
        return radius;
    }

    /** Tile rectangle, half-open: x in [tileX0, tileX1), y in [tileY0, tileY1). */
    public int tileX0() {
        return tileX0;
    }

    public int tileX1() {
        return tileX1;
    }

    public int tileY0() {
        return tileY0;
    }

    public int tileY1() {
        return tileY1;
    }

    /** dL/d mean after {@link #backward}, world (x, y, z). */
    public double gradMean(int a) {
        return gMean[a];
    }

    public double gradLogScale(int a) {
        return gLogScale[a];
    }

    public double gradQuat(int a) {
        return gQuat[a];
    }

    public double gradOpacityLogit() {
        return gOpacityLogit;
    }

    /** dL/d SH coefficient k, channel c. */
    public double gradSh(int k, int c) {
        return gSh[k * 3 + c];
    }

    /** Number of SH coefficients per channel evaluated. */
    public int basisCount() {
        return basisCount;
    }
}
