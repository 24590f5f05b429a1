package org.splatforge.vision.quant.integer;

/**
 * The integer-only non-linear kernels of I-ViT (Li and Gu, "I-ViT: Integer-only Quantization
 * for Efficient Vision Transformer Inference", ICCV 2023): dyadic requantisation, ShiftExp,
 * Shiftmax, ShiftGELU and I-LayerNorm with an integer square root. Only int/long arithmetic,
 * shifts and integer division: a test scans this package's bytecode for any float or double
 * instruction.
 *
 * <p>A real multiplier r is carried as a dyadic number {@code m / 2^s} (I-ViT's "dyadic
 * arithmetic"): {@code requant(x) = (x * m + 2^(s-1)) >> s}, round half up.
 */
public final class IntKernels {

    /** 2^31 - 1: I-ViT's numerator for integer division by a sum (softmax, sigmoid, LayerNorm). */
    public static final long INT31 = 0x7fffffffL;

    private IntKernels() {
    }

    /** {@code round(x * m / 2^s)} with s in [1, 62]. */
    public static long requant(long x, int m, int s) {
        return (x * m + (1L << (s - 1))) >> s;
    }

    public static int clamp(long v, int lo, int hi) {
        return v < lo ? lo : v > hi ? hi : (int) v;
    }

    /**
     * ShiftExp: {@code e^(x S) * 2^n / ... } for {@code x <= 0} in units of the input scale S.
     * I-ViT: {@code x * log2(e)} by shifts ({@code x + x>>1 - x>>4}), split into an integer
     * power {@code q} and remainder {@code r} of {@code x0 = floor(-1/S)}, {@code 2^(r S)} by
     * the linear approximation {@code r/2 + 1} (in units of {@code -x0}), then shifted by
     * {@code n - q}. The result has scale {@code S_out = 1 / (-x0 * 2^n)}, up to the
     * approximation.
     *
     * @param x  input, must be {@code <= 0}
     * @param x0 {@code floor(-1/S)}, negative
     * @param n  output precision bits (I-ViT: 15 for Shiftmax, 23 for ShiftGELU)
     */
    public static long shiftExp(long x, long x0, int n) {
        return shiftExp(x, x0, reciprocal(x0), n);
    }

    /**
     * {@link #shiftExp(long, long, int)} with {@code inv = reciprocal(x0)} precomputed: the
     * division {@code t / x0} becomes a multiply-high and one correction (exact for
     * {@code |t| < 2^31}), as integer hardware does it.
     */
    public static long shiftExp(long x, long x0, long inv, int n) {
        long t = x + (x >> 1) - (x >> 4);
        long lim = n * x0;
        if (t < lim) {
            t = lim;
        }
        long q = (-t * inv) >>> 32; // floor(t / x0) or one more
        if (q * -x0 > -t) {
            q--;
        }
        long r = t - q * x0;
        long e = (r >> 1) - x0;
        return e << (n - q);
    }

    /** {@code ceil(2^32 / -x0)} for {@link #shiftExp(long, long, long, int)}; x0 < 0. */
    public static long reciprocal(long x0) {
        return ((1L << 32) + (-x0) - 1) / (-x0);
    }

    /** Numerator of the integer divisions that normalise Shiftmax and ShiftGELU (see the class notes). */
    static final long NUMERATOR = 1L << 52;
    /** Bits the normalised results keep: probabilities and sigmoids at scale 2^-15. */
    public static final int PROB_BITS = 15;

    /**
     * Shiftmax over one row: {@code out[j] ~ softmax(x S)[j] * 2^15} (scale 2^-15, values in
     * [0, 2^15 - 1]). I-ViT divides {@code 2^31 - 1} by the sum of exponentials and keeps 8
     * (TVM) to 17 (PyTorch) bits; we divide {@code 2^52} in 64-bit integers so the quotient
     * keeps at least 15 significant bits for any row length, and cap ShiftExp's precision so one
     * exponential stays below 2^31. Uses {@code exps} as scratch of at least {@code count} longs.
     */
    public static void shiftmax(int[] x, int xOff, int count, long x0, int n, short[] out, int outOff, long[] exps) {
        int max = Integer.MIN_VALUE;
        for (int j = 0; j < count; j++) {
            max = Math.max(max, x[xOff + j]);
        }
        long sum = 0;
        long inv = reciprocal(x0);
        int nn = Math.max(0, Math.min(n, 31 - bitLength(-x0)));
        for (int j = 0; j < count; j++) {
            long e = shiftExp((long) x[xOff + j] - max, x0, inv, nn);
            exps[j] = e;
            sum += e;
        }
        long factor = NUMERATOR / sum;
        for (int j = 0; j < count; j++) {
            out[outOff + j] = (short) Math.min(32767, (exps[j] * factor) >> (52 - PROB_BITS));
        }
    }

    /**
     * ShiftExp of every score difference an int8 row can have ({@code d = x - max} in
     * [-254, 0]), at the precision {@link #shiftmax} uses: entry
     * {@code -d}. With it Shiftmax costs a load per element instead of the shift arithmetic.
     */
    public static long[] shiftExpTable(long x0, int n) {
        long inv = reciprocal(x0);
        int nn = Math.max(0, Math.min(n, 31 - bitLength(-x0)));
        long[] t = new long[255];
        for (int i = 0; i < 255; i++) {
            t[i] = shiftExp(-i, x0, inv, nn);
        }
        return t;
    }

    /**
     * {@link #shiftmax} for int8 inputs (|x| <= 127) through a {@link #shiftExpTable}: the same
     * integers, bit for bit (a test checks).
     */
    public static void shiftmax8(int[] x, int xOff, int count, long[] expTable, short[] out, int outOff, long[] exps) {
        int max = Integer.MIN_VALUE;
        for (int j = 0; j < count; j++) {
            max = Math.max(max, x[xOff + j]);
        }
        long sum = 0;
        for (int j = 0; j < count; j++) {
            long e = expTable[max - x[xOff + j]];
            exps[j] = e;
            sum += e;
        }
        long factor = NUMERATOR / sum;
        for (int j = 0; j < count; j++) {
            out[outOff + j] = (short) Math.min(32767, (exps[j] * factor) >> (52 - PROB_BITS));
        }
    }

    /**
     * ShiftGELU over one row: {@code gelu(x) ~ x * sigmoid(1.702 x)} with the sigmoid as
     * {@code e^(1.702x - m) / (e^(1.702x - m) + e^(-m))} by ShiftExp and one integer division
     * (as in Shiftmax: numerator 2^52, result at scale 2^-15). Output {@code out = x * sigmoid}
     * at scale {@code S * 2^-15}. {@code m} is the row maximum, floored at 0 so both
     * exponents are <= 0 (a row of negatives would otherwise need a positive exponent).
     *
     * @param x0 {@code floor(-1 / (1.702 S))}
     */
    public static void shiftGelu(int[] x, int xOff, int count, long x0, int n, int[] out, int outOff) {
        int max = 0;
        for (int j = 0; j < count; j++) {
            max = Math.max(max, x[xOff + j]);
        }
        long inv = reciprocal(x0);
        int nn = Math.max(0, Math.min(n, 31 - bitLength(-x0)));
        long eNeg = shiftExp(-(long) max, x0, inv, nn);
        for (int j = 0; j < count; j++) {
            long v = x[xOff + j];
            long e = shiftExp(v - max, x0, inv, nn);
            long sig = Math.min(32767, (e * (NUMERATOR / (e + eNeg))) >> (52 - PROB_BITS));
            out[outOff + j] = (int) (v * sig);
        }
    }

    /**
     * ShiftGELU followed by requantisation, tabulated for every int8 input: entry {@code x + 127}
     * is {@code clamp8(requant(shiftGelu(x) with the row maximum taken as 127, m, s))}. The
     * sigmoid's normaliser {@code m} cancels mathematically, so fixing it at the largest int8
     * value gives ShiftGELU for any row; the table replaces one 64-bit division per element by a
     * load. Built with the same integer code, at model load.
     */
    public static byte[] shiftGeluTable(long x0, int n, int mult, int shift) {
        int[] in = new int[256], out = new int[256];
        for (int i = 0; i < 255; i++) {
            in[i] = i - 127;
        }
        in[255] = 127; // pins the row maximum at 127
        shiftGelu(in, 0, 256, x0, n, out, 0);
        byte[] t = new byte[255];
        for (int i = 0; i < 255; i++) {
            t[i] = (byte) clamp(requant(out[i], mult, shift), -127, 127);
        }
        return t;
    }

    /** Number of bits of a positive value. */
    static int bitLength(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }

    /** floor(sqrt(v)) for v >= 0 by Newton's iteration from a power of two above the root. */
    public static long isqrt(long v) {
        if (v <= 0) {
            return 0;
        }
        int bits = 64 - Long.numberOfLeadingZeros(v);
        long x = 1L << ((bits + 1) / 2); // >= sqrt(v)
        while (true) {
            long y = (x + v / x) >> 1;
            if (y >= x) {
                return x;
            }
            x = y;
        }
    }

    /**
     * I-LayerNorm of one row of {@code d} 16-bit values: integer mean, variance sum, integer
     * square root, then {@code y = (x - mean) * floor((2^31-1)/std) >> 1}, which is
     * {@code xhat * 2^30 / sqrt(d)}. The affine part is folded: each channel is requantised by its
     * own dyadic (gamma, sqrt(d)/2^30 and the output scale) and {@code biasInt} (beta in output
     * units) is added, clamped to int8. I-ViT adds beta/gamma before scaling; adding beta after
     * keeps {@code y * m} inside 64 bits even for channels with a tiny gamma.
     */
    public static void layerNorm(short[] x, int xOff, int d, long[] biasInt, int[] mult, int[] shift,
                                 byte[] out, int outOff) {
        long sum = 0;
        for (int j = 0; j < d; j++) {
            sum += x[xOff + j];
        }
        long mean = Math.floorDiv(sum + d / 2, d);
        long var = 0;
        for (int j = 0; j < d; j++) {
            long c = x[xOff + j] - mean;
            var += c * c;
        }
        long std = isqrt(var);
        long factor = std == 0 ? INT31 : INT31 / std;
        for (int j = 0; j < d; j++) {
            long y = ((x[xOff + j] - mean) * factor) >> 1;
            out[outOff + j] = (byte) clamp(requant(y, mult[j], shift[j]) + biasInt[j], -127, 127);
        }
    }
}
