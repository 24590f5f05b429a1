package org.splatforge.compress.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RotationQuantizerTest {

    private static double[] covariance(double[] rot, double[] logScales) {
        double[] c = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int q = 0; q < 3; q++) {
                double v = 0;
                for (int a = 0; a < 3; a++) {
                    v += rot[r * 3 + a] * Math.exp(2 * logScales[a]) * rot[q * 3 + a];
                }
                c[r * 3 + q] = v;
            }
        }
        return c;
    }

    private static double frob(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < 9; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    private static float[] randomQuat(Random r) {
        return new float[] {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()};
    }

    @Test
    void canonicalFramePreservesTheCovarianceAndSortsScales() {
        Random r = new Random(12);
        System.out.println("canonicalFramePreservesTheCovarianceAndSortsScales: seed 12");
        for (int t = 0; t < 5000; t++) {
            float[] q = randomQuat(r);
            float[] ls = {(float) (r.nextGaussian() - 4), (float) (r.nextGaussian() - 4), (float) (r.nextGaussian() - 4)};
            if (t % 10 == 0) {
                ls[1] = ls[0]; // ties keep their order
            }
            double[] m = new double[9];
            CanonicalFrame.quatToMatrix(q[0], q[1], q[2], q[3], m);
            double[] before = covariance(m, new double[] {ls[0], ls[1], ls[2]});
            float[] s = new float[3];
            double[] rot = new double[9];
            CanonicalFrame.canonicalize(ls, 0, q, 0, s, 0, rot, 0);
            assertTrue(s[0] >= s[1] && s[1] >= s[2], "sorted");
            double[] after = covariance(rot, new double[] {s[0], s[1], s[2]});
            double scale = Math.exp(2 * s[0]);
            assertTrue(frob(before, after) <= 1e-12 * scale + 1e-15, "covariance changed");
            double det = rot[0] * (rot[4] * rot[8] - rot[5] * rot[7]) - rot[1] * (rot[3] * rot[8] - rot[5] * rot[6])
                    + rot[2] * (rot[3] * rot[7] - rot[4] * rot[6]);
            assertEquals(1.0, det, 1e-9, "right-handed");
            // matrix -> quaternion -> matrix is the identity on rotations
            float[] back = new float[4];
            CanonicalFrame.matrixToQuat(rot, 0, back, 0);
            double[] again = new double[9];
            CanonicalFrame.quatToMatrix(back[0], back[1], back[2], back[3], again);
            assertTrue(frob(rot, again) < 1e-6, "matrixToQuat");
        }
    }

    @Test
    void rotationErrorStaysWithinTheBoundaryToleranceAtEveryShift() {
        Random r = new Random(99);
        System.out.println("rotationErrorStaysWithinTheBoundaryToleranceAtEveryShift: seed 99");
        double worst = 0;
        for (double tol : new double[] {1e-5, 1e-4, 1e-3, 1e-2}) {
            RotationQuantizer rq = new RotationQuantizer(tol);
            for (int t = 0; t < 4000; t++) {
                float[] q = randomQuat(r);
                float[] ls = {(float) (r.nextGaussian() * 1.5 - 4), (float) (r.nextGaussian() * 1.5 - 4),
                        (float) (r.nextGaussian() * 1.5 - 4)};
                float[] s = new float[3];
                double[] rot = new double[9];
                CanonicalFrame.canonicalize(ls, 0, q, 0, s, 0, rot, 0);
                int ns = rq.normalShift(s[0], s[2]), as = rq.angleShift(s[0], s[1]);
                assertTrue(ns >= 0 && ns <= RotationQuantizer.MAX_SHIFT && as >= 0 && as <= RotationQuantizer.MAX_SHIFT);
                int[] g = new int[3];
                double[] scratch = new double[9];
                RotationQuantizer.quantize(rot, 0, ns, as, g, 0, scratch);
                int h = RotationQuantizer.normalHalf(ns);
                assertTrue(Math.abs(g[0]) <= h && Math.abs(g[1]) <= h && g[2] >= 0
                        && g[2] < RotationQuantizer.angleLevels(as), "grid range");
                double[] dec = new double[9];
                RotationQuantizer.dequantize(g[0], g[1], g[2], ns, as, dec, 0, scratch);
                double[] ss = {s[0], s[1], s[2]};
                double err = frob(covariance(rot, ss), covariance(dec, ss)) / Math.exp(s[0]);
                // Boundary displacement ~ ||dSigma|| / s0; the shifts promise about tol, at
                // the finest grid the grid's own resolution bounds it instead.
                double finest = Math.exp(s[0]) * 2.0 / (1 << RotationQuantizer.BASE_LOG2);
                double bound = 4 * Math.max(tol, finest);
                worst = Math.max(worst, err / Math.max(tol, finest));
                assertTrue(err <= bound, "tol " + tol + ": error " + err + " > " + bound + " (shifts " + ns + ", " + as + ")");
            }
        }
        System.out.printf("  worst boundary error / tolerance: %.3f%n", worst);
    }

    @Test
    void otherQuantizersRespectTheirBounds() {
        OpacityQuantizer oq = new OpacityQuantizer(64);
        for (float logit = -12; logit <= 12; logit += 0.01f) {
            double a = 1 / (1 + Math.exp(-logit));
            double b = 1 / (1 + Math.exp(-oq.dequantize(oq.quantize(logit))));
            assertTrue(Math.abs(a - b) <= 0.5 / 64 + 1e-6, "opacity at logit " + logit);
        }
        UniformQuantizer u = new UniformQuantizer(-3, 0.05);
        for (double x = -10; x < 10; x += 0.0123) {
            assertTrue(Math.abs(u.dequantize(u.quantize(x)) - x) <= 0.025 + 1e-12);
        }
    }

    @Test
    void positionGridCoversTheBoundsAndCapsAt21Bits() {
        Random r = new Random(5);
        float[] m = new float[3000];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) (r.nextGaussian() * 2);
        }
        m[0] = 1e6f; // a far outlier: the grid stretches (coarser) rather than clamping
        PositionGrid g = PositionGrid.fit(m, 1000, 2.0, 1.0 / 4096, org.splatforge.compress.order.SpaceFillingCurve.MORTON);
        assertEquals(21, g.bits());
        for (int i = 0; i < 1000; i++) {
            for (int a = 0; a < 3; a++) {
                double back = g.dequantize(g.quantize(m[i * 3 + a], a), a);
                assertTrue(Math.abs(back - m[i * 3 + a]) <= g.step() * 0.5 * (1 + 1e-9) + Math.ulp(1e6f), "axis " + a);
            }
        }
        PositionGrid fine = PositionGrid.fit(m, 1000, 2.0, 1.0 / 4096, org.splatforge.compress.order.SpaceFillingCurve.HILBERT);
        assertTrue(fine.step() > 4.0 / 4096, "outlier forces a coarser step");
        float[] tight = {0, 0, 0, 1, 1, 1};
        PositionGrid t = PositionGrid.fit(tight, 2, 0.87, 1.0 / 1024, org.splatforge.compress.order.SpaceFillingCurve.MORTON);
        assertEquals(2 * 0.87 / 1024, t.step(), 1e-12);
        assertTrue(t.bits() <= 10);
    }
}
