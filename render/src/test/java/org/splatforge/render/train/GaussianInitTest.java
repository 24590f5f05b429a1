package org.splatforge.render.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

class GaussianInitTest {

    private static final long SEED = 5150L;

    /** Brute force: mean squared distance to the 3 nearest other points. */
    private static double brute(float[] p, int n, int i) {
        double[] d = new double[n - 1];
        for (int j = 0, k = 0; j < n; j++) {
            if (j != i) {
                double dx = p[j * 3] - p[i * 3], dy = p[j * 3 + 1] - p[i * 3 + 1], dz = p[j * 3 + 2] - p[i * 3 + 2];
                d[k++] = dx * dx + dy * dy + dz * dz;
            }
        }
        Arrays.sort(d);
        int m = Math.min(3, n - 1);
        double s = 0;
        for (int k = 0; k < m; k++) {
            s += d[k];
        }
        return s / m;
    }

    @ParameterizedTest(name = "{0} points, clustered={1}")
    @CsvSource({"2,false", "4,false", "17,false", "1000,false", "3000,true"})
    void gridNeighboursMatchBruteForce(int n, boolean clustered) {
        System.out.println("[seed] GaussianInitTest = " + SEED);
        Random r = new Random(SEED + n);
        float[] p = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double scale = clustered && i % 2 == 0 ? 0.01 : 1; // dense clumps inside a sparse cloud
            for (int a = 0; a < 3; a++) {
                p[i * 3 + a] = (float) ((clustered && i % 2 == 0 ? 0.3 : 0) + r.nextGaussian() * scale);
            }
        }
        try (Device dev = new CpuDevice(2)) {
            float[] d = GaussianInit.meanSquaredDistance3(p, n, dev);
            for (int i = 0; i < n; i++) {
                double b = brute(p, n, i);
                assertEquals(b, d[i], 1e-6 * b + 1e-12, "point " + i);
            }
        }
    }

    @Test
    void initialGaussiansFollow3dgs() {
        float[] pos = {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3};
        float[] col = {1, 0, 0.5f, 0, 1, 0, 0, 0, 1, 0.5f, 0.5f, 0.5f};
        try (Device dev = new CpuDevice(1)) {
            GaussianCloud c = GaussianInit.fromPoints(pos, col, 3, 0.1f, 1f, dev);
            assertEquals(4, c.size());
            assertEquals(3, c.shDegree());
            // point 0: distances 1, 4, 9 -> mean 14/3 -> scale sqrt(14/3)
            assertEquals(Math.log(Math.sqrt(14.0 / 3)), c.logScales()[0], 1e-6);
            assertEquals((1 - 0.5) / GaussianInit.SH_C0, c.sh()[0], 1e-5);
            assertEquals(0f, c.sh()[2], 1e-6f, "0.5 maps to a zero DC");
            assertEquals(0f, c.sh()[3], "higher bands start at zero");
            assertEquals(0.1, GaussianCloud.sigmoid(c.opacityLogits()[0]), 1e-6);
            assertEquals(1f, c.quats()[0]);
        }
    }
}
