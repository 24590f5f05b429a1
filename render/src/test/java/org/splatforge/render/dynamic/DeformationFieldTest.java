package org.splatforge.render.dynamic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;

/** The fast field against its double twin, the twin against finite differences, determinism. */
class DeformationFieldTest {

    private static final long SEED = 20261121L;
    private static final FieldConfig SMALL = new FieldConfig(4, 2, 5, 3, 7, 2);

    @ParameterizedTest(name = "{0} Gaussians")
    @ValueSource(ints = {1, 15, 17, 300})
    void forwardMatchesReference(int n) {
        System.out.println("[seed] DeformationFieldTest.forwardMatchesReference = " + SEED);
        DeformationField f = FieldFixtures.randomField(SMALL, SEED);
        DeformationReference ref = new DeformationReference(f);
        float[] pts = FieldFixtures.points(n, SEED);
        float[] out = new float[n * FieldConfig.OUTPUTS];
        try (Device dev = new CpuDevice(2)) {
            f.forward(dev, pts, null, n, 0.37f, out);
        }
        for (int i = 0; i < n; i++) {
            double[] r = ref.forward(pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2], 0.37f);
            for (int k = 0; k < FieldConfig.OUTPUTS; k++) {
                assertEquals(r[k], out[i * FieldConfig.OUTPUTS + k], 1e-4 * (1 + Math.abs(r[k])), "gaussian " + i + " out " + k);
            }
        }
    }

    @ParameterizedTest(name = "{0} Gaussians")
    @ValueSource(ints = {1, 17, 300})
    void backwardMatchesReference(int n) {
        System.out.println("[seed] DeformationFieldTest.backwardMatchesReference = " + SEED);
        DeformationField f = FieldFixtures.randomField(SMALL, SEED + n);
        DeformationReference ref = new DeformationReference(f);
        float[] pts = FieldFixtures.points(n, SEED + n);
        float[] dOut = FieldFixtures.randomGrad(n * FieldConfig.OUTPUTS, SEED + n);
        float t = 0.81f;
        FieldGradients g = new FieldGradients(f);
        float[] dMeans = new float[n * 3];
        try (Device dev = new CpuDevice(2)) {
            f.backward(dev, pts, null, n, t, dOut, g, dMeans);
        }
        double[] rp = new double[f.planes().length], rm = new double[f.mlp().length];
        for (int i = 0; i < n; i++) {
            double[] d = new double[FieldConfig.OUTPUTS];
            for (int k = 0; k < d.length; k++) {
                d[k] = dOut[i * FieldConfig.OUTPUTS + k];
            }
            double[] dp = ref.backward(pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2], t, d, rp, rm);
            for (int a = 0; a < 3; a++) {
                assertEquals(dp[a], dMeans[i * 3 + a], 2e-4 * (1 + Math.abs(dp[a])), "dMeans " + i + "," + a);
            }
        }
        assertClose(rp, g.planes(), "planes");
        assertClose(rm, g.mlp(), "mlp");
    }

    private static void assertClose(double[] want, float[] got, String what) {
        double scale = 0;
        for (double w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        assertTrue(scale > 0, what + ": reference gradient is all zero, test would prove nothing");
        for (int j = 0; j < want.length; j++) {
            assertEquals(want[j], got[j], 1e-4 * scale + 1e-4 * Math.abs(want[j]), what + "[" + j + "]");
        }
    }

    @Test
    void referenceMatchesFiniteDifferences() {
        System.out.println("[seed] DeformationFieldTest.referenceMatchesFiniteDifferences = " + SEED);
        DeformationField f = FieldFixtures.randomField(SMALL, SEED);
        DeformationReference ref = new DeformationReference(f);
        Random r = new Random(SEED);
        double h = 1e-6;
        for (int trial = 0; trial < 6; trial++) {
            double x = r.nextDouble() * 1.6 - 0.8, y = r.nextDouble() * 1.6 - 0.8, z = r.nextDouble() * 1.6 - 0.8;
            double t = r.nextDouble();
            double[] dOut = new double[FieldConfig.OUTPUTS];
            for (int k = 0; k < dOut.length; k++) {
                dOut[k] = r.nextGaussian();
            }
            double[] gp = new double[ref.planes.length], gm = new double[ref.mlp.length];
            double[] gx = ref.backward(x, y, z, t, dOut, gp, gm);
            // positions
            double[] pos = {x, y, z};
            for (int a = 0; a < 3; a++) {
                double[] p1 = pos.clone(), p0 = pos.clone();
                p1[a] += h;
                p0[a] -= h;
                double fd = (dot(dOut, ref.forward(p1[0], p1[1], p1[2], t)) - dot(dOut, ref.forward(p0[0], p0[1], p0[2], t))) / (2 * h);
                assertEquals(fd, gx[a], 1e-5 * (1 + Math.abs(fd)), "d/dpos " + a + " trial " + trial);
            }
            // every plane parameter with a non-zero gradient, and a sample of zero ones
            int checked = 0;
            for (int j = 0; j < ref.planes.length; j++) {
                if (gp[j] == 0 && j % 37 != 0) {
                    continue;
                }
                assertEquals(fd(ref, ref.planes, j, x, y, z, t, dOut, h), gp[j], 1e-6 * (1 + Math.abs(gp[j])), "plane " + j);
                checked++;
            }
            assertTrue(checked >= 2 * 6 * 4, "each sample touches 4 corners of 12 planes");
            for (int j = 0; j < ref.mlp.length; j++) {
                assertEquals(fd(ref, ref.mlp, j, x, y, z, t, dOut, h), gm[j], 1e-6 * (1 + Math.abs(gm[j])), "mlp " + j);
            }
        }
    }

    private static double fd(DeformationReference ref, double[] params, int j, double x, double y, double z, double t,
                             double[] dOut, double h) {
        double keep = params[j];
        params[j] = keep + h;
        double up = dot(dOut, ref.forward(x, y, z, t));
        params[j] = keep - h;
        double down = dot(dOut, ref.forward(x, y, z, t));
        params[j] = keep;
        return (up - down) / (2 * h);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void backwardIsDeterministicAndIndexListSelects() {
        System.out.println("[seed] DeformationFieldTest.backwardIsDeterministicAndIndexListSelects = " + SEED);
        int n = 500;
        DeformationField f = FieldFixtures.randomField(FieldConfig.defaults(), SEED);
        float[] pts = FieldFixtures.points(n, SEED);
        float[] dOut = FieldFixtures.randomGrad(n * FieldConfig.OUTPUTS, SEED);
        try (Device dev = new CpuDevice(2)) {
            FieldGradients a = new FieldGradients(f), b = new FieldGradients(f);
            float[] ma = new float[n * 3], mb = new float[n * 3];
            f.backward(dev, pts, null, n, 0.5f, dOut, a, ma);
            f.backward(dev, pts, null, n, 0.5f, dOut, b, mb);
            assertArrayEquals(a.planes(), b.planes());
            assertArrayEquals(a.mlp(), b.mlp());
            assertArrayEquals(ma, mb);
            // only the listed Gaussians are evaluated; the others' rows stay as they were
            int[] idx = {3, 4, 400};
            float[] out = new float[n * FieldConfig.OUTPUTS];
            java.util.Arrays.fill(out, 42f);
            f.forward(dev, pts, idx, idx.length, 0.5f, out);
            float[] all = new float[n * FieldConfig.OUTPUTS];
            f.forward(dev, pts, null, n, 0.5f, all);
            for (int i = 0; i < n; i++) {
                boolean listed = i == 3 || i == 4 || i == 400;
                for (int k = 0; k < FieldConfig.OUTPUTS; k++) {
                    int j = i * FieldConfig.OUTPUTS + k;
                    assertEquals(listed ? all[j] : 42f, out[j], "row " + i);
                }
            }
        }
    }

    @Test
    void freshFieldIsIdentityAndTimeIndependent() {
        DeformationField f = DeformationField.create(FieldConfig.defaults(), new float[] {-1, -1, -1},
                new float[] {1, 1, 1}, SEED);
        float[] pts = FieldFixtures.points(40, SEED);
        float[] out = new float[40 * FieldConfig.OUTPUTS];
        try (Device dev = new CpuDevice(1)) {
            f.forward(dev, pts, null, 40, 0.3f, out);
        }
        for (float v : out) {
            assertEquals(0f, v);
        }
        DeformationReference ref = new DeformationReference(f);
        assertArrayEquals(ref.features(0.1, 0.2, 0.3, 0.0), ref.features(0.1, 0.2, 0.3, 0.9), 0.0);
    }
}
