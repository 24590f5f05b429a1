package org.splatforge.vision.quant.integer;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the per-element integer steps between GEMMs: dyadic requantisation
 * with clamping, the I-ViT residual add, the patch embedding's position add and I-LayerNorm.
 * Each computes exactly what the scalar {@link IntKernels} formulas compute (64-bit products,
 * round half up, arithmetic shifts), 8 values per step in 64-bit lanes (AVX-512's
 * {@code vpmullq}/{@code vpsravq}), with scalar tails. Per-channel dyadics come as
 * {@link Dyadics}: {@code long[]} multipliers, rounding terms and shifts laid out for vector loads.
 */
public final class IntRowKernels {

    static final VectorSpecies<Long> LS = LongVector.SPECIES_512;
    static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    static final VectorSpecies<Short> S8 = ShortVector.SPECIES_128;
    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;
    static final int W = 8;

    private IntRowKernels() {
    }

    /**
     * Per-channel dyadic multipliers widened for vector loads: {@code requant(x, c) = (x *
     * mult[c] + round[c]) >> shift[c]} with {@code round[c] = 2^(shift[c]-1)}.
     */
    public record Dyadics(long[] mult, long[] round, long[] shift) {

        /** Expands {@code rq} to {@code channels} entries (a per-tensor requantiser is repeated). */
        public static Dyadics of(Requant rq, int channels) {
            long[] m = new long[channels], r = new long[channels], s = new long[channels];
            for (int c = 0; c < channels; c++) {
                int k = rq.mult().length == 1 ? 0 : c;
                m[c] = rq.mult()[k];
                s[c] = rq.shift()[k];
                r[c] = 1L << (s[c] - 1);
            }
            return new Dyadics(m, r, s);
        }
    }

    private static LongVector requant(LongVector x, Dyadics d, int c) {
        return x.mul(LongVector.fromArray(LS, d.mult, c)).add(LongVector.fromArray(LS, d.round, c))
                .lanewise(VectorOperators.ASHR, LongVector.fromArray(LS, d.shift, c));
    }

    private static long requant(long x, Dyadics d, int c) {
        return (x * d.mult[c] + d.round[c]) >> d.shift[c];
    }

    /** {@code out[j] = clamp(requant(acc[j], j), lo, hi)} for {@code j < n} (channel j). */
    public static void requantClamp(int[] acc, int accOff, int n, Dyadics d, int lo, int hi, short[] out, int outOff) {
        LongVector vlo = LongVector.broadcast(LS, lo), vhi = LongVector.broadcast(LS, hi);
        int j = 0;
        for (; j + W <= n; j += W) {
            LongVector x = (LongVector) IntVector.fromArray(I8, acc, accOff + j).convertShape(VectorOperators.I2L, LS, 0);
            requant(x, d, j).max(vlo).min(vhi).convertShape(VectorOperators.L2S, S8, 0).reinterpretAsShorts().intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            out[outOff + j] = (short) IntKernels.clamp(requant(acc[accOff + j], d, j), lo, hi);
        }
    }

    /** {@code out[j] = clamp(requant(in[j], m, s), lo, hi)} with one dyadic for all values, in int32 (may alias). */
    public static void requantClamp(int[] in, int inOff, int n, long m, long s, int lo, int hi, int[] out, int outOff) {
        LongVector vlo = LongVector.broadcast(LS, lo), vhi = LongVector.broadcast(LS, hi);
        LongVector vm = LongVector.broadcast(LS, m), vr = LongVector.broadcast(LS, 1L << (s - 1));
        long r = 1L << (s - 1);
        int sh = (int) s;
        int j = 0;
        for (; j + W <= n; j += W) {
            LongVector x = (LongVector) IntVector.fromArray(I8, in, inOff + j).convertShape(VectorOperators.I2L, LS, 0);
            x.mul(vm).add(vr).lanewise(VectorOperators.ASHR, sh).max(vlo).min(vhi)
                    .convertShape(VectorOperators.L2I, I8, 0).reinterpretAsInts().intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            out[outOff + j] = IntKernels.clamp((in[inOff + j] * m + r) >> s, lo, hi);
        }
    }

    /** {@link #requantClamp(int[], int, int, long, long, int, int, int[], int)} into int16 storage. */
    public static void requantClamp(int[] in, int inOff, int n, long m, long s, int lo, int hi, short[] out, int outOff) {
        LongVector vlo = LongVector.broadcast(LS, lo), vhi = LongVector.broadcast(LS, hi);
        LongVector vm = LongVector.broadcast(LS, m), vr = LongVector.broadcast(LS, 1L << (s - 1));
        long r = 1L << (s - 1);
        int sh = (int) s;
        int j = 0;
        for (; j + W <= n; j += W) {
            LongVector x = (LongVector) IntVector.fromArray(I8, in, inOff + j).convertShape(VectorOperators.I2L, LS, 0);
            x.mul(vm).add(vr).lanewise(VectorOperators.ASHR, sh).max(vlo).min(vhi)
                    .convertShape(VectorOperators.L2S, S8, 0).reinterpretAsShorts().intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            out[outOff + j] = (short) IntKernels.clamp((in[inOff + j] * m + r) >> s, lo, hi);
        }
    }

    /**
     * The I-ViT residual add over one row of {@code n} channels: the branch output
     * {@code y = clamp16(requant(acc[j], j))}, then
     * {@code x[j] = clamp16(requant(y, am, as) + requant(x[j], bm, bs))}.
     */
    public static void residual(int[] acc, int accOff, int n, Dyadics branch, long am, long as, long bm, long bs,
                                short[] x, int xOff) {
        LongVector lo = LongVector.broadcast(LS, -32767), hi = LongVector.broadcast(LS, 32767);
        LongVector vam = LongVector.broadcast(LS, am), var = LongVector.broadcast(LS, 1L << (as - 1));
        LongVector vbm = LongVector.broadcast(LS, bm), vbr = LongVector.broadcast(LS, 1L << (bs - 1));
        int sa = (int) as, sb = (int) bs;
        long ra = 1L << (as - 1), rb = 1L << (bs - 1);
        int j = 0;
        for (; j + W <= n; j += W) {
            LongVector a = (LongVector) IntVector.fromArray(I8, acc, accOff + j).convertShape(VectorOperators.I2L, LS, 0);
            LongVector y = requant(a, branch, j).max(lo).min(hi);
            LongVector xv = (LongVector) ShortVector.fromArray(S8, x, xOff + j).convertShape(VectorOperators.S2L, LS, 0);
            LongVector sum = y.mul(vam).add(var).lanewise(VectorOperators.ASHR, sa)
                    .add(xv.mul(vbm).add(vbr).lanewise(VectorOperators.ASHR, sb));
            sum.max(lo).min(hi).convertShape(VectorOperators.L2S, S8, 0).reinterpretAsShorts().intoArray(x, xOff + j);
        }
        for (; j < n; j++) {
            long y = IntKernels.clamp(requant(acc[accOff + j], branch, j), -32767, 32767);
            x[xOff + j] = (short) IntKernels.clamp(((y * am + ra) >> as) + ((x[xOff + j] * bm + rb) >> bs), -32767, 32767);
        }
    }

    /** Patch embedding output: {@code x[j] = clamp16(requant(acc[j], j) + pos[j])}. */
    public static void embed(int[] acc, int accOff, int n, Dyadics d, short[] pos, int posOff, short[] x, int xOff) {
        LongVector lo = LongVector.broadcast(LS, -32767), hi = LongVector.broadcast(LS, 32767);
        int j = 0;
        for (; j + W <= n; j += W) {
            LongVector a = (LongVector) IntVector.fromArray(I8, acc, accOff + j).convertShape(VectorOperators.I2L, LS, 0);
            LongVector p = (LongVector) ShortVector.fromArray(S8, pos, posOff + j).convertShape(VectorOperators.S2L, LS, 0);
            requant(a, d, j).add(p).max(lo).min(hi).convertShape(VectorOperators.L2S, S8, 0).reinterpretAsShorts().intoArray(x, xOff + j);
        }
        for (; j < n; j++) {
            x[xOff + j] = (short) IntKernels.clamp(requant(acc[accOff + j], d, j) + pos[posOff + j], -32767, 32767);
        }
    }

    /**
     * {@link IntKernels#layerNorm} of one row of {@code d} int16 values into int8 values held in
     * {@code short[]}: the same integer mean, variance sum, square root, factor and per-channel
     * requantisation, vectorised.
     */
    public static void layerNorm(short[] x, int xOff, int d, long[] biasInt, Dyadics rq, short[] out, int outOff) {
        int j = 0;
        IntVector sumV = IntVector.zero(I16);
        for (; j + 16 <= d; j += 16) {
            sumV = sumV.add(ShortVector.fromArray(S16, x, xOff + j).convertShape(VectorOperators.S2I, I16, 0));
        }
        long sum = sumV.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            sum += x[xOff + j];
        }
        long mean = Math.floorDiv(sum + d / 2, d);
        LongVector mv = LongVector.broadcast(LS, mean);
        LongVector varV = LongVector.zero(LS);
        j = 0;
        for (; j + W <= d; j += W) {
            LongVector c = ((LongVector) ShortVector.fromArray(S8, x, xOff + j).convertShape(VectorOperators.S2L, LS, 0)).sub(mv);
            varV = varV.add(c.mul(c));
        }
        long var = varV.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            long c = x[xOff + j] - mean;
            var += c * c;
        }
        long std = IntKernels.isqrt(var);
        long factor = std == 0 ? IntKernels.INT31 : IntKernels.INT31 / std;
        LongVector fv = LongVector.broadcast(LS, factor);
        LongVector lo = LongVector.broadcast(LS, -127), hi = LongVector.broadcast(LS, 127);
        j = 0;
        for (; j + W <= d; j += W) {
            LongVector c = ((LongVector) ShortVector.fromArray(S8, x, xOff + j).convertShape(VectorOperators.S2L, LS, 0)).sub(mv);
            LongVector y = c.mul(fv).lanewise(VectorOperators.ASHR, 1);
            requant(y, rq, j).add(LongVector.fromArray(LS, biasInt, j)).max(lo).min(hi)
                    .convertShape(VectorOperators.L2S, S8, 0).reinterpretAsShorts().intoArray(out, outOff + j);
        }
        for (; j < d; j++) {
            long y = ((x[xOff + j] - mean) * factor) >> 1;
            out[outOff + j] = (short) IntKernels.clamp(requant(y, rq, j) + biasInt[j], -127, 127);
        }
    }
}
