package org.splatforge.render.densify;

import org.splatforge.core.scene.GaussianCloud;

/** Small per-Gaussian geometry helpers shared by the strategies (double precision). */
final class Gaussians {

    private Gaussians() {
    }

    /** Row-major rotation matrix of Gaussian i's normalised quaternion (w,x,y,z) into {@code r[9]}. */
    static void rotation(GaussianCloud c, int i, double[] r) {
        float[] q = c.quats();
        double w = q[i * 4], x = q[i * 4 + 1], y = q[i * 4 + 2], z = q[i * 4 + 3];
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        if (n == 0) {
            w = 1;
            n = 1;
        }
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        r[0] = 1 - 2 * (y * y + z * z);
        r[1] = 2 * (x * y - w * z);
        r[2] = 2 * (x * z + w * y);
        r[3] = 2 * (x * y + w * z);
        r[4] = 1 - 2 * (x * x + z * z);
        r[5] = 2 * (y * z - w * x);
        r[6] = 2 * (x * z - w * y);
        r[7] = 2 * (y * z + w * x);
        r[8] = 1 - 2 * (x * x + y * y);
    }

    /** Largest activated scale (world units) of Gaussian i. */
    static double maxScale(GaussianCloud c, int i) {
        float[] s = c.logScales();
        return Math.exp(Math.max(s[i * 3], Math.max(s[i * 3 + 1], s[i * 3 + 2])));
    }

    /** Sum of the three squared activated scales of Gaussian i (world units^2). */
    static double sumSquaredScales(GaussianCloud c, int i) {
        float[] ls = c.logScales();
        double s = 0;
        for (int a = 0; a < 3; a++) {
            double e = Math.exp(ls[i * 3 + a]);
            s += e * e;
        }
        return s;
    }

    /** Sigmoid in double. */
    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Logit, clamped so 0 and 1 stay finite (as {@link GaussianCloud#logit}). */
    static float logit(double p) {
        double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
        return (float) Math.log(q / (1 - q));
    }
}
