package org.splatforge.vision.quant.integer;

/** Reference twin of {@link Int8Gemm}: the triple loop with long accumulation (then narrowed). */
public final class Int8GemmRef {

    private Int8GemmRef() {
    }

    public static void gemm(int m, int n, int k, byte[] a, int aOff, int lda, int[] b, int bOff, int ldb,
                            int[] c, int cOff, int ldc, int[] bias, int biasOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long s = bias == null ? 0 : bias[biasOff + j];
                for (int p = 0; p < k; p++) {
                    s += (long) a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                c[cOff + i * ldc + j] = (int) s;
            }
        }
    }

    public static void gemm(int m, int n, int k, int[] a, int aOff, int lda, int[] b, int bOff, int ldb,
                            int[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long s = 0;
                for (int p = 0; p < k; p++) {
                    s += (long) a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                c[cOff + i * ldc + j] = (int) s;
            }
        }
    }
}
