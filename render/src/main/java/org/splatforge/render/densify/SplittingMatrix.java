package org.splatforge.render.densify;

import org.splatforge.core.camera.Camera;

/**
 * The splitting matrix of SteepGS (Wang et al., "Steepest Descent Density Control for
 * Compact 3D Gaussian Splatting", CVPR 2025), after splitting steepest descent (Liu et al.,
 * NeurIPS 2019): for a Gaussian with mean mu and rendered response sigma(x) = o G(x),
 * {@code S = sum over pixels x of dL/dsigma(x) * Hessian_mu sigma(x)}. Splitting the Gaussian
 * into two halves displaced by +-eps*v changes the loss by (eps^2/2) v^T S v to second order,
 * so a split pays exactly where S has a negative eigenvalue, along its eigenvector.
 *
 * <p>In screen space, with d = mean2d - pixel, conic Q and w(x) = dL/dpower(x) (= dL/dG * G):
 * Hessian_mean2d G = G (Q d d^T Q - Q), hence
 * <pre>  S2d = Q (sum_x w d d^T) Q - (sum_x w) Q</pre>
 * Both sums come from the rasterizer's gradients of one view: sum_x w d d^T from
 * dL/d(conic) (power = -(a dx^2 + c dy^2)/2 - b dx dy gives sum w dx^2 = -2 dL/da,
 * sum w dx dy = -dL/db, sum w dy^2 = -2 dL/dc) and sum_x w = o dL/do = dL/dlogit / (1 - o).
 * When the renderer gives no conic gradient, only the second term is used (the
 * inverse-covariance estimator of the SteepGS code). The 3D matrix follows the projected
 * mean: {@code S3d = J^T S2d J + dL/du Hess(u) + dL/dv Hess(v)} with J the pinhole Jacobian
 * of (u, v) w.r.t. the world mean; colour and 2D covariance are held fixed (the "partial"
 * estimator). Units: loss per world-unit^2.
 *
 * <p>Symmetric 3x3 matrices are stored as 6 values: xx, xy, xz, yy, yz, zz.
 */
public final class SplittingMatrix {

    private SplittingMatrix() {
    }

    /**
     * The 2D splitting matrix (pixels^-2), into {@code out[0..3)} as (xx, xy, yy).
     *
     * @param conic     (a, b, c) of the inverse 2D covariance
     * @param conicGrad dL/d(a, b, c), or null
     * @param sumW      sum over pixels of dL/dpower
     */
    public static void screen(float a, float b, float c, float[] conicGrad, int off, double sumW, double[] out) {
        double qxx = a, qxy = b, qyy = c;
        double sxx = -sumW * qxx, sxy = -sumW * qxy, syy = -sumW * qyy;
        if (conicGrad != null) {
            double mxx = -2.0 * conicGrad[off], mxy = -conicGrad[off + 1], myy = -2.0 * conicGrad[off + 2];
            // Q M Q for symmetric 2x2 Q and M
            double t00 = qxx * mxx + qxy * mxy, t01 = qxx * mxy + qxy * myy;
            double t10 = qxy * mxx + qyy * mxy, t11 = qxy * mxy + qyy * myy;
            sxx += t00 * qxx + t01 * qxy;
            sxy += t00 * qxy + t01 * qyy;
            syy += t10 * qxy + t11 * qyy;
        }
        out[0] = sxx;
        out[1] = sxy;
        out[2] = syy;
    }

    private static final int[] P = {0, 0, 0, 1, 1, 2};
    private static final int[] Q = {0, 1, 2, 1, 2, 2};

    /**
     * Lifts a screen splitting matrix to the world mean and adds it into {@code acc[off..off+6)}.
     *
     * @param s2d     (xx, xy, yy), pixels^-2
     * @param gu      dL/du of the projected mean, pixels
     * @param gv      dL/dv
     * @param scratch at least 15 doubles
     */
    public static void addWorld(Camera cam, float mx, float my, float mz, double[] s2d, double gu, double gv,
                                float[] acc, int off, double[] scratch) {
        double[] r = scratch; // rows of R at 0, 3, 6; du/dmu at 9; dv/dmu at 12
        for (int k = 0; k < 3; k++) {
            r[k] = cam.view(0, k);
            r[3 + k] = cam.view(1, k);
            r[6 + k] = cam.view(2, k);
        }
        double tx = r[0] * mx + r[1] * my + r[2] * mz + cam.view(0, 3);
        double ty = r[3] * mx + r[4] * my + r[5] * mz + cam.view(1, 3);
        double tz = r[6] * mx + r[7] * my + r[8] * mz + cam.view(2, 3);
        if (!(tz > 1e-6)) {
            return;
        }
        double fx = cam.fx(), fy = cam.fy();
        double iz = 1 / tz;
        for (int k = 0; k < 3; k++) {
            r[9 + k] = fx * iz * (r[k] - tx * iz * r[6 + k]);
            r[12 + k] = fy * iz * (r[3 + k] - ty * iz * r[6 + k]);
        }
        for (int e = 0; e < 6; e++) {
            int p = P[e], q = Q[e];
            double jup = r[9 + p], juq = r[9 + q], jvp = r[12 + p], jvq = r[12 + q];
            // J^T S2d J
            double v = jup * (s2d[0] * juq + s2d[1] * jvq) + jvp * (s2d[1] * juq + s2d[2] * jvq);
            // dL/du Hess(u), Hess(u) = fx [-(R0 R2^T + R2 R0^T)/tz^2 + 2 tx R2 R2^T / tz^3]; same for v with R1
            double hu = fx * (-(r[p] * r[6 + q] + r[6 + p] * r[q]) * iz * iz + 2 * tx * r[6 + p] * r[6 + q] * iz * iz * iz);
            double hv = fy * (-(r[3 + p] * r[6 + q] + r[6 + p] * r[3 + q]) * iz * iz + 2 * ty * r[6 + p] * r[6 + q] * iz * iz * iz);
            acc[off + e] += (float) (v + gu * hu + gv * hv);
        }
    }

    /**
     * Smallest eigenvalue of the symmetric matrix {@code s[off..off+6)} (scaled by {@code scale})
     * and its unit eigenvector into {@code vec[0..3)} (cyclic Jacobi, double precision).
     */
    public static double smallestEigen(float[] s, int off, double scale, double[] vec) {
        double[][] a = {
                {s[off] * scale, s[off + 1] * scale, s[off + 2] * scale},
                {s[off + 1] * scale, s[off + 3] * scale, s[off + 4] * scale},
                {s[off + 2] * scale, s[off + 4] * scale, s[off + 5] * scale}};
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int sweep = 0; sweep < 50; sweep++) {
            double offDiag = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
            double diag = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2];
            if (offDiag <= 1e-30 * diag || offDiag == 0) {
                break;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double cs = 1 / Math.sqrt(t * t + 1), sn = t * cs;
                    for (int k = 0; k < 3; k++) { // A = J^T A J with the rotation in (p, q)
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = cs * akp - sn * akq;
                        a[k][q] = sn * akp + cs * akq;
                    }
                    for (int k = 0; k < 3; k++) {
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = cs * apk - sn * aqk;
                        a[q][k] = sn * apk + cs * aqk;
                    }
                    for (int k = 0; k < 3; k++) {
                        double vkp = v[k][p], vkq = v[k][q];
                        v[k][p] = cs * vkp - sn * vkq;
                        v[k][q] = sn * vkp + cs * vkq;
                    }
                }
            }
        }
        int m = 0;
        for (int k = 1; k < 3; k++) {
            if (a[k][k] < a[m][m]) {
                m = k;
            }
        }
        double n = Math.sqrt(v[0][m] * v[0][m] + v[1][m] * v[1][m] + v[2][m] * v[2][m]);
        for (int k = 0; k < 3; k++) {
            vec[k] = v[k][m] / n;
        }
        return a[m][m];
    }
}
