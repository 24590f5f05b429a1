package org.splatforge.render.densify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splatforge.render.densify.DensifyFixtures.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.optim.TrainableCloud;

class SteepestDensityControlTest {

    private static final long SEED = 31337L;

    @Test
    void splitsOnlySaddlesIntoTwoHalfOpacityChildrenAlongTheEigenvector() {
        DensityConfig cfg = new DensityConfig();
        cfg.strategy = "steepgs";
        cfg.refineFrom = 0;
        cfg.refineEvery = 10;
        cfg.opacityResetEvery = 0;
        // 0: saddle + candidate; 1: candidate but S positive definite; 2: saddle but gradient too small
        GaussianCloud c = cloud(new float[] {0.05f, 0.05f, 0.05f}, new float[] {0.6f, 0.6f, 0.6f});
        TrainableCloud model = model(c);
        SteepestDensityControl sdc = new SteepestDensityControl(cfg);
        sdc.observe(1, view(camera(), new float[] {3e-4f, 3e-4f, 1e-5f}, radii(3, 3)), model);
        float[] s = sdc.splittingSums();
        java.util.Arrays.fill(s, 0f);
        // S0 = diag(1, 1, 1) - 3 u u^T with u = (1, 1, 0)/sqrt 2: eigenvalue -2 along u
        float[] s0 = {1 - 1.5f, -1.5f, 0, 1 - 1.5f, 0, 1};
        System.arraycopy(s0, 0, s, 0, 6);
        float[] s1 = {2, 0.1f, 0, 1, 0, 3};
        System.arraycopy(s1, 0, s, 6, 6);
        System.arraycopy(s0, 0, s, 12, 6);
        float[] mean0 = {c.means()[0], c.means()[1], c.means()[2]};
        DensityEvent e = sdc.afterStep(10, model, ctx(SEED));
        assertEquals(1, e.split());
        assertEquals(4, e.after());
        GaussianCloud n = model.cloud();
        assertEquals(1f, tag(n, 0));
        assertEquals(2f, tag(n, 1));
        double[] d0 = new double[3], d1 = new double[3];
        for (int a = 0; a < 3; a++) {
            d0[a] = n.means()[2 * 3 + a] - mean0[a];
            d1[a] = n.means()[3 * 3 + a] - mean0[a];
        }
        double n0 = Math.sqrt(d0[0] * d0[0] + d0[1] * d0[1] + d0[2] * d0[2]);
        double n1 = Math.sqrt(d1[0] * d1[0] + d1[1] * d1[1] + d1[2] * d1[2]);
        assertTrue(n0 > 0 && n1 > 0);
        // along +-u: equal x and y components, no z
        assertEquals(Math.abs(d0[0]), Math.abs(d0[1]), 1e-6 * (1 + n0));
        assertEquals(0, d0[2], 1e-7);
        assertTrue(d0[0] * d1[0] < 0, "the two children on opposite sides");
        for (int j = 2; j < 4; j++) {
            assertEquals(0.3, Gaussians.sigmoid(n.opacityLogits()[j]), 1e-6, "half the parent's opacity");
            assertEquals(Math.log(0.05 / 1.6), n.logScales()[j * 3], 1e-5);
        }
    }

    /**
     * A flat, large Gaussian (scales 0.5, 0.5, 0.01) whose splitting direction is its thin
     * axis z: with {@code steepStepAlongDirection} the offspring offsets follow the spread
     * along z (|n| * 0.01, a 3-dof chi draw); the released rule draws the length from all
     * three scales and throws them ~0.7 off the surface.
     */
    @Test
    void splitStepAlongTheDirectionFollowsTheParentsSpreadThere() {
        for (boolean along : new boolean[] {true, false}) {
            double worst = 0;
            for (int trial = 0; trial < 20; trial++) {
                DensityConfig cfg = new DensityConfig();
                cfg.strategy = "steepgs";
                cfg.refineFrom = 0;
                cfg.refineEvery = 10;
                cfg.opacityResetEvery = 0;
                cfg.pruneWorldFraction = 0;
                cfg.steepStepAlongDirection = along;
                GaussianCloud c = cloud(new float[] {0.5f}, new float[] {0.6f});
                c.logScales()[2] = (float) Math.log(0.01);
                TrainableCloud model = model(c);
                SteepestDensityControl sdc = new SteepestDensityControl(cfg);
                sdc.observe(1, view(camera(), new float[] {3e-4f}, radii(1, 3)), model);
                float[] s = sdc.splittingSums();
                float[] zz = {1, 0, 0, 1, 0, -1}; // lambda_min = -1 along z
                System.arraycopy(zz, 0, s, 0, 6);
                DensityEvent e = sdc.afterStep(10, model, ctx(SEED + trial));
                assertEquals(1, e.split());
                GaussianCloud n = model.cloud();
                for (int j = 0; j < 2; j++) {
                    assertEquals(0, n.means()[j * 3], 1e-6, "offset along z only");
                    assertEquals(0, n.means()[j * 3 + 1], 1e-6, "offset along z only");
                    worst = Math.max(worst, Math.abs(n.means()[j * 3 + 2]));
                }
            }
            if (along) {
                assertTrue(worst < 0.01 * 5, "offsets stay within the thin axis' spread: " + worst);
            } else {
                assertTrue(worst > 0.2, "the released rule's offsets reach the wide scales: " + worst);
            }
        }
    }

    /**
     * With {@code steepPreserveAlpha} two offspring at one spot let through what their parent
     * did: (1 - o_c)^2 = 1 - o. The plain rule (o/2 each) lets through more, and both agree
     * for faint parents.
     */
    @Test
    void alphaPreservingOffspringCompositeToTheParent() {
        DensityConfig plain = new DensityConfig();
        DensityConfig alpha = plain.copy();
        alpha.steepPreserveAlpha = true;
        assertTrue(alpha.steepPreserveAlpha, "copy() carries the flag");
        for (double o : new double[] {0.01, 0.3, 0.6, 0.9, 0.995}) {
            double c = SteepestDensityControl.childOpacity(o, alpha);
            assertEquals(1 - o, (1 - c) * (1 - c), 1e-12, "two offspring composite to the parent, o=" + o);
            double half = SteepestDensityControl.childOpacity(o, plain);
            assertEquals(o / 2, half, 1e-12);
            assertTrue(c > half, "the plain halves render fainter than the parent, o=" + o);
        }
        assertEquals(SteepestDensityControl.childOpacity(1e-4, plain),
                SteepestDensityControl.childOpacity(1e-4, alpha), 1e-8, "faint parents: the rules agree");
    }

    /**
     * {@code steepCloneSmall}: a small candidate whose splitting matrix is positive definite
     * gets a 3DGS clone (the parent stays, an exact copy is added); a small non-candidate
     * does not, and without the flag the saddle test refuses both.
     */
    @Test
    void smallNonSaddleCandidatesAreClonedOnlyWithTheFlag() {
        for (boolean flag : new boolean[] {false, true}) {
            DensityConfig cfg = new DensityConfig();
            cfg.strategy = "steepgs";
            cfg.refineFrom = 0;
            cfg.refineEvery = 10;
            cfg.opacityResetEvery = 0;
            cfg.steepCloneSmall = flag;
            // 0: small candidate, S positive definite; 1: the same without the gradient
            GaussianCloud c = cloud(new float[] {0.005f, 0.005f}, new float[] {0.6f, 0.6f});
            TrainableCloud model = model(c);
            SteepestDensityControl sdc = new SteepestDensityControl(cfg);
            sdc.observe(1, view(camera(), new float[] {3e-4f, 1e-5f}, radii(2, 3)), model);
            float[] s = sdc.splittingSums();
            float[] pd = {2, 0.1f, 0, 1, 0, 3};
            System.arraycopy(pd, 0, s, 0, 6);
            System.arraycopy(pd, 0, s, 6, 6);
            DensityEvent e = sdc.afterStep(10, model, ctx(SEED));
            assertEquals(0, e.split());
            assertEquals(flag ? 1 : 0, e.cloned());
            GaussianCloud n = model.cloud();
            assertEquals(flag ? 3 : 2, n.size());
            if (flag) {
                assertEquals(0f, tag(n, 2), "the copy is of Gaussian 0");
                for (int a = 0; a < 3; a++) {
                    assertEquals(n.means()[a], n.means()[6 + a], 0f);
                    assertEquals(n.logScales()[a], n.logScales()[6 + a], 0f);
                }
                assertEquals(n.opacityLogits()[0], n.opacityLogits()[2], 0f, "a clone keeps the full opacity");
            }
        }
    }

    @Test
    void smallestEigenSolvesRandomSymmetricMatrices() {
        Random r = new Random(SEED);
        for (int t = 0; t < 200; t++) {
            float[] s = new float[6];
            for (int k = 0; k < 6; k++) {
                s[k] = (float) r.nextGaussian();
            }
            double[] v = new double[3];
            double lambda = SplittingMatrix.smallestEigen(s, 0, 2.0, v);
            double[][] a = {{s[0], s[1], s[2]}, {s[1], s[3], s[4]}, {s[2], s[4], s[5]}};
            for (int i = 0; i < 3; i++) {
                double av = 2 * (a[i][0] * v[0] + a[i][1] * v[1] + a[i][2] * v[2]);
                assertEquals(lambda * v[i], av, 1e-9, "A v = lambda v");
            }
            // lambda is the minimum of the Rayleigh quotient: no random direction goes below it
            for (int k = 0; k < 20; k++) {
                double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
                double num = 0, den = 0;
                for (int i = 0; i < 3; i++) {
                    den += x[i] * x[i];
                    for (int j = 0; j < 3; j++) {
                        num += 2 * x[i] * a[i][j] * x[j];
                    }
                }
                assertTrue(num / den >= lambda - 1e-9);
            }
        }
    }

    /**
     * A single Gaussian "rendered" as sigma(x) = o exp(power) on a pixel grid with frozen
     * per-pixel weights c(x) = dL/dsigma. The splitting matrix from the gradient identities
     * (conic and opacity gradients, 2D-mean gradient, pinhole projection) must equal the
     * Hessian of F(mu) = sum c(x) sigma(x; project(mu)), taken by finite differences.
     */
    @Test
    void splittingMatrixFromGradientsEqualsTheHessianOfTheResponse() {
        Camera cam = Camera.lookAt(new double[] {0.3, -0.2, -3}, new double[] {0, 0, 0}, new double[] {0, -1, 0},
                64, 48, 0.9);
        double[] mu = {0.05, -0.1, 0.2};
        double qa = 0.02, qb = 0.006, qc = 0.03; // conic, pixels^-2
        double o = 0.7;
        Random r = new Random(SEED);
        double[] cw = new double[64 * 48];
        for (int k = 0; k < cw.length; k++) {
            cw[k] = r.nextGaussian();
        }
        double[] uv = project(cam, mu);
        // Gradients a rasterizer would report for this single Gaussian.
        double ga = 0, gb = 0, gc = 0, gu = 0, gv = 0, dLdo = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                double dx = uv[0] - (x + 0.5), dy = uv[1] - (y + 0.5);
                double power = -0.5 * (qa * dx * dx + qc * dy * dy) - qb * dx * dy;
                double g = Math.exp(power);
                double w = cw[y * 64 + x] * o * g; // dL/dpower
                ga += w * -0.5 * dx * dx;
                gb += w * -dx * dy;
                gc += w * -0.5 * dy * dy;
                gu += w * -(qa * dx + qb * dy);
                gv += w * -(qb * dx + qc * dy);
                dLdo += cw[y * 64 + x] * g;
            }
        }
        double dLdLogit = dLdo * o * (1 - o);
        double[] s2d = new double[3];
        SplittingMatrix.screen((float) qa, (float) qb, (float) qc, new float[] {(float) ga, (float) gb, (float) gc}, 0,
                dLdLogit / (1 - o), s2d);
        float[] acc = new float[6];
        SplittingMatrix.addWorld(cam, (float) mu[0], (float) mu[1], (float) mu[2], s2d, gu, gv, acc, 0, new double[15]);
        // The same through the strategy: a view carrying those gradients, observed twice (two
        // views), averaged at densification as the strategy does; and without the conic
        // gradients (the reduced estimator), which must differ from the Hessian.
        float[] viaStrategy = observedMatrix(cam, mu, o, qa, qb, qc, gu, gv, dLdLogit, new float[] {(float) ga,
                (float) gb, (float) gc});
        float[] reduced = observedMatrix(cam, mu, o, qa, qb, qc, gu, gv, dLdLogit, null);
        double reducedError = 0;
        // Finite-difference Hessian of F
        double h = 1e-3;
        int[][] pairs = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};
        for (int e = 0; e < 6; e++) {
            int p = pairs[e][0], q = pairs[e][1];
            double fpp = response(cam, shift(mu, p, h, q, h), qa, qb, qc, o, cw);
            double fpm = response(cam, shift(mu, p, h, q, -h), qa, qb, qc, o, cw);
            double fmp = response(cam, shift(mu, p, -h, q, h), qa, qb, qc, o, cw);
            double fmm = response(cam, shift(mu, p, -h, q, -h), qa, qb, qc, o, cw);
            double fd = (fpp - fpm - fmp + fmm) / (4 * h * h);
            assertEquals(fd, acc[e], 2e-3 * Math.abs(fd) + 1e-3, "S3d entry " + e);
            assertEquals(fd, viaStrategy[e] / 2, 2e-3 * Math.abs(fd) + 1e-3, "S3d entry " + e + " via observe()");
            reducedError = Math.max(reducedError, Math.abs(reduced[e] / 2 - fd) / (Math.abs(fd) + 1e-3));
        }
        assertTrue(reducedError > 0.05, "the conic term changes S (reduced estimator off by " + reducedError + ")");
    }

    /** The splitting-matrix sum a SteepestDensityControl gathers from two identical views. */
    private static float[] observedMatrix(Camera cam, double[] mu, double o, double qa, double qb, double qc, double gu,
                                          double gv, double dLdLogit, float[] conicGrad) {
        DensityConfig cfg = new DensityConfig();
        cfg.strategy = "steepgs";
        GaussianCloud c = cloud(new float[] {0.05f}, new float[] {(float) o});
        for (int a = 0; a < 3; a++) {
            c.means()[a] = (float) mu[a];
        }
        TrainableCloud model = model(c);
        SteepestDensityControl sdc = new SteepestDensityControl(cfg);
        ViewStats v = new ViewStats(cam, cam.width(), cam.height(), 1, new int[] {5}, new float[] {(float) gu, (float) gv},
                null, new float[] {(float) qa, (float) qb, (float) qc}, conicGrad, new float[] {(float) dLdLogit});
        sdc.observe(1, v, model);
        sdc.observe(2, v, model);
        assertEquals(conicGrad == null, sdc.reducedEstimator());
        return sdc.splittingSums().clone();
    }

    private static double[] shift(double[] mu, int p, double hp, int q, double hq) {
        double[] m = mu.clone();
        m[p] += hp;
        m[q] += hq;
        return m;
    }

    private static double[] project(Camera cam, double[] m) {
        double[] t = new double[3];
        for (int a = 0; a < 3; a++) {
            t[a] = cam.view(a, 0) * m[0] + cam.view(a, 1) * m[1] + cam.view(a, 2) * m[2] + cam.view(a, 3);
        }
        return new double[] {cam.fx() * t[0] / t[2] + cam.cx(), cam.fy() * t[1] / t[2] + cam.cy()};
    }

    private static double response(Camera cam, double[] mu, double qa, double qb, double qc, double o, double[] cw) {
        double[] uv = project(cam, mu);
        double f = 0;
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                double dx = uv[0] - (x + 0.5), dy = uv[1] - (y + 0.5);
                double power = -0.5 * (qa * dx * dx + qc * dy * dy) - qb * dx * dy;
                f += cw[y * 64 + x] * o * Math.exp(power);
            }
        }
        return f;
    }
}
