package org.splatforge.compress.sh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;

class ShQuantizerTest {

    private static float[] laplaceBand(Random r, int n, int dim, double b) {
        float[] x = new float[n * dim];
        for (int i = 0; i < x.length; i++) {
            double u = r.nextDouble() - 0.5;
            x[i] = (float) (-b * Math.signum(u) * Math.log(1 - 2 * Math.abs(u)));
        }
        return x;
    }

    @Test
    void colorTransformIsOrthonormal() {
        Random r = new Random(1);
        float[] rgb = new float[3], ycc = new float[3], back = new float[3];
        for (int t = 0; t < 1000; t++) {
            for (int c = 0; c < 3; c++) {
                rgb[c] = (float) r.nextGaussian();
            }
            ShColorTransform.forward(rgb, 0, ycc, 0);
            ShColorTransform.inverse(ycc[0], ycc[1], ycc[2], back, 0);
            assertArrayEquals(rgb, back, 1e-5f);
            double e1 = rgb[0] * rgb[0] + rgb[1] * rgb[1] + rgb[2] * rgb[2];
            double e2 = ycc[0] * ycc[0] + ycc[1] * ycc[1] + ycc[2] * ycc[2];
            assertEquals(e1, e2, 1e-5 * (1 + e1), "energy preserved");
        }
    }

    @Test
    void lambdaTradesRateForDistortionMonotonically() {
        Random r = new Random(21);
        System.out.println("lambdaTradesRateForDistortionMonotonically: seed 21");
        int n = 4000, dim = 15;
        float[] x = laplaceBand(r, n, dim, 0.03);
        try (CpuDevice dev = new CpuDevice(2)) {
            double step = 0.02;
            double prevRate = Double.MAX_VALUE, prevDist = -1;
            for (double lambda : new double[] {0, 0.1 * step * step, step * step, 10 * step * step, 1e3}) {
                ScalarShQuantizer q = ScalarShQuantizer.fit(dev, x, n, dim, null, step, step, lambda);
                System.out.printf("  lambda %.3g: distortion %.5g, rate %.5g bits%n", lambda, q.distortion(), q.rateBits());
                assertTrue(q.rateBits() <= prevRate * 1.001, "rate falls with lambda");
                assertTrue(q.distortion() >= prevDist * 0.999, "distortion rises with lambda");
                prevRate = q.rateBits();
                prevDist = q.distortion();
            }
            // lambda = 0 is plain nearest-level quantization: error at most half a step.
            ScalarShQuantizer exact = ScalarShQuantizer.fit(dev, x, n, dim, null, step, step, 0);
            int[] levels = new int[dim];
            for (int i = 0; i < n; i++) {
                exact.quantize(x, i * dim, dim, 1f, levels, 0);
                for (int j = 0; j < dim; j++) {
                    double e = x[i * dim + j] - ScalarShQuantizer.dequantize(levels[j], j, step, step, exact.reconQ6());
                    assertTrue(Math.abs(e) <= step * (0.5 + exact.reconQ6() / 64.0) + 1e-7, "error " + e);
                }
            }
            // A huge lambda zeroes everything.
            ScalarShQuantizer none = ScalarShQuantizer.fit(dev, x, n, dim, null, step, step, 1e3);
            assertEquals(none.rateBits(), none.rateBits());
            for (int i = 0; i < n; i++) {
                assertTrue(!none.quantize(x, i * dim, dim, 1f, levels, 0), "band zeroed");
            }
        }
    }

    @Test
    void vectorQuantizerFindsClusteredBandsAndIsDeterministic() {
        Random r = new Random(8);
        System.out.println("vectorQuantizerFindsClusteredBandsAndIsDeterministic: seed 8");
        int n = 6000, dim = 9, clusters = 20;
        float[] centres = laplaceBand(r, clusters, dim, 0.2);
        float[] x = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(clusters);
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = centres[c * dim + d] + (float) (0.001 * r.nextGaussian());
            }
        }
        int[] ref = null;
        for (int threads : new int[] {1, 2}) {
            try (CpuDevice dev = new CpuDevice(threads)) {
                VectorShQuantizer v = VectorShQuantizer.fit(dev, x, n, dim, null, 64, 0, 0.0005, 7);
                int[] idx = new int[n];
                v.assign(dev, x, n, null, idx);
                double err = 0;
                float[] cb = VectorShQuantizer.dequantizeCodebook(v.codebookQ(), v.entryStep());
                for (int i = 0; i < n; i++) {
                    for (int d = 0; d < dim; d++) {
                        double e = x[i * dim + d] - cb[idx[i] * dim + d];
                        err += e * e;
                    }
                }
                assertTrue(err / (n * dim) < 1e-4, "rms " + Math.sqrt(err / (n * dim)));
                if (ref == null) {
                    ref = idx;
                } else {
                    assertArrayEquals(ref, idx, "thread count changed the assignment");
                }
            }
        }
    }
}
