package org.splatforge.vision.quant.integer;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Integer GEMM with int32 accumulation: {@code C[m,n] = A[m,k] B[k,n] (+ bias[n])} where A is
 * int8 ({@code byte[]}) or already widened ({@code int[]}), and B is int8 data pre-widened to
 * {@code int[]} (weights are widened once at load; attention operands per tile). Register tile
 * of 4 rows by 2 int vectors (AVX-512: 4 x 32), A broadcast, B streamed, as in the fp32
 * kernel. Exact: no rounding anywhere, so it must equal {@link Int8GemmRef} bit for bit.
 */
public final class Int8Gemm {

    static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private Int8Gemm() {
    }

    public static void gemm(int m, int n, int k, byte[] a, int aOff, int lda, int[] b, int bOff, int ldb,
                            int[] c, int cOff, int ldc, int[] bias, int biasOff) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
            int c0 = cOff + i * ldc;
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                IntVector s00 = IntVector.zero(S), s01 = IntVector.zero(S), s10 = IntVector.zero(S), s11 = IntVector.zero(S);
                IntVector s20 = IntVector.zero(S), s21 = IntVector.zero(S), s30 = IntVector.zero(S), s31 = IntVector.zero(S);
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    IntVector b0 = IntVector.fromArray(S, b, bp), b1 = IntVector.fromArray(S, b, bp + L);
                    // Explicit broadcast vectors: the scalar mul(int) overload is not intrinsified everywhere.
                    IntVector x = IntVector.broadcast(S, a[a0 + p]);
                    s00 = s00.add(b0.mul(x));
                    s01 = s01.add(b1.mul(x));
                    x = IntVector.broadcast(S, a[a1 + p]);
                    s10 = s10.add(b0.mul(x));
                    s11 = s11.add(b1.mul(x));
                    x = IntVector.broadcast(S, a[a2 + p]);
                    s20 = s20.add(b0.mul(x));
                    s21 = s21.add(b1.mul(x));
                    x = IntVector.broadcast(S, a[a3 + p]);
                    s30 = s30.add(b0.mul(x));
                    s31 = s31.add(b1.mul(x));
                }
                store(s00, c, c0 + j, bias, biasOff + j);
                store(s01, c, c0 + j + L, bias, biasOff + j + L);
                store(s10, c, c0 + ldc + j, bias, biasOff + j);
                store(s11, c, c0 + ldc + j + L, bias, biasOff + j + L);
                store(s20, c, c0 + 2 * ldc + j, bias, biasOff + j);
                store(s21, c, c0 + 2 * ldc + j + L, bias, biasOff + j + L);
                store(s30, c, c0 + 3 * ldc + j, bias, biasOff + j);
                store(s31, c, c0 + 3 * ldc + j + L, bias, biasOff + j + L);
            }
            for (; j < n; j++) {
                for (int r = 0; r < 4; r++) {
                    c[c0 + r * ldc + j] = dot(a, aOff + (i + r) * lda, b, bOff + j, ldb, k) + (bias == null ? 0 : bias[biasOff + j]);
                }
            }
        }
        for (; i < m; i++) {
            int a0 = aOff + i * lda, c0 = cOff + i * ldc;
            int j = 0;
            for (; j + L <= n; j += L) {
                IntVector s0 = IntVector.zero(S);
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    s0 = s0.add(IntVector.fromArray(S, b, bp).mul(IntVector.broadcast(S, a[a0 + p])));
                }
                store(s0, c, c0 + j, bias, biasOff + j);
            }
            for (; j < n; j++) {
                c[c0 + j] = dot(a, a0, b, bOff + j, ldb, k) + (bias == null ? 0 : bias[biasOff + j]);
            }
        }
    }

    /** Same with a widened A (attention probabilities, transposed tiles). */
    public static void gemm(int m, int n, int k, int[] a, int aOff, int lda, int[] b, int bOff, int ldb,
                            int[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int a0 = aOff + i * lda, c0 = cOff + i * ldc;
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                IntVector s0 = IntVector.zero(S), s1 = IntVector.zero(S);
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    IntVector x = IntVector.broadcast(S, a[a0 + p]);
                    s0 = s0.add(IntVector.fromArray(S, b, bp).mul(x));
                    s1 = s1.add(IntVector.fromArray(S, b, bp + L).mul(x));
                }
                s0.intoArray(c, c0 + j);
                s1.intoArray(c, c0 + j + L);
            }
            for (; j + L <= n; j += L) {
                IntVector s0 = IntVector.zero(S);
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    s0 = s0.add(IntVector.fromArray(S, b, bp).mul(IntVector.broadcast(S, a[a0 + p])));
                }
                s0.intoArray(c, c0 + j);
            }
            for (; j < n; j++) {
                int s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[a0 + p] * b[bOff + p * ldb + j];
                }
                c[c0 + j] = s;
            }
        }
    }

    private static int dot(byte[] a, int aOff, int[] b, int bOff, int ldb, int k) {
        int s = 0;
        for (int p = 0; p < k; p++) {
            s += a[aOff + p] * b[bOff + p * ldb];
        }
        return s;
    }

    private static void store(IntVector s, int[] c, int ci, int[] bias, int bi) {
        if (bias != null) {
            s = s.add(IntVector.fromArray(S, bias, bi));
        }
        s.intoArray(c, ci);
    }
}
