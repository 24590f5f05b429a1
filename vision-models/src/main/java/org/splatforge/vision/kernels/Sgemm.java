package org.splatforge.vision.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM, register-tiled with the Vector API: {@code C[m,n] = beta*C + A[m,k] B[k,n]
 * (+ bias[n])}, all row-major with leading dimensions. The micro-kernel keeps a 4-row by
 * 2-vector block of C in registers (8 accumulators; with AVX-512's 16 lanes a 4x32 tile) and
 * streams one row of B per k step, broadcasting A's scalars (the Goto/BLIS outer-product
 * scheme). k is cut into blocks of {@link #KC} so the active panel of B stays in L2.
 * Column tails narrower than one vector run scalar.
 *
 * <p>The epilogue is exact about rounding order so that fused and unfused schedules give
 * bit-identical results: the dot product is accumulated from zero, then
 * {@code c = (accumulate ? c : 0) + (dot + bias)}. Single-threaded: callers split rows.
 * Reference twin: {@link SgemmRef}.
 */
public final class Sgemm {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** k-block: a 256 x 192 panel of B is 192 KiB, within L2. */
    public static final int KC = 256;

    private Sgemm() {
    }

    /**
     * @param bias       per-column bias (length >= n from biasOff), or null
     * @param accumulate add to C instead of overwriting it
     */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc,
                            float[] bias, int biasOff, boolean accumulate) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k > KC) {
            // Blocked over k: the first block writes dot products to a scratch-free form by
            // accumulating into C; rounding then differs from the single-block order, which
            // only matters for the bitwise fused/unfused guarantee (k <= KC in inference).
            gemmBlockedK(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, accumulate);
            return;
        }
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            rows4(i, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, accumulate);
        }
        for (; i < m; i++) {
            rows1(i, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, bias, biasOff, accumulate);
        }
    }

    private static void gemmBlockedK(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                     float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean accumulate) {
        for (int p = 0; p < k; p += KC) {
            int kc = Math.min(KC, k - p);
            boolean first = p == 0;
            gemm(m, n, kc, a, aOff + p, lda, b, bOff + p * ldb, ldb, c, cOff, ldc,
                    first ? bias : null, biasOff, accumulate || !first);
        }
    }

    private static void rows4(int i, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean acc) {
        int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int c0 = cOff + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S);
            FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S);
            FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S);
            FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S);
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
                s00 = b0.fma(x, s00);
                s01 = b1.fma(x, s01);
                x = FloatVector.broadcast(S, a[a1 + p]);
                s10 = b0.fma(x, s10);
                s11 = b1.fma(x, s11);
                x = FloatVector.broadcast(S, a[a2 + p]);
                s20 = b0.fma(x, s20);
                s21 = b1.fma(x, s21);
                x = FloatVector.broadcast(S, a[a3 + p]);
                s30 = b0.fma(x, s30);
                s31 = b1.fma(x, s31);
            }
            store(s00, c, c0 + j, bias, biasOff + j, acc);
            store(s01, c, c0 + j + L, bias, biasOff + j + L, acc);
            store(s10, c, c1 + j, bias, biasOff + j, acc);
            store(s11, c, c1 + j + L, bias, biasOff + j + L, acc);
            store(s20, c, c2 + j, bias, biasOff + j, acc);
            store(s21, c, c2 + j + L, bias, biasOff + j + L, acc);
            store(s30, c, c3 + j, bias, biasOff + j, acc);
            store(s31, c, c3 + j + L, bias, biasOff + j + L, acc);
        }
        for (; j + L <= n; j += L) {
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += ldb) {
                FloatVector b0 = FloatVector.fromArray(S, b, bp);
                s0 = b0.fma(FloatVector.broadcast(S, a[a0 + p]), s0);
                s1 = b0.fma(FloatVector.broadcast(S, a[a1 + p]), s1);
                s2 = b0.fma(FloatVector.broadcast(S, a[a2 + p]), s2);
                s3 = b0.fma(FloatVector.broadcast(S, a[a3 + p]), s3);
            }
            store(s0, c, c0 + j, bias, biasOff + j, acc);
            store(s1, c, c1 + j, bias, biasOff + j, acc);
            store(s2, c, c2 + j, bias, biasOff + j, acc);
            store(s3, c, c3 + j, bias, biasOff + j, acc);
        }
        for (; j < n; j++) {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += ldb) {
                float bv = b[bp];
                s0 = Math.fma(a[a0 + p], bv, s0);
                s1 = Math.fma(a[a1 + p], bv, s1);
                s2 = Math.fma(a[a2 + p], bv, s2);
                s3 = Math.fma(a[a3 + p], bv, s3);
            }
            float bj = bias == null ? 0f : bias[biasOff + j];
            c[c0 + j] = (acc ? c[c0 + j] : 0f) + (s0 + bj);
            c[c1 + j] = (acc ? c[c1 + j] : 0f) + (s1 + bj);
            c[c2 + j] = (acc ? c[c2 + j] : 0f) + (s2 + bj);
            c[c3 + j] = (acc ? c[c3 + j] : 0f) + (s3 + bj);
        }
    }

    private static void rows1(int i, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean acc) {
        int a0 = aOff + i * lda;
        int c0 = cOff + i * ldc;
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += ldb) {
                s0 = FloatVector.fromArray(S, b, bp).fma(FloatVector.broadcast(S, a[a0 + p]), s0);
            }
            store(s0, c, c0 + j, bias, biasOff + j, acc);
        }
        for (; j < n; j++) {
            float s0 = 0;
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += ldb) {
                s0 = Math.fma(a[a0 + p], b[bp], s0);
            }
            float bj = bias == null ? 0f : bias[biasOff + j];
            c[c0 + j] = (acc ? c[c0 + j] : 0f) + (s0 + bj);
        }
    }

    private static void store(FloatVector s, float[] c, int ci, float[] bias, int bi, boolean acc) {
        if (bias != null) {
            s = s.add(FloatVector.fromArray(S, bias, bi));
        }
        if (acc) {
            s = FloatVector.fromArray(S, c, ci).add(s);
        }
        s.intoArray(c, ci);
    }

    /** {@code dst[j][i] = src[i][j]} for a {@code rows x cols} block. */
    public static void transpose(float[] src, int srcOff, int lds, int rows, int cols, float[] dst, int dstOff, int ldd) {
        // 8x8 blocks keep both sides in cache lines.
        for (int i0 = 0; i0 < rows; i0 += 8) {
            int i1 = Math.min(rows, i0 + 8);
            for (int j0 = 0; j0 < cols; j0 += 8) {
                int j1 = Math.min(cols, j0 + 8);
                for (int i = i0; i < i1; i++) {
                    int s = srcOff + i * lds;
                    for (int j = j0; j < j1; j++) {
                        dst[dstOff + j * ldd + i] = src[s + j];
                    }
                }
            }
        }
    }
}
