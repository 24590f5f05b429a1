package org.splatforge.vision.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.splatforge.core.testing.SharedData;

/** The register-tiled GEMM against its double-accumulating twin, on sizes straddling 4 rows and 16/32 lanes. */
class SgemmTest {

    @Test
    void matchesReferenceOnAwkwardShapes() {
        SplittableRandom rnd = new SplittableRandom(SharedData.seed("SgemmTest", 11));
        int[] ms = {1, 3, 4, 5, 17, 50};
        int[] ns = {1, 10, 15, 16, 17, 31, 32, 33, 50, 64, 65};
        int[] ks = {1, 7, 16, 17, 64, 300};
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    for (int variant = 0; variant < 2; variant++) {
                        boolean acc = variant == 1;
                        int lda = k + 3, ldb = n + 5, ldc = n + 2;
                        float[] a = rand(rnd, 2 + m * lda), b = rand(rnd, 1 + k * ldb);
                        float[] bias = rand(rnd, n + 4);
                        float[] c1 = rand(rnd, 3 + m * ldc), c2 = c1.clone();
                        Sgemm.gemm(m, n, k, a, 2, lda, b, 1, ldb, c1, 3, ldc, acc ? null : bias, 4, acc);
                        SgemmRef.gemm(m, n, k, a, 2, lda, b, 1, ldb, c2, 3, ldc, acc ? null : bias, 4, acc);
                        for (int i = 0; i < c1.length; i++) {
                            assertEquals(c2[i], c1[i], 1e-5f * (1 + Math.abs(c2[i])) * Math.sqrt(k),
                                    "m=" + m + " n=" + n + " k=" + k + " acc=" + acc + " at " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void transposeIsExact() {
        SplittableRandom rnd = new SplittableRandom(SharedData.seed("SgemmTest.transpose", 5));
        for (int rows : new int[] {1, 7, 8, 17}) {
            for (int cols : new int[] {1, 9, 16, 33}) {
                float[] src = rand(rnd, rows * (cols + 1));
                float[] dst = new float[cols * (rows + 2)];
                Sgemm.transpose(src, 0, cols + 1, rows, cols, dst, 0, rows + 2);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertEquals(src[i * (cols + 1) + j], dst[j * (rows + 2) + i]);
                    }
                }
            }
        }
    }

    static float[] rand(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }
}
