package org.splatforge.render.densify;

import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Rng;
import org.splatforge.render.optim.TrainableCloud;

/** Hand-built clouds and view statistics for the strategy tests. */
final class DensifyFixtures {

    static final int W = 100;
    static final int H = 80;

    private DensifyFixtures() {
    }

    /** A camera at (0,0,-4) looking at the origin. */
    static Camera camera() {
        return Camera.lookAt(new double[] {0, 0, -4}, new double[] {0, 0, 0}, new double[] {0, -1, 0}, W, H, 0.8);
    }

    /** Gaussian i at (i*0.1, 0, 0), isotropic scale, opacity, identity rotation. */
    static GaussianCloud cloud(float[] scales, float[] opacities) {
        int n = scales.length;
        GaussianCloud c = GaussianCloud.create(n, 1);
        for (int i = 0; i < n; i++) {
            c.means()[3 * i] = i * 0.1f;
            for (int a = 0; a < 3; a++) {
                c.logScales()[3 * i + a] = (float) Math.log(scales[i]);
            }
            c.opacityLogits()[i] = GaussianCloud.logit(opacities[i]);
            c.sh()[i * 12] = i; // a tag to follow Gaussians through gathers
        }
        return c;
    }

    /** A view in which every Gaussian is visible with the given NDC gradient norms (along x). */
    static ViewStats view(Camera cam, float[] ndcGrad, int[] radii) {
        int n = ndcGrad.length;
        float[] g = new float[n * 2];
        for (int i = 0; i < n; i++) {
            g[2 * i] = ndcGrad[i] / (W * 0.5f); // pixel gradient that scales to ndcGrad
        }
        return new ViewStats(cam, W, H, n, radii, g, null, new float[n * 3], null, new float[n]);
    }

    static int[] radii(int n, int r) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, r);
        return a;
    }

    static DensityContext ctx(long seed) {
        return new DensityContext(new Rng(seed), 1.0, 1e-4f, seed);
    }

    static float tag(GaussianCloud c, int j) {
        return c.sh()[j * c.shCoeffs() * 3];
    }

    static TrainableCloud model(GaussianCloud c) {
        return TrainableCloud.of(c, new org.splatforge.core.runtime.CpuDevice(1));
    }
}
