package org.splatforge.scenes.synthetic;

import java.util.Random;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SphericalHarmonics;

/**
 * A seeded synthetic Gaussian scene shaped like a trained one, for benchmarks: flat
 * Gaussians lying on surfaces (a floor, a dozen spheres standing on and above it, a
 * distant background shell, half of it behind the camera) plus a few translucent floaters.
 * Tangential scales follow the surface spacing ({@code sqrt(area / count)}) with log-normal
 * jitter, so the depth complexity per tile, and thus the per-tile list lengths, stay about
 * the same as the count grows, as in real captures at higher Gaussian budgets.
 *
 * <p>World units are metres; the {@link #camera} looks at the origin from 4.6 m.
 */
public final class SyntheticSplatScene {

    private static final double FLOOR_Y = -1;

    private SyntheticSplatScene() {
    }

    /** The benchmark view: 50 degree vertical field of view, looking at the scene centre. */
    public static Camera camera(int width, int height) {
        return Camera.lookAt(new double[] {0.4, 1.2, -4.4}, new double[] {0, -0.2, 0}, new double[] {0, 1, 0},
                width, height, Math.toRadians(50)).withName("synthetic-bench");
    }

    /**
     * {@code n} Gaussians of SH degree {@code shDegree}; the same (n, degree, seed) always
     * gives the same cloud.
     */
    public static GaussianCloud generate(int n, int shDegree, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("Gaussian count must be >= 0, got " + n);
        }
        Random rnd = new Random(seed);
        GaussianCloud c = GaussianCloud.create(n, shDegree);
        int spheres = 12;
        double[][] centre = new double[spheres][3];
        double[] radius = new double[spheres];
        float[][] colour = new float[spheres][3];
        double sphereArea = 0;
        for (int s = 0; s < spheres; s++) {
            radius[s] = 0.2 + 0.6 * rnd.nextDouble();
            centre[s][0] = -2.2 + 4.4 * rnd.nextDouble();
            centre[s][2] = -1.5 + 3.5 * rnd.nextDouble();
            centre[s][1] = FLOOR_Y + radius[s] + (rnd.nextDouble() < 0.3 ? 0.8 * rnd.nextDouble() : 0);
            for (int ch = 0; ch < 3; ch++) {
                colour[s][ch] = 0.15f + 0.8f * rnd.nextFloat();
            }
            sphereArea += 4 * Math.PI * radius[s] * radius[s];
        }
        double floorHalf = 4, shellRadius = 9;
        double floorArea = 4 * floorHalf * floorHalf, shellArea = 4 * Math.PI * shellRadius * shellRadius;
        int nSpheres = (int) (0.55 * n), nFloor = (int) (0.22 * n), nFloaters = (int) (0.05 * n);
        int nShell = n - nSpheres - nFloor - nFloaters;
        double[] p = new double[3], nrm = new double[3];
        int k = shDegree < 0 ? 1 : GaussianCloud.coeffs(shDegree);
        for (int i = 0; i < n; i++) {
            double spacing;
            float[] base = new float[3];
            boolean floater = false;
            if (i < nSpheres) {
                int s = pickSphere(rnd, radius);
                randomUnit(rnd, nrm);
                for (int a = 0; a < 3; a++) {
                    p[a] = centre[s][a] + radius[s] * nrm[a];
                }
                spacing = Math.sqrt(sphereArea / Math.max(1, nSpheres));
                System.arraycopy(colour[s], 0, base, 0, 3);
            } else if (i < nSpheres + nFloor) {
                p[0] = floorHalf * (2 * rnd.nextDouble() - 1);
                p[1] = FLOOR_Y;
                p[2] = floorHalf * (2 * rnd.nextDouble() - 1);
                nrm[0] = 0;
                nrm[1] = 1;
                nrm[2] = 0;
                spacing = Math.sqrt(floorArea / Math.max(1, nFloor));
                boolean check = ((int) Math.floor(p[0] * 2) + (int) Math.floor(p[2] * 2) & 1) == 0;
                base[0] = base[1] = base[2] = check ? 0.75f : 0.35f;
            } else if (i < nSpheres + nFloor + nShell) {
                randomUnit(rnd, nrm);
                for (int a = 0; a < 3; a++) {
                    p[a] = shellRadius * nrm[a];
                    nrm[a] = -nrm[a];
                }
                spacing = Math.sqrt(shellArea / Math.max(1, nShell));
                base[0] = 0.5f + 0.2f * (float) nrm[1];
                base[1] = 0.6f + 0.2f * (float) nrm[1];
                base[2] = 0.8f;
            } else {
                floater = true;
                p[0] = 3 * (2 * rnd.nextDouble() - 1);
                p[1] = FLOOR_Y + 2.5 * rnd.nextDouble();
                p[2] = 3 * (2 * rnd.nextDouble() - 1);
                randomUnit(rnd, nrm);
                spacing = 0.05;
                base[0] = base[1] = base[2] = 0.5f;
            }
            double tangential = 0.8 * spacing * Math.exp(0.4 * rnd.nextGaussian());
            double normal = floater ? tangential : 0.15 * tangential;
            for (int a = 0; a < 3; a++) {
                c.means()[i * 3 + a] = (float) p[a];
            }
            c.logScales()[i * 3] = (float) Math.log(tangential);
            c.logScales()[i * 3 + 1] = (float) Math.log(tangential * (0.5 + 0.5 * rnd.nextDouble()));
            c.logScales()[i * 3 + 2] = (float) Math.log(normal);
            surfaceQuaternion(nrm, rnd.nextDouble() * 2 * Math.PI, c.quats(), i * 4);
            c.opacityLogits()[i] = (float) (floater ? -2 + rnd.nextGaussian() : 2 + 1.5 * rnd.nextGaussian());
            for (int ch = 0; ch < 3; ch++) {
                float rgb = Math.min(1f, Math.max(0f, base[ch] + 0.05f * (float) rnd.nextGaussian()));
                c.sh()[(i * k) * 3 + ch] = SphericalHarmonics.rgbToDc(rgb);
                for (int j = 1; j < k; j++) {
                    c.sh()[(i * k + j) * 3 + ch] = (float) (0.06 * rnd.nextGaussian() / j);
                }
            }
        }
        return c;
    }

    private static int pickSphere(Random rnd, double[] radius) {
        double total = 0;
        for (double r : radius) {
            total += r * r;
        }
        double u = rnd.nextDouble() * total;
        for (int s = 0; s < radius.length; s++) {
            u -= radius[s] * radius[s];
            if (u <= 0) {
                return s;
            }
        }
        return radius.length - 1;
    }

    private static void randomUnit(Random rnd, double[] out) {
        double x, y, z, l;
        do {
            x = rnd.nextGaussian();
            y = rnd.nextGaussian();
            z = rnd.nextGaussian();
            l = Math.sqrt(x * x + y * y + z * z);
        } while (l < 1e-9);
        out[0] = x / l;
        out[1] = y / l;
        out[2] = z / l;
    }

    /**
     * Quaternion (w,x,y,z) of a rotation taking the local z axis to {@code normal}, turned by
     * {@code spin} about it.
     */
    private static void surfaceQuaternion(double[] normal, double spin, float[] q, int off) {
        // Shortest arc from z to the normal, then the spin about z (applied first).
        double nx = normal[0], ny = normal[1], nz = normal[2];
        double w1, x1, y1, z1;
        if (nz < -0.999999) {
            w1 = 0;
            x1 = 1;
            y1 = 0;
            z1 = 0;
        } else {
            w1 = 1 + nz;
            x1 = -ny;
            y1 = nx;
            z1 = 0;
            double l = Math.sqrt(w1 * w1 + x1 * x1 + y1 * y1);
            w1 /= l;
            x1 /= l;
            y1 /= l;
        }
        double w2 = Math.cos(spin / 2), z2 = Math.sin(spin / 2);
        q[off] = (float) (w1 * w2 - z1 * z2);
        q[off + 1] = (float) (x1 * w2 + y1 * z2);
        q[off + 2] = (float) (y1 * w2 - x1 * z2);
        q[off + 3] = (float) (z1 * w2 + w1 * z2);
    }
}
