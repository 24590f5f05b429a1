package org.splatforge.render.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;

class AdamTest {

    private static final long SEED = 20240611L;

    @ParameterizedTest(name = "stride {0}, rows {1}, active {2}")
    @CsvSource({"1,1,1", "1,17,1", "3,15,3", "3,16,3", "4,33,4", "48,17,48", "48,5,3", "48,40,12", "27,100,27", "3,5000,3"})
    void matchesReferenceTwin(int stride, int rows, int active) {
        System.out.println("[seed] AdamTest.matchesReferenceTwin = " + SEED);
        Random rnd = new Random(SEED + stride * 1000L + rows);
        float[] scale = new float[stride];
        for (int c = 0; c < stride; c++) {
            scale[c] = c < 3 ? 1f : 1f / 20; // the SH recipe: rest bands at 1/20 of the DC rate
        }
        int n = rows * stride;
        float[] p = new float[n];
        double[] pRef = new double[n];
        for (int j = 0; j < n; j++) {
            p[j] = (float) rnd.nextGaussian();
            pRef[j] = p[j];
        }
        try (Device dev = new CpuDevice(2)) {
            Adam adam = new Adam(dev);
            int g = adam.addGroup("x", stride, scale, true);
            AdamReference ref = new AdamReference(Adam.BETA1, Adam.BETA2, Adam.EPS, stride, scale, rows);
            float[] grad = new float[n];
            for (int step = 0; step < 7; step++) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < stride; c++) {
                        // zero gradients in inactive columns, as for SH bands above the active degree
                        grad[r * stride + c] = c < active ? (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(5) - 3)) : 0f;
                    }
                }
                float lr = 0.01f * (step + 1);
                adam.step(g, p, grad, rows, lr, active);
                ref.step(pRef, grad, lr, active);
            }
            for (int j = 0; j < n; j++) {
                assertEquals(pRef[j], p[j], 1e-6 + 2e-6 * Math.abs(pRef[j]), "param " + j);
                assertEquals(ref.m()[j], adam.group(g).m()[j], 1e-6 * (1 + Math.abs(ref.m()[j])), "m " + j);
                assertEquals(ref.v()[j], adam.group(g).v()[j], 1e-6 * (1 + Math.abs(ref.v()[j])), "v " + j);
            }
        }
    }

    @Test
    void firstStepMovesEachParameterByTheLearningRate() {
        // After one step m_hat = g and v_hat = g^2, so the move is lr * g/|g| (eps 1e-15 is negligible).
        try (Device dev = new CpuDevice(1)) {
            Adam adam = new Adam(dev);
            int g = adam.addGroup("x", 1, null, false);
            float[] p = {1f, 1f, 1f};
            adam.step(g, p, new float[] {0.5f, -3f, 0f}, 3, 0.1f);
            assertEquals(0.9f, p[0], 1e-6f);
            assertEquals(1.1f, p[1], 1e-6f);
            assertEquals(1.0f, p[2], 0f);
        }
    }

    @Test
    void bitIdenticalForOneAndTwoThreadsAndAcrossPaths() {
        int stride = 48, rows = 1003;
        float[][] results = new float[3][];
        for (int run = 0; run < 3; run++) {
            Random rnd = new Random(SEED);
            float[] p = new float[rows * stride];
            for (int j = 0; j < p.length; j++) {
                p[j] = (float) rnd.nextGaussian();
            }
            try (Device dev = new CpuDevice(run == 0 ? 1 : 2)) {
                Adam adam = new Adam(dev);
                float[] scale = new float[stride];
                java.util.Arrays.fill(scale, 0.05f);
                scale[0] = scale[1] = scale[2] = 1f;
                int g = adam.addGroup("sh", stride, scale, true);
                float[] grad = new float[p.length];
                for (int step = 0; step < 4; step++) {
                    for (int j = 0; j < grad.length; j++) {
                        grad[j] = (float) rnd.nextGaussian();
                    }
                    adam.step(g, p, grad, rows, 0.003f, stride);
                }
            }
            results[run] = p;
        }
        assertArrayEquals(results[0], results[1], "1 vs 2 threads");
        assertArrayEquals(results[1], results[2], "repeatable");
    }

    @Test
    void rowPathAndFlatPathAgreeBitForBit() {
        // The per-row path (activeCols < stride) must give the same bits on the columns it updates.
        int stride = 48, rows = 77;
        Random rnd = new Random(SEED);
        float[] p0 = new float[rows * stride];
        float[] grad = new float[p0.length];
        for (int j = 0; j < p0.length; j++) {
            p0[j] = (float) rnd.nextGaussian();
            grad[j] = j % stride < 27 ? (float) rnd.nextGaussian() : 0f;
        }
        float[] a = p0.clone(), b = p0.clone();
        try (Device dev = new CpuDevice(2)) {
            Adam x = new Adam(dev), y = new Adam(dev);
            int gx = x.addGroup("sh", stride, null, true), gy = y.addGroup("sh", stride, null, true);
            x.step(gx, a, grad, rows, 0.01f, stride);
            y.step(gy, b, grad, rows, 0.01f, 27);
        }
        assertArrayEquals(a, b);
    }

    @Test
    void gatherMovesMomentsWithTheirRowsAndZeroesFreshOnes() {
        try (Device dev = new CpuDevice(1)) {
            Adam adam = new Adam(dev);
            int g = adam.addGroup("m", 2, null, true);
            int fixed = adam.addGroup("mlp", 3, null, false);
            float[] p = {1, 2, 3, 4, 5, 6};
            adam.step(g, p, new float[] {1, 1, 2, 2, 3, 3}, 3, 0.1f);
            adam.step(fixed, new float[3], new float[] {1, 1, 1}, 1, 0.1f);
            float[] m = adam.group(g).m().clone();
            adam.gather(new int[] {2, 0, -1, 0}, 4, new boolean[] {false, false, false, true});
            assertEquals(4, adam.group(g).rows());
            float[] m2 = adam.group(g).m();
            assertEquals(m[4], m2[0]);
            assertEquals(m[0], m2[2]);
            assertEquals(0f, m2[4]);
            assertEquals(0f, m2[6]);
            assertEquals(1, adam.group(fixed).rows(), "groups that are not per-Gaussian are left alone");
            assertThrows(IllegalStateException.class, () -> adam.step(g, new float[6], new float[6], 3, 0.1f));
        }
    }
}
