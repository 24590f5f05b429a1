package org.splatforge.render.raster;

import java.util.Random;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Seeded random scenes that exercise every branch of the rasterization contract: culling
 * behind the near plane, Gaussians off screen (and in the clamped-Jacobian band just outside
 * it), thin needles, opaque stacks that reach the 1e-4 stop, translucent ones near the 1/255
 * threshold, and image sizes that are not multiples of the 16-pixel tile.
 */
public final class RandomScenes {

    /** What a scene stresses. */
    public enum Kind {
        /** A bit of everything. */
        MIXED,
        /** Very anisotropic Gaussians (scale ratios up to ~1000). */
        NEEDLES,
        /** Dense high-opacity layers: most pixels stop at T < 1e-4. */
        OPAQUE_STACK,
        /** Means near and behind the near plane, and far off screen with large extent. */
        CULLING
    }

    private RandomScenes() {
    }

    /** The camera used by every random scene: at the origin looking down +z (OpenCV axes). */
    public static Camera camera(int width, int height) {
        double f = 0.9 * width;
        double[] view = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        return new Camera(width, height, f, f * 1.05, 0.5 * width + 0.3, 0.5 * height - 0.2, view);
    }

    /** A cloud of {@code n} Gaussians of SH degree {@code degree} for camera {@link #camera}. */
    public static GaussianCloud cloud(Kind kind, int n, int degree, long seed) {
        Random r = new Random(seed);
        GaussianCloud c = GaussianCloud.create(n, degree);
        int k = c.shCoeffs();
        for (int i = 0; i < n; i++) {
            double z, x, y, logScale, aniso, opacityLogit;
            switch (kind) {
                case NEEDLES -> {
                    z = 2 + 3 * r.nextDouble();
                    x = (r.nextDouble() - 0.5) * 0.9 * z;
                    y = (r.nextDouble() - 0.5) * 0.9 * z;
                    logScale = -1.2 + 0.4 * r.nextGaussian();
                    aniso = 3 + 4 * r.nextDouble();
                    opacityLogit = 1 + r.nextGaussian();
                }
                case OPAQUE_STACK -> {
                    z = 1.5 + 2 * r.nextDouble();
                    x = (r.nextDouble() - 0.5) * 0.5 * z;
                    y = (r.nextDouble() - 0.5) * 0.5 * z;
                    logScale = -1.6 + 0.3 * r.nextGaussian();
                    aniso = 0.5 * r.nextDouble();
                    opacityLogit = 4 + 2 * r.nextDouble();
                }
                case CULLING -> {
                    double u = r.nextDouble();
                    if (u < 0.2) {
                        z = -1 + 1.0 * r.nextDouble();          // behind or on the camera
                    } else if (u < 0.35) {
                        z = 0.005 + 0.03 * r.nextDouble();      // around the near plane
                    } else {
                        z = 1 + 4 * r.nextDouble();
                    }
                    double spread = u < 0.6 ? 1.6 : 0.9;        // some far outside the view
                    x = (r.nextDouble() - 0.5) * spread * Math.abs(z) * 1.5;
                    y = (r.nextDouble() - 0.5) * spread * Math.abs(z) * 1.5;
                    logScale = -2.2 + 0.8 * r.nextGaussian();
                    aniso = r.nextDouble();
                    opacityLogit = r.nextGaussian() * 2;
                }
                default -> {
                    z = 1 + 5 * r.nextDouble();
                    x = (r.nextDouble() - 0.5) * 1.2 * z;
                    y = (r.nextDouble() - 0.5) * 1.2 * z;
                    logScale = -2.3 + 0.6 * r.nextGaussian();
                    aniso = 1.5 * r.nextDouble();
                    opacityLogit = r.nextGaussian() * 2.5;
                }
            }
            c.means()[i * 3] = (float) x;
            c.means()[i * 3 + 1] = (float) y;
            c.means()[i * 3 + 2] = (float) z;
            c.logScales()[i * 3] = (float) logScale;
            c.logScales()[i * 3 + 1] = (float) (logScale - aniso);
            c.logScales()[i * 3 + 2] = (float) (logScale - 0.5 * aniso + 0.3 * r.nextGaussian());
            for (int a = 0; a < 4; a++) {
                c.quats()[i * 4 + a] = (float) r.nextGaussian();
            }
            c.opacityLogits()[i] = (float) opacityLogit;
            for (int j = 0; j < k; j++) {
                for (int ch = 0; ch < 3; ch++) {
                    c.sh()[(i * k + j) * 3 + ch] = (float) (j == 0 ? 1.2 * r.nextGaussian() : 0.4 * r.nextGaussian());
                }
            }
        }
        return c;
    }

    /** Uniform random weights in [-1, 1]: a loss that uses every output pixel. */
    public static float[] weights(int n, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = 2 * r.nextFloat() - 1;
        }
        return w;
    }
}
