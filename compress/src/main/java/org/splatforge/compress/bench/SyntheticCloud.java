package org.splatforge.compress.bench;

import java.util.SplittableRandom;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Procedural Gaussian clouds with the statistics of trained 3DGS scenes, for measuring the
 * codec before trained scenes exist (phase 2 measures on trained tabletop scenes):
 * <ul>
 *   <li>positions clustered on surfaces (a ground plane, spheres, a box, a torus) with a
 *       small normal jitter, plus 5% "floaters" spread through a larger volume;</li>
 *   <li>log-normal scales, thin along the surface normal (flat splats), per-object size
 *       classes; floaters larger;</li>
 *   <li>rotations whose thinnest axis follows the surface normal (a few degrees of jitter),
 *       random about it;</li>
 *   <li>opacity: a saturated mode (about 60%) and a broad low mode, as after densification;</li>
 *   <li>DC colour from smooth per-object procedural textures plus noise;</li>
 *   <li>SH rest Laplacian, magnitudes falling with the band, mostly achromatic (a shared
 *       component across RGB), stronger on "glossy" objects: most coefficients are small,
 *       as the EntropyGS analysis of trained scenes reports.</li>
 * </ul>
 * Deterministic for a seed.
 */
public final class SyntheticCloud {

    private static final double C0 = 0.28209479177387814;

    private SyntheticCloud() {
    }

    /** A scene of {@code n} Gaussians of SH degree {@code degree}, about 3 units across. */
    public static GaussianCloud scene(int n, int degree, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        GaussianCloud c = GaussianCloud.create(n, degree);
        float[] m = c.means(), ls = c.logScales(), q = c.quats(), op = c.opacityLogits(), sh = c.sh();
        int k = c.shCoeffs();
        double[] p = new double[3], nrm = new double[3];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            int object;
            double sizeMu;
            double gloss;
            boolean floater = false;
            if (u < 0.05) {
                floater = true;
                object = 6;
                for (int a = 0; a < 3; a++) {
                    p[a] = (r.nextDouble() * 2 - 1) * (a == 1 ? 1.5 : 3.0);
                }
                randomUnit(r, nrm);
                sizeMu = -3.2;
                gloss = 0.3;
            } else if (u < 0.35) { // ground plane y = -0.6, 3 x 3
                object = 0;
                p[0] = (r.nextDouble() * 2 - 1) * 1.5;
                p[1] = -0.6;
                p[2] = (r.nextDouble() * 2 - 1) * 1.5;
                nrm[0] = 0;
                nrm[1] = 1;
                nrm[2] = 0;
                sizeMu = -4.3;
                gloss = 0.2;
            } else if (u < 0.6) { // two spheres
                object = u < 0.47 ? 1 : 2;
                double rad = object == 1 ? 0.35 : 0.22;
                double cx = object == 1 ? -0.4 : 0.5, cz = object == 1 ? 0.1 : -0.3;
                randomUnit(r, nrm);
                p[0] = cx + rad * nrm[0];
                p[1] = -0.6 + rad + rad * nrm[1];
                p[2] = cz + rad * nrm[2];
                sizeMu = object == 1 ? -4.8 : -5.0;
                gloss = object == 1 ? 1.0 : 0.5;
            } else if (u < 0.8) { // box 0.5 x 0.3 x 0.4
                object = 3;
                int face = r.nextInt(6);
                double[] half = {0.25, 0.15, 0.2};
                double[] ctr = {0.3, -0.45, 0.5};
                for (int a = 0; a < 3; a++) {
                    p[a] = ctr[a] + (r.nextDouble() * 2 - 1) * half[a];
                    nrm[a] = 0;
                }
                int ax = face / 2;
                double sgn = face % 2 == 0 ? 1 : -1;
                p[ax] = ctr[ax] + sgn * half[ax];
                nrm[ax] = sgn;
                sizeMu = -4.6;
                gloss = 0.1;
            } else { // torus around y, R = 0.3, r = 0.08
                object = 4;
                double th = r.nextDouble() * 2 * Math.PI, ph = r.nextDouble() * 2 * Math.PI;
                double big = 0.3, small = 0.08;
                double cx = -0.1, cy = 0.2, cz = -0.5;
                nrm[0] = Math.cos(th) * Math.cos(ph);
                nrm[1] = Math.sin(ph);
                nrm[2] = Math.sin(th) * Math.cos(ph);
                p[0] = cx + (big + small * Math.cos(ph)) * Math.cos(th);
                p[1] = cy + small * Math.sin(ph);
                p[2] = cz + (big + small * Math.cos(ph)) * Math.sin(th);
                sizeMu = -5.3;
                gloss = 0.8;
            }
            // Positions: surface + normal jitter.
            double jitter = floater ? 0 : 0.004 * r.nextGaussian();
            for (int a = 0; a < 3; a++) {
                m[i * 3 + a] = (float) (p[a] + jitter * nrm[a]);
            }
            // Scales: log-normal, thin along the normal; axis order scrambled as a trainer leaves it.
            double big = sizeMu + 0.55 * r.nextGaussian();
            double mid = big + Math.log(0.35 + 0.65 * r.nextDouble());
            double thin = floater ? big + Math.log(0.3 + 0.7 * r.nextDouble()) : big + Math.log(0.04 + 0.25 * r.nextDouble());
            double[] s = {big, mid, thin};
            int rot = r.nextInt(3);
            for (int a = 0; a < 3; a++) {
                ls[i * 3 + a] = (float) s[(a + rot) % 3];
            }
            // Rotation: thinnest axis along the (jittered) normal, random spin about it.
            double[] nn = {nrm[0] + 0.05 * r.nextGaussian(), nrm[1] + 0.05 * r.nextGaussian(), nrm[2] + 0.05 * r.nextGaussian()};
            normalize(nn);
            double[] t = anyPerpendicular(nn);
            double spin = r.nextDouble() * 2 * Math.PI;
            double[] b = cross(nn, t);
            double[] e0 = {Math.cos(spin) * t[0] + Math.sin(spin) * b[0], Math.cos(spin) * t[1] + Math.sin(spin) * b[1],
                    Math.cos(spin) * t[2] + Math.sin(spin) * b[2]};
            double[] e1 = cross(nn, e0);
            double[][] axes = new double[3][];
            axes[0] = e0;
            axes[1] = e1;
            axes[2] = nn;
            double[] mat = new double[9];
            for (int a = 0; a < 3; a++) { // local axis a (in scrambled order) -> column a
                double[] col = axes[(a + rot) % 3];
                mat[a] = col[0];
                mat[3 + a] = col[1];
                mat[6 + a] = col[2];
            }
            if (det(mat) < 0) {
                for (int row = 0; row < 3; row++) {
                    mat[row * 3] = -mat[row * 3];
                }
            }
            quat(mat, q, i * 4, r.nextDouble() < 0.5 ? 1 : -1, 0.5 + r.nextDouble() * 2);
            // Opacity: saturated or broad.
            op[i] = (float) (r.nextDouble() < 0.6 ? 4.0 + 1.5 * r.nextGaussian() : -1.0 + 2.0 * r.nextGaussian());
            if (floater) {
                op[i] -= 2;
            }
            // DC colour: smooth procedural texture per object, plus noise.
            double[] col = texture(object, m[i * 3], m[i * 3 + 1], m[i * 3 + 2]);
            for (int ch = 0; ch < 3; ch++) {
                double v = col[ch] + 0.03 * r.nextGaussian();
                sh[(i * k) * 3 + ch] = (float) ((v - 0.5) / C0);
            }
            // SH rest: Laplacian, falling with the band, mostly achromatic.
            for (int l = 1; l <= degree; l++) {
                double scale = gloss * (l == 1 ? 0.05 : l == 2 ? 0.025 : 0.012);
                for (int mm = 0; mm < 2 * l + 1; mm++) {
                    double shared = laplace(r, scale);
                    int kk = l * l + mm;
                    for (int ch = 0; ch < 3; ch++) {
                        sh[(i * k + kk) * 3 + ch] = (float) (shared + laplace(r, scale * 0.3));
                    }
                }
            }
        }
        return c;
    }

    private static double laplace(SplittableRandom r, double b) {
        double u = r.nextDouble() - 0.5;
        return -b * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }

    private static double[] texture(int object, double x, double y, double z) {
        switch (object) {
            case 0: { // checker-ish wood floor
                double v = 0.5 + 0.25 * Math.sin(8 * x) * Math.sin(8 * z);
                return new double[] {0.45 + 0.3 * v, 0.3 + 0.2 * v, 0.18 + 0.1 * v};
            }
            case 1:
                return new double[] {0.8, 0.15 + 0.1 * Math.sin(20 * y), 0.12};
            case 2:
                return new double[] {0.1, 0.35 + 0.2 * Math.sin(15 * x), 0.75};
            case 3: {
                double stripes = 0.5 + 0.5 * Math.sin(30 * (x + z));
                return new double[] {0.9 * stripes + 0.05, 0.85 * stripes + 0.05, 0.2};
            }
            case 4:
                return new double[] {0.85, 0.7, 0.3};
            default:
                return new double[] {0.5 + 0.2 * Math.sin(3 * x), 0.5 + 0.2 * Math.sin(3 * y), 0.55};
        }
    }

    private static void randomUnit(SplittableRandom r, double[] out) {
        double z = r.nextDouble() * 2 - 1, a = r.nextDouble() * 2 * Math.PI, s = Math.sqrt(1 - z * z);
        out[0] = s * Math.cos(a);
        out[1] = s * Math.sin(a);
        out[2] = z;
    }

    private static void normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        v[0] /= n;
        v[1] /= n;
        v[2] /= n;
    }

    private static double[] anyPerpendicular(double[] n) {
        double[] a = Math.abs(n[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double[] t = cross(n, a);
        normalize(t);
        return t;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double det(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    /** Quaternion of a rotation matrix, with a random overall sign and norm (raw parameters are unnormalised). */
    private static void quat(double[] m, float[] q, int o, int sign, double norm) {
        double tr = m[0] + m[4] + m[8], w, x, y, z;
        if (tr > 0) {
            double s = Math.sqrt(tr + 1) * 2;
            w = 0.25 * s;
            x = (m[7] - m[5]) / s;
            y = (m[2] - m[6]) / s;
            z = (m[3] - m[1]) / s;
        } else if (m[0] > m[4] && m[0] > m[8]) {
            double s = Math.sqrt(1 + m[0] - m[4] - m[8]) * 2;
            w = (m[7] - m[5]) / s;
            x = 0.25 * s;
            y = (m[1] + m[3]) / s;
            z = (m[2] + m[6]) / s;
        } else if (m[4] > m[8]) {
            double s = Math.sqrt(1 + m[4] - m[0] - m[8]) * 2;
            w = (m[2] - m[6]) / s;
            x = (m[1] + m[3]) / s;
            y = 0.25 * s;
            z = (m[5] + m[7]) / s;
        } else {
            double s = Math.sqrt(1 + m[8] - m[0] - m[4]) * 2;
            w = (m[3] - m[1]) / s;
            x = (m[2] + m[6]) / s;
            y = (m[5] + m[7]) / s;
            z = 0.25 * s;
        }
        double f = sign * norm / Math.sqrt(w * w + x * x + y * y + z * z);
        q[o] = (float) (w * f);
        q[o + 1] = (float) (x * f);
        q[o + 2] = (float) (y * f);
        q[o + 3] = (float) (z * f);
    }
}
