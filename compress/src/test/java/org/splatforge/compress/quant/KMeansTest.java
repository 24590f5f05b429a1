package org.splatforge.compress.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;

class KMeansTest {

    @Test
    void simdSearchEqualsTheScalarTwin() {
        Random r = new Random(77);
        System.out.println("simdSearchEqualsTheScalarTwin: seed 77");
        try (CpuDevice dev = new CpuDevice(2)) {
            for (int dim : new int[] {1, 3, 9, 15, 16, 17, 21, 45}) {
                for (int k : new int[] {1, 2, 15, 16, 17, 100}) {
                    int n = 300;
                    float[] x = new float[n * dim], c = new float[k * dim], bias = new float[k], scale = new float[n];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) r.nextGaussian();
                    }
                    for (int i = 0; i < c.length; i++) {
                        c[i] = (float) r.nextGaussian();
                    }
                    for (int j = 0; j < k; j++) {
                        bias[j] = (float) (r.nextDouble() * 2);
                    }
                    for (int i = 0; i < n; i++) {
                        scale[i] = (float) (0.1 + r.nextDouble());
                    }
                    c[0] = x[0]; // an exact hit and a tie candidate
                    int[] fast = new int[n];
                    KMeans.assign(dev, x, n, dim, c, k, bias, scale, fast);
                    int[] plain = new int[n];
                    KMeans.assign(dev, x, n, dim, c, k, null, null, plain);
                    for (int i = 0; i < n; i++) {
                        assertEquals(KMeans.nearestScalar(x, i * dim, dim, c, k, bias, scale[i]), fast[i],
                                "dim " + dim + " k " + k + " point " + i);
                        assertEquals(KMeans.nearestScalar(x, i * dim, dim, c, k, null, 1f), plain[i]);
                    }
                }
            }
        }
    }

    @Test
    void trainingIsDeterministicAcrossThreadCountsAndFindsSeparatedClusters() {
        Random r = new Random(3);
        System.out.println("trainingIsDeterministicAcrossThreadCountsAndFindsSeparatedClusters: seed 3");
        int n = 20_000, dim = 9, k = 12;
        float[] x = new float[n * dim];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            int cl = i % k;
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = (float) (cl * 10 + (d == cl % dim ? 5 : 0) + 0.1 * r.nextGaussian());
            }
            w[i] = (float) (0.5 + r.nextDouble());
        }
        float[] ref = null;
        for (int threads : new int[] {1, 2, 3}) {
            try (CpuDevice dev = new CpuDevice(threads)) {
                float[] c = KMeans.train(dev, x, n, dim, w, k, 10, 1234, 8192);
                if (ref == null) {
                    ref = c;
                } else {
                    assertArrayEquals(ref, c, threads + " threads");
                }
            }
        }
        // Each true cluster centre has a centroid within a small distance.
        for (int cl = 0; cl < k; cl++) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    double v = ref[j * dim + d] - (cl * 10 + (d == cl % dim ? 5 : 0));
                    s += v * v;
                }
                best = Math.min(best, s);
            }
            assertTrue(best < 0.1, "cluster " + cl + " missed: " + best);
        }
    }
}
