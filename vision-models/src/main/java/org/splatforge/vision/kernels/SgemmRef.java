package org.splatforge.vision.kernels;

/**
 * The reference twin of {@link Sgemm}: the obvious triple loop with double accumulation.
 * Tests compare the fast kernel against it; nothing fast calls it.
 */
public final class SgemmRef {

    private SgemmRef() {
    }

    /** Same contract as {@link Sgemm#gemm}. */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc,
                            float[] bias, int biasOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = bias == null ? 0 : bias[biasOff + j];
                for (int p = 0; p < k; p++) {
                    s += (double) a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                int ci = cOff + i * ldc + j;
                c[ci] = (float) ((accumulate ? c[ci] : 0) + s);
            }
        }
    }
}
