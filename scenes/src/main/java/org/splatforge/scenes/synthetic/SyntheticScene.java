package org.splatforge.scenes.synthetic;

import java.util.SplittableRandom;
import org.splatforge.core.scene.GaussianCloud;

/**
 * A procedural Gaussian scene with the statistics of a trained one, for benchmarks and
 * demos that must not depend on a dataset: Gaussians cover the surfaces of a disc-shaped
 * floor and five coloured balls standing on it, each about as large as the spacing
 * between neighbours (so they overlap like a trained scene's and the fill rate is
 * realistic), flattened along the surface normal, with opacities spread over (0.3, 1)
 * and SH degree 3 (a per-object DC colour plus small view-dependent bands).
 *
 * <p>World frame: z up, floor at z = 0 with radius 2, balls of radius 0.3..0.6 above it;
 * the scene's centre is near (0, 0, 0.3).
 */
public final class SyntheticScene {

    private static final double FLOOR_RADIUS = 2.0;
    // x, y, radius, r, g, b of each ball (on the floor: centre z = radius)
    private static final double[][] BALLS = {
            {0.0, 0.0, 0.6, 0.9, 0.2, 0.15},
            {1.1, 0.4, 0.4, 0.2, 0.7, 0.25},
            {-0.9, 0.9, 0.45, 0.2, 0.35, 0.9},
            {-0.6, -1.1, 0.35, 0.95, 0.8, 0.2},
            {0.8, -0.9, 0.3, 0.8, 0.3, 0.8}};
    private static final double SH_C0 = 0.28209479177387814;

    private SyntheticScene() {
    }

    /** {@code n} Gaussians, deterministic for a seed. */
    public static GaussianCloud balls(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("Gaussian count must be >= 0, got " + n);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double floorArea = Math.PI * FLOOR_RADIUS * FLOOR_RADIUS;
        double[] area = new double[BALLS.length + 1];
        area[0] = floorArea;
        double total = floorArea;
        for (int b = 0; b < BALLS.length; b++) {
            area[b + 1] = 4 * Math.PI * BALLS[b][2] * BALLS[b][2];
            total += area[b + 1];
        }
        double spacing = Math.sqrt(total / Math.max(1, n));
        GaussianCloud c = GaussianCloud.create(n, 3);
        float[] means = c.means(), scales = c.logScales(), quats = c.quats(), opac = c.opacityLogits(), sh = c.sh();
        int k = c.shCoeffs();
        for (int i = 0; i < n; i++) {
            double pick = rnd.nextDouble() * total;
            int obj = 0;
            while (obj < area.length - 1 && pick >= area[obj]) {
                pick -= area[obj];
                obj++;
            }
            double[] p = new double[3], nrm = new double[3], col = new double[3];
            if (obj == 0) {
                double r = FLOOR_RADIUS * Math.sqrt(rnd.nextDouble()), a = 2 * Math.PI * rnd.nextDouble();
                p[0] = r * Math.cos(a);
                p[1] = r * Math.sin(a);
                nrm[2] = 1;
                boolean check = ((int) Math.floor(p[0] * 2 + 10) + (int) Math.floor(p[1] * 2 + 10)) % 2 == 0;
                col[0] = col[1] = col[2] = check ? 0.75 : 0.35;
            } else {
                double[] b = BALLS[obj - 1];
                double z = 2 * rnd.nextDouble() - 1, a = 2 * Math.PI * rnd.nextDouble(), s = Math.sqrt(1 - z * z);
                nrm[0] = s * Math.cos(a);
                nrm[1] = s * Math.sin(a);
                nrm[2] = z;
                p[0] = b[0] + b[2] * nrm[0];
                p[1] = b[1] + b[2] * nrm[1];
                p[2] = b[2] + b[2] * nrm[2];
                double shade = 0.55 + 0.45 * Math.max(0, nrm[2]); // lit from above
                col[0] = b[3] * shade;
                col[1] = b[4] * shade;
                col[2] = b[5] * shade;
            }
            for (int a = 0; a < 3; a++) {
                means[i * 3 + a] = (float) p[a];
            }
            // Flattened along the normal: rotate the local z axis onto it (shortest arc).
            double w = 1 + nrm[2], qx = -nrm[1], qy = nrm[0];
            double qn = Math.sqrt(w * w + qx * qx + qy * qy);
            if (qn < 1e-9) { // normal = -z: half a turn about x
                quats[i * 4] = 0;
                quats[i * 4 + 1] = 1;
            } else {
                double spin = 2 * Math.PI * rnd.nextDouble(); // random in-plane orientation about the local z
                double cw = Math.cos(spin / 2), sz = Math.sin(spin / 2);
                double w0 = w / qn, x0 = qx / qn, y0 = qy / qn; // q = q_arc * q_spin(z)
                quats[i * 4] = (float) (w0 * cw);
                quats[i * 4 + 1] = (float) (x0 * cw + y0 * sz);
                quats[i * 4 + 2] = (float) (y0 * cw - x0 * sz);
                quats[i * 4 + 3] = (float) (w0 * sz);
            }
            double size = spacing * (0.5 + 0.5 * rnd.nextDouble());
            scales[i * 3] = (float) Math.log(size * (0.8 + 0.6 * rnd.nextDouble()));
            scales[i * 3 + 1] = (float) Math.log(size * (0.8 + 0.6 * rnd.nextDouble()));
            scales[i * 3 + 2] = (float) Math.log(size * 0.15);
            opac[i] = GaussianCloud.logit((float) (0.3 + 0.69 * rnd.nextDouble()));
            for (int ch = 0; ch < 3; ch++) {
                sh[(i * k) * 3 + ch] = (float) ((col[ch] + 0.04 * rnd.nextGaussian() - 0.5) / SH_C0);
                for (int j = 1; j < k; j++) {
                    sh[(i * k + j) * 3 + ch] = (float) (0.05 / j * rnd.nextGaussian());
                }
            }
        }
        return c;
    }

    /**
     * Velocities for a simple dynamic version of {@link #balls}: the balls' Gaussians move
     * with their ball along +x or -x (alternately by ball) by up to 0.5 world units over the
     * unit time range, the floor stays. {@code float[N*3]}, world units per unit time.
     */
    public static float[] ballVelocities(GaussianCloud balls) {
        int n = balls.size();
        float[] v = new float[n * 3];
        float[] m = balls.means();
        for (int i = 0; i < n; i++) {
            double bestD = 1e-3;
            int best = -1;
            for (int b = 0; b < BALLS.length; b++) {
                double dx = m[i * 3] - BALLS[b][0], dy = m[i * 3 + 1] - BALLS[b][1], dz = m[i * 3 + 2] - BALLS[b][2];
                double d = Math.abs(Math.sqrt(dx * dx + dy * dy + dz * dz) - BALLS[b][2]);
                if (d < bestD) {
                    bestD = d;
                    best = b;
                }
            }
            if (best >= 0 && m[i * 3 + 2] > 1e-4) {
                v[i * 3] = (best % 2 == 0 ? 0.5f : -0.5f);
            }
        }
        return v;
    }
}
