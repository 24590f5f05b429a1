package org.splatforge.vision.quant.integer;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Integer GEMMs with int32 accumulation, exact (they must equal {@link Int8GemmRef} bit for bit).
 *
 * <p><b>int8 x int8</b> ({@link #gemm}): {@code C[m,n] = A[m,k] B[k,n] (+ bias[n])} with A's
 * int8 values held in a {@code short[]} and B pre-packed by {@link #pack}. The Vector API has no
 * int8 dot-product (VNNI/{@code vpmaddwd}) operation and its int32 lane multiply is slow, so the
 * kernel multiplies in 16-bit lanes, 32 at a time: an int8 x int8 product fits in 16 bits
 * (|127 * 128| = 16256) and so does the sum of two (32512 < 32767), so one step computes
 * {@code s = A[i,p] B[p,:] + A[i,p+1] B[p+1,:]} in int16 lanes for 32 columns. The packing puts
 * column {@code j} in lane {@code 2j} and column {@code 16 + j} in lane {@code 2j + 1} of a
 * block of 32, so the int16 vector read as 16 int32 lanes {@code x} holds both halves of the
 * block: {@code x >> 16} is the high column exactly, and the low column is recovered from a
 * running sum of {@code x ^ 0x8000} (which biases the low half into [0, 65535] so it never
 * borrows from the high half): {@code sum(low) = sum(x ^ 0x8000) - (sum(high) << 16) - 0x8000 *
 * steps}, all modulo 2^32 and exact while |sum| < 2^31. That is 7 vector operations per 64
 * multiply-adds where int32 lanes need 8 for 32. Register tile: 4 rows by 64 columns.
 *
 * <p><b>int16 x int8</b> ({@link #gemmWide}): attention probabilities (15-bit) times int8
 * values; the products need 32 bits, so this one multiplies in int32 lanes, B widened to
 * {@code int[]}. Both single-threaded: callers split rows.
 */
public final class Int8Gemm {

    static final VectorSpecies<Short> SS = ShortVector.SPECIES_512;
    static final VectorSpecies<Integer> IS = IntVector.SPECIES_512;
    /** Columns per packed block, and int32 lanes per vector. */
    static final int BLOCK = 32, IL = 16;
    static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private Int8Gemm() {
    }

    /** k rounded up to even (the kernel consumes k in pairs). */
    public static int paddedK(int k) {
        return (k + 1) & ~1;
    }

    /** Shorts {@link #pack} produces for a {@code k x n} matrix. */
    public static int packedSize(int k, int n) {
        return (n + BLOCK - 1) / BLOCK * paddedK(k) * BLOCK;
    }

    /**
     * Packs {@code B[k][n]} (int8 values, row-major at {@code b[bOff + p*ldb + j]}) for
     * {@link #gemm}: blocks of 32 columns, each {@code paddedK(k)} rows of 32 shorts with column
     * {@code 32q + j} in lane {@code 2j} and column {@code 32q + 16 + j} in lane {@code 2j + 1};
     * padding is zero.
     *
     * @throws IllegalArgumentException for a value outside [-127, 127] (the kernel's exactness bound)
     */
    public static short[] pack(int[] b, int bOff, int ldb, int k, int n) {
        short[] out = new short[packedSize(k, n)];
        pack(b, bOff, ldb, k, n, out, 0);
        return out;
    }

    /** {@link #pack(int[], int, int, int, int)} into {@code out[outOff...]} (zeroing the padding). */
    public static void pack(int[] b, int bOff, int ldb, int k, int n, short[] out, int outOff) {
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                int v = b[bOff + p * ldb + j];
                if (v < -127 || v > 127) {
                    throw new IllegalArgumentException("B[" + p + "][" + j + "] = " + v + " outside [-127, 127]");
                }
            }
        }
        int kp = paddedK(k);
        for (int q = 0; q * BLOCK < n; q++) {
            for (int p = 0; p < kp; p++) {
                int o = outOff + (q * kp + p) * BLOCK;
                for (int j = 0; j < IL; j++) {
                    int c0 = q * BLOCK + j, c1 = c0 + IL;
                    out[o + 2 * j] = p < k && c0 < n ? (short) b[bOff + p * ldb + c0] : 0;
                    out[o + 2 * j + 1] = p < k && c1 < n ? (short) b[bOff + p * ldb + c1] : 0;
                }
            }
        }
    }

    /** Packs {@code B = X^T} where {@code X[n][k]} is int8 in shorts (attention keys): the packed form of {@code B[p][j] = x[xOff + j*ldx + p]}. */
    public static void packTransposed(short[] x, int xOff, int ldx, int k, int n, short[] out, int outOff) {
        int kp = paddedK(k);
        for (int q = 0; q * BLOCK < n; q++) {
            for (int p = 0; p < kp; p++) {
                int o = outOff + (q * kp + p) * BLOCK;
                for (int j = 0; j < IL; j++) {
                    int c0 = q * BLOCK + j, c1 = c0 + IL;
                    out[o + 2 * j] = p < k && c0 < n ? x[xOff + c0 * ldx + p] : 0;
                    out[o + 2 * j + 1] = p < k && c1 < n ? x[xOff + c1 * ldx + p] : 0;
                }
            }
        }
    }

    /**
     * {@code C[m,n] = A[m,k] B[k,n] (+ bias)} with A's values in [-128, 127] and B packed by
     * {@link #pack} (values in [-127, 127]) at {@code bp[bpOff...]}. Writes exactly columns
     * {@code [0, n)} of each C row (the last partial block is stored masked).
     *
     * @param bias per-column bias (length >= n from biasOff), or null
     */
    public static void gemm(int m, int n, int k, short[] a, int aOff, int lda, short[] bp, int bpOff,
                            int[] c, int cOff, int ldc, int[] bias, int biasOff) {
        run(m, n, k, a, aOff, lda, bp, bpOff, c, cOff, ldc, bias, biasOff, n / BLOCK);
    }

    /**
     * {@link #gemm} for callers that lay C out with padded rows: writes every column of
     * {@code [0, roundUp(n, 32))} (the padding gets zero products plus the bias there), so all
     * stores are full-width. Requires {@code ldc >= roundUp(n, 32)}, room for that width in the
     * last row, and a bias (if any) that long.
     *
     * @throws IllegalArgumentException when C or the bias is too narrow for the padded width
     */
    public static void gemmPadded(int m, int n, int k, short[] a, int aOff, int lda, short[] bp, int bpOff,
                                  int[] c, int cOff, int ldc, int[] bias, int biasOff) {
        if (m <= 0 || n <= 0) {
            return;
        }
        int blocks = (n + BLOCK - 1) / BLOCK, width = blocks * BLOCK;
        if (ldc < width || (long) cOff + (long) (m - 1) * ldc + width > c.length
                || (bias != null && bias.length - biasOff < width)) {
            throw new IllegalArgumentException("padded GEMM needs C rows and bias of width " + width + " (n=" + n
                    + ", ldc=" + ldc + ", c.length=" + c.length + ", bias.length=" + (bias == null ? "-" : bias.length) + ")");
        }
        run(m, n, k, a, aOff, lda, bp, bpOff, c, cOff, ldc, bias, biasOff, blocks);
    }

    /** Both GEMMs: blocks below {@code full} are stored whole, the rest masked to column n. */
    private static void run(int m, int n, int k, short[] a, int aOff, int lda, short[] bp, int bpOff,
                            int[] c, int cOff, int ldc, int[] bias, int biasOff, int full) {
        if (m <= 0 || n <= 0) {
            return;
        }
        int kp = paddedK(k), blocks = (n + BLOCK - 1) / BLOCK, stride = kp * BLOCK;
        // sum(x ^ 0x8000) over kp/2 steps carries this bias on the low columns.
        int corr = 0x8000 * (kp / 2);
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * lda;
            int q = 0;
            for (; q + 2 <= full; q += 2) {
                rows4x2(k, a, a0, lda, bp, bpOff + q * stride, stride, c, cOff + i * ldc + q * BLOCK, ldc, bias,
                        bias == null ? 0 : biasOff + q * BLOCK, corr);
            }
            for (int r = 0; r < 4; r++) {
                rowTail(k, a, a0 + r * lda, bp, bpOff, stride, c, cOff + (i + r) * ldc, q, full, blocks, n, bias, biasOff, corr);
            }
        }
        for (; i < m; i++) {
            rowTail(k, a, aOff + i * lda, bp, bpOff, stride, c, cOff + i * ldc, 0, full, blocks, n, bias, biasOff, corr);
        }
    }

    /** One row over blocks {@code [q, blocks)}: full stores below {@code full}, masked after. */
    private static void rowTail(int k, short[] a, int a0, short[] bp, int bpOff, int stride, int[] c, int c0, int q, int full,
                                int blocks, int n, int[] bias, int biasOff, int corr) {
        for (; q < blocks; q++) {
            row1(k, a, a0, bp, bpOff + q * stride, c, c0 + q * BLOCK, q * BLOCK, n, q >= full, bias, biasOff, corr);
        }
    }

    // The kernels keep every vector in locals and store inline: a vector passed to a method the
    // JIT does not inline is boxed, which costs more than the arithmetic.

    /** 4 rows x 2 blocks (64 columns), full-width stores. */
    private static void rows4x2(int k, short[] a, int a0, int lda, short[] bp, int b0, int stride, int[] c, int c0, int ldc,
                                int[] bias, int bo, int corrValue) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, b1 = b0 + stride;
        IntVector flip = IntVector.broadcast(IS, 0x8000);
        IntVector l00 = IntVector.zero(IS), h00 = l00, l01 = l00, h01 = l00, l10 = l00, h10 = l00, l11 = l00, h11 = l00;
        IntVector l20 = l00, h20 = l00, l21 = l00, h21 = l00, l30 = l00, h30 = l00, l31 = l00, h31 = l00;
        int kEven = k & ~1;
        int p = 0;
        for (; p < kEven; p += 2, b0 += 2 * BLOCK, b1 += 2 * BLOCK) {
            ShortVector u0 = ShortVector.fromArray(SS, bp, b0), u1 = ShortVector.fromArray(SS, bp, b0 + BLOCK);
            ShortVector w0 = ShortVector.fromArray(SS, bp, b1), w1 = ShortVector.fromArray(SS, bp, b1 + BLOCK);
            IntVector x;
            ShortVector x0 = ShortVector.broadcast(SS, a[a0 + p]), x1 = ShortVector.broadcast(SS, a[a0 + p + 1]);
            x = u0.mul(x0).add(u1.mul(x1)).reinterpretAsInts();
            h00 = h00.add(x.lanewise(VectorOperators.ASHR, 16));
            l00 = l00.add(x.lanewise(VectorOperators.XOR, flip));
            x = w0.mul(x0).add(w1.mul(x1)).reinterpretAsInts();
            h01 = h01.add(x.lanewise(VectorOperators.ASHR, 16));
            l01 = l01.add(x.lanewise(VectorOperators.XOR, flip));
            x0 = ShortVector.broadcast(SS, a[a1 + p]);
            x1 = ShortVector.broadcast(SS, a[a1 + p + 1]);
            x = u0.mul(x0).add(u1.mul(x1)).reinterpretAsInts();
            h10 = h10.add(x.lanewise(VectorOperators.ASHR, 16));
            l10 = l10.add(x.lanewise(VectorOperators.XOR, flip));
            x = w0.mul(x0).add(w1.mul(x1)).reinterpretAsInts();
            h11 = h11.add(x.lanewise(VectorOperators.ASHR, 16));
            l11 = l11.add(x.lanewise(VectorOperators.XOR, flip));
            x0 = ShortVector.broadcast(SS, a[a2 + p]);
            x1 = ShortVector.broadcast(SS, a[a2 + p + 1]);
            x = u0.mul(x0).add(u1.mul(x1)).reinterpretAsInts();
            h20 = h20.add(x.lanewise(VectorOperators.ASHR, 16));
            l20 = l20.add(x.lanewise(VectorOperators.XOR, flip));
            x = w0.mul(x0).add(w1.mul(x1)).reinterpretAsInts();
            h21 = h21.add(x.lanewise(VectorOperators.ASHR, 16));
            l21 = l21.add(x.lanewise(VectorOperators.XOR, flip));
            x0 = ShortVector.broadcast(SS, a[a3 + p]);
            x1 = ShortVector.broadcast(SS, a[a3 + p + 1]);
            x = u0.mul(x0).add(u1.mul(x1)).reinterpretAsInts();
            h30 = h30.add(x.lanewise(VectorOperators.ASHR, 16));
            l30 = l30.add(x.lanewise(VectorOperators.XOR, flip));
            x = w0.mul(x0).add(w1.mul(x1)).reinterpretAsInts();
            h31 = h31.add(x.lanewise(VectorOperators.ASHR, 16));
            l31 = l31.add(x.lanewise(VectorOperators.XOR, flip));
        }
        if (p < k) { // odd k: the packed row k is zero, so the missing A value does not matter
            ShortVector u0 = ShortVector.fromArray(SS, bp, b0), w0 = ShortVector.fromArray(SS, bp, b1);
            IntVector x;
            ShortVector x0 = ShortVector.broadcast(SS, a[a0 + p]);
            x = u0.mul(x0).reinterpretAsInts();
            h00 = h00.add(x.lanewise(VectorOperators.ASHR, 16));
            l00 = l00.add(x.lanewise(VectorOperators.XOR, flip));
            x = w0.mul(x0).reinterpretAsInts();
            h01 = h01.add(x.lanewise(VectorOperators.ASHR, 16));
            l01 = l01.add(x.lanewise(VectorOperators.XOR, flip));
            x0 = ShortVector.broadcast(SS, a[a1 + p]);
            x = u0.mul(x0).reinterpretAsInts();
            h10 = h10.add(x.lanewise(VectorOperators.ASHR, 16));
            l10 = l10.add(x.lanewise(VectorOperators.XOR, flip));
            x = w0.mul(x0).reinterpretAsInts();
            h11 = h11.add(x.lanewise(VectorOperators.ASHR, 16));
            l11 = l11.add(x.lanewise(VectorOperators.XOR, flip));
            x0 = ShortVector.broadcast(SS, a[a2 + p]);
            x = u0.mul(x0).reinterpretAsInts();
            h20 = h20.add(x.lanewise(VectorOperators.ASHR, 16));
            l20 = l20.add(x.lanewise(VectorOperators.XOR, flip));
            x = w0.mul(x0).reinterpretAsInts();
            h21 = h21.add(x.lanewise(VectorOperators.ASHR, 16));
            l21 = l21.add(x.lanewise(VectorOperators.XOR, flip));
            x0 = ShortVector.broadcast(SS, a[a3 + p]);
            x = u0.mul(x0).reinterpretAsInts();
            h30 = h30.add(x.lanewise(VectorOperators.ASHR, 16));
            l30 = l30.add(x.lanewise(VectorOperators.XOR, flip));
            x = w0.mul(x0).reinterpretAsInts();
            h31 = h31.add(x.lanewise(VectorOperators.ASHR, 16));
            l31 = l31.add(x.lanewise(VectorOperators.XOR, flip));
        }
        IntVector corr = IntVector.broadcast(IS, corrValue);
        IntVector bl0 = IntVector.zero(IS), bh0 = bl0, bl1 = bl0, bh1 = bl0;
        if (bias != null) {
            bl0 = IntVector.fromArray(IS, bias, bo);
            bh0 = IntVector.fromArray(IS, bias, bo + IL);
            bl1 = IntVector.fromArray(IS, bias, bo + BLOCK);
            bh1 = IntVector.fromArray(IS, bias, bo + BLOCK + IL);
        }
        l00.sub(h00.lanewise(VectorOperators.LSHL, 16)).sub(corr).add(bl0).intoArray(c, c0);
        h00.add(bh0).intoArray(c, c0 + IL);
        l01.sub(h01.lanewise(VectorOperators.LSHL, 16)).sub(corr).add(bl1).intoArray(c, c0 + BLOCK);
        h01.add(bh1).intoArray(c, c0 + BLOCK + IL);
        l10.sub(h10.lanewise(VectorOperators.LSHL, 16)).sub(corr).add(bl0).intoArray(c, c0 + ldc);
        h10.add(bh0).intoArray(c, c0 + ldc + IL);
        l11.sub(h11.lanewise(VectorOperators.LSHL, 16)).sub(corr).add(bl1).intoArray(c, c0 + ldc + BLOCK);
        h11.add(bh1).intoArray(c, c0 + ldc + BLOCK + IL);
        l20.sub(h20.lanewise(VectorOperators.LSHL, 16)).sub(corr).add(bl0).intoArray(c, c0 + 2 * ldc);
        h20.add(bh0).intoArray(c, c0 + 2 * ldc + IL);
        l21.sub(h21.lanewise(VectorOperators.LSHL, 16)).sub(corr).add(bl1).intoArray(c, c0 + 2 * ldc + BLOCK);
        h21.add(bh1).intoArray(c, c0 + 2 * ldc + BLOCK + IL);
        l30.sub(h30.lanewise(VectorOperators.LSHL, 16)).sub(corr).add(bl0).intoArray(c, c0 + 3 * ldc);
        h30.add(bh0).intoArray(c, c0 + 3 * ldc + IL);
        l31.sub(h31.lanewise(VectorOperators.LSHL, 16)).sub(corr).add(bl1).intoArray(c, c0 + 3 * ldc + BLOCK);
        h31.add(bh1).intoArray(c, c0 + 3 * ldc + BLOCK + IL);
    }

    /**
     * One row by one block: {@code lo} accumulates the biased low-column sums, {@code hi} the high
     * columns. {@code masked}: the block reaches past column {@code n} of a C without padding, so
     * the bias loads and the stores are masked to {@code [col, n)}.
     */
    private static void row1(int k, short[] a, int a0, short[] bp, int b0, int[] c, int c0, int col, int n, boolean masked,
                             int[] bias, int biasOff, int corrValue) {
        IntVector flip = IntVector.broadcast(IS, 0x8000);
        IntVector lo = IntVector.zero(IS), hi = lo;
        int p = 0;
        for (int kEven = k & ~1; p < kEven; p += 2, b0 += 2 * BLOCK) {
            IntVector x = ShortVector.fromArray(SS, bp, b0).mul(ShortVector.broadcast(SS, a[a0 + p]))
                    .add(ShortVector.fromArray(SS, bp, b0 + BLOCK).mul(ShortVector.broadcast(SS, a[a0 + p + 1])))
                    .reinterpretAsInts();
            hi = hi.add(x.lanewise(VectorOperators.ASHR, 16));
            lo = lo.add(x.lanewise(VectorOperators.XOR, flip));
        }
        if (p < k) {
            IntVector x = ShortVector.fromArray(SS, bp, b0).mul(ShortVector.broadcast(SS, a[a0 + p])).reinterpretAsInts();
            hi = hi.add(x.lanewise(VectorOperators.ASHR, 16));
            lo = lo.add(x.lanewise(VectorOperators.XOR, flip));
        }
        lo = lo.sub(hi.lanewise(VectorOperators.LSHL, 16)).sub(IntVector.broadcast(IS, corrValue));
        if (masked) {
            VectorMask<Integer> ml = IS.indexInRange(col, n), mh = IS.indexInRange(col + IL, n);
            if (bias != null) {
                lo = lo.add(IntVector.fromArray(IS, bias, biasOff + col, ml));
                hi = hi.add(IntVector.fromArray(IS, bias, biasOff + col + IL, mh));
            }
            lo.intoArray(c, c0, ml);
            hi.intoArray(c, c0 + IL, mh);
        } else {
            if (bias != null) {
                lo = lo.add(IntVector.fromArray(IS, bias, biasOff + col));
                hi = hi.add(IntVector.fromArray(IS, bias, biasOff + col + IL));
            }
            lo.intoArray(c, c0);
            hi.intoArray(c, c0 + IL);
        }
    }

    /**
     * {@code C[m,n] = A[m,k] B[k,n]} with A's values in [-32768, 32767] (a {@code short[]}: the
     * 15-bit attention probabilities) and B int8 values widened to {@code int[]}: int32 lanes,
     * rows by 2 vectors, A broadcast, B streamed.
     */
    public static void gemmWide(int m, int n, int k, short[] a, int aOff, int lda, int[] b, int bOff, int ldb,
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
}
