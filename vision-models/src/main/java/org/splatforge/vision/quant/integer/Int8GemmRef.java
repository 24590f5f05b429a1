package org.splatforge.vision.quant.integer;

/**
 * Reference twin of {@link Int8Gemm}: the triple loops with long accumulation (then narrowed),
 * over plain row-major operands (no packing).
 */
public final class Int8GemmRef {

    private Int8GemmRef() {
    }

    /** {@code C = A B (+ bias)}, A int8 values in {@code byte[]}, B {@code [k][n]} in {@code int[]}. */
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

    /** {@code C = A B (+ bias)} with A in {@code short[]} (int8 or 16-bit values), B {@code [k][n]} in {@code int[]}. */
    public static void gemm(int m, int n, int k, short[] a, int aOff, int lda, int[] b, int bOff, int ldb,
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

    /** {@code C = A B} with both operands in {@code int[]}. */
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
