package org.splatforge.vision.quant;

import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.quant.integer.IntKernels;
import org.splatforge.vision.quant.integer.IntVitModel;
import org.splatforge.vision.quant.integer.Requant;

/**
 * Post-training quantisation of an fp32 ViT into an {@link IntVitModel} (I-ViT): symmetric
 * per-output-channel int8 weights ({@code S_w[c] = max|W[:,c]| / 127}), int32 biases at the
 * accumulator scale, symmetric activation scales from a {@link Calibration} (8-bit GEMM inputs,
 * 16-bit residual stream), and every scale ratio turned into a dyadic multiplier. This class
 * is the only place floating point meets the integer model; it runs once, offline.
 */
public final class VitQuantizer {

    private VitQuantizer() {
    }

    /** Options: range method and percentile. */
    public record Options(Calibration.Method method, double percentile) {
        public static Options defaults() {
            return new Options(Calibration.Method.PERCENTILE, 99.99);
        }
    }

    public static QuantizedVit quantize(VitWeights w, Calibration cal, Options opt) {
        VitConfig c = w.config;
        VitLayout lay = w.layout;
        float[] p = w.data;
        int D = c.dim(), M = c.mlp(), pd = c.patchDim(), T = c.tokens(), C = c.classes();
        // Input: x = S_in * (pixel - 128) + c0 per channel. One S_in for all channels keeps the GEMM exact;
        // per-channel differences go into the weights.
        double sIn = 0;
        for (int k = 0; k < c.channels(); k++) {
            sIn = Math.max(sIn, 1.0 / (255.0 * c.std()[k]));
        }
        float[] wEff = new float[pd * D];
        double[] bEff = new double[D];
        int pp = c.patch() * c.patch();
        for (int r = 0; r < pd; r++) {
            int ch = r / pp;
            double a = 1.0 / (255.0 * c.std()[ch]) / sIn; // <= 1
            double c0 = (128.0 / 255.0 - c.mean()[ch]) / c.std()[ch];
            for (int j = 0; j < D; j++) {
                double wv = p[lay.patchW + r * D + j];
                wEff[r * D + j] = (float) (wv * a);
                bEff[j] += c0 * wv;
            }
        }
        for (int j = 0; j < D; j++) {
            bEff[j] += p[lay.patchB + j];
        }
        double sEmbed = scale(cal, "embed", -1, 16, opt);
        double[] sW = channelScales(wEff, 0, pd, D);
        int[] patchW = quantWeights(wEff, 0, pd, D, sW);
        int[] patchB = new int[D];
        int[] pm = new int[D], ps = new int[D];
        for (int j = 0; j < D; j++) {
            patchB[j] = clampInt(Math.round(bEff[j] / (sIn * sW[j])));
            int[] d = dyadic(sIn * sW[j] / sEmbed);
            pm[j] = d[0];
            ps[j] = d[1];
        }
        short[] pos = new short[T * D];
        for (int i = 0; i < T * D; i++) {
            double v = p[lay.pos + i] + (i < D ? p[lay.cls + i] : 0);
            pos[i] = (short) clamp16(Math.round(v / sEmbed));
        }
        double sX = sEmbed;
        IntVitModel.Block[] blocks = new IntVitModel.Block[c.depth()];
        for (int l = 0; l < c.depth(); l++) {
            VitLayout.Block b = lay.block(l);
            double sLn1 = scale(cal, "ln1", l, 8, opt);
            double sQ = scale(cal, "q", l, 8, opt), sK = scale(cal, "k", l, 8, opt), sV = scale(cal, "v", l, 8, opt);
            double sS = scale(cal, "scores", l, 8, opt);
            double sO = scale(cal, "attn", l, 8, opt);
            double sP = scale(cal, "proj", l, 16, opt);
            double sR1 = scale(cal, "res1", l, 16, opt);
            double sLn2 = scale(cal, "ln2", l, 8, opt);
            double sG = scale(cal, "fc1", l, 8, opt);
            double sH = scale(cal, "gelu", l, 8, opt);
            double sF = scale(cal, "fc2", l, 16, opt);
            double sR2 = scale(cal, "res2", l, 16, opt);
            long[] ln1B = new long[D];
            Requant ln1Rq = lnRequant(p, b.ln1W(), b.ln1B(), D, sLn1, ln1B);
            double[] qkvOut = new double[3 * D];
            for (int j = 0; j < 3 * D; j++) {
                qkvOut[j] = j < D ? sQ : j < 2 * D ? sK : sV;
            }
            Linear qkv = linear(p, b.qkvW(), b.qkvB(), D, 3 * D, sLn1, qkvOut);
            Requant scoreRq = single(sQ * sK / Math.sqrt(c.headDim()) / sS);
            long softmaxX0 = (long) Math.floor(-1.0 / sS);
            Requant attnRq = single(sV / 32768.0 / sO);
            Linear proj = linear(p, b.projW(), b.projB(), D, D, sO, fill(D, sP));
            Requant res1A = single(sP / sR1), res1B = single(sX / sR1);
            long[] ln2B = new long[D];
            Requant ln2Rq = lnRequant(p, b.ln2W(), b.ln2B(), D, sLn2, ln2B);
            Linear fc1 = linear(p, b.fc1W(), b.fc1B(), D, M, sLn2, fill(M, sG));
            long geluX0 = (long) Math.floor(-1.0 / (1.702 * sG));
            Requant geluRq = single(sG / 32768.0 / sH); // ShiftGELU output: S_g * 2^-15
            Linear fc2 = linear(p, b.fc2W(), b.fc2B(), M, D, sH, fill(D, sF));
            Requant res2A = single(sF / sR2), res2B = single(sR1 / sR2);
            blocks[l] = new IntVitModel.Block(ln1B, ln1Rq, qkv.w, qkv.b, qkv.rq, scoreRq, Math.min(-1, softmaxX0), attnRq,
                    proj.w, proj.b, proj.rq, res1A, res1B, ln2B, ln2Rq, fc1.w, fc1.b, fc1.rq, Math.min(-1, geluX0), geluRq,
                    fc2.w, fc2.b, fc2.rq, res2A, res2B);
            sX = sR2;
        }
        double sN = scale(cal, "norm", -1, 8, opt);
        long[] normB = new long[D];
        Requant normRq = lnRequant(p, lay.normW, lay.normB, D, sN, normB);
        double sOut = scale(cal, "logits", -1, 16, opt);
        Linear head = linear(p, lay.headW, lay.headB, D, C, sN, fill(C, sOut));
        IntVitModel m = new IntVitModel(c.imageSize(), c.channels(), c.patch(), D, c.depth(), c.heads(), M, C, patchW, patchB,
                new Requant(pm, ps), pos, blocks, normB, normRq, head.w, head.b, head.rq);
        return new QuantizedVit(m, sOut, opt.method() + (opt.method() == Calibration.Method.PERCENTILE ? " " + opt.percentile() : "")
                + " over " + cal.images() + " images");
    }

    private record Linear(int[] w, int[] b, Requant rq) {
    }

    private static Linear linear(float[] p, int wOff, int bOff, int in, int out, double sIn, double[] sOut) {
        double[] sW = channelScales(p, wOff, in, out);
        int[] w = quantWeights(p, wOff, in, out, sW);
        int[] b = new int[out], m = new int[out], s = new int[out];
        for (int j = 0; j < out; j++) {
            b[j] = clampInt(Math.round(p[bOff + j] / (sIn * sW[j])));
            int[] d = dyadic(sIn * sW[j] / sOut[j]);
            m[j] = d[0];
            s[j] = d[1];
        }
        return new Linear(w, b, new Requant(m, s));
    }

    /**
     * I-LayerNorm's affine part: y = xhat * 2^30 / sqrt(D) (see IntKernels.layerNorm), so
     * channel c's real output is {@code y * gamma_c sqrt(D) / 2^30 + beta_c}; gamma goes into the
     * per-channel requantiser, beta in as an integer bias in output units.
     */
    private static Requant lnRequant(float[] p, int gOff, int bOff, int d, double sOut, long[] biasOut) {
        int[] m = new int[d], s = new int[d];
        double yUnit = Math.sqrt(d) / (double) (1L << 30);
        for (int j = 0; j < d; j++) {
            double unit = p[gOff + j] * yUnit;
            biasOut[j] = Math.max(-(1L << 20), Math.min(1L << 20, Math.round(p[bOff + j] / sOut)));
            int[] dy = dyadic(unit / sOut);
            m[j] = dy[0];
            s[j] = dy[1];
        }
        return new Requant(m, s);
    }

    private static double scale(Calibration cal, String point, int layer, int bits, Options opt) {
        return cal.range(point, layer, opt.method(), opt.percentile()) / ((1 << (bits - 1)) - 1);
    }

    private static double[] channelScales(float[] w, int off, int in, int out) {
        double[] s = new double[out];
        for (int r = 0; r < in; r++) {
            for (int j = 0; j < out; j++) {
                s[j] = Math.max(s[j], Math.abs(w[off + r * out + j]));
            }
        }
        for (int j = 0; j < out; j++) {
            s[j] = Math.max(s[j], 1e-12) / 127.0;
        }
        return s;
    }

    private static int[] quantWeights(float[] w, int off, int in, int out, double[] s) {
        int[] q = new int[in * out];
        for (int r = 0; r < in; r++) {
            for (int j = 0; j < out; j++) {
                q[r * out + j] = (int) Math.max(-127, Math.min(127, Math.round(w[off + r * out + j] / s[j])));
            }
        }
        return q;
    }

    /** {@code r ~ m / 2^s} with {@code 2^30 <= |m| < 2^31} where the shift range allows. */
    static int[] dyadic(double r) {
        if (r == 0 || !Double.isFinite(r)) {
            if (!Double.isFinite(r)) {
                throw new IllegalArgumentException("non-finite requantisation ratio " + r);
            }
            return new int[] {0, 1};
        }
        int e = Math.getExponent(r); // floor(log2 |r|)
        int s = 30 - e;
        if (s < 1) {
            throw new IllegalArgumentException("requantisation ratio " + r + " too large for a dyadic multiplier");
        }
        s = Math.min(62, s);
        long m = Math.round(r * Math.pow(2, s));
        if (Math.abs(m) >= (1L << 31)) {
            m >>= 1;
            s--;
        }
        return new int[] {(int) m, s};
    }

    private static Requant single(double r) {
        int[] d = dyadic(r);
        return new Requant(new int[] {d[0]}, new int[] {d[1]});
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, v));
    }

    private static long clamp16(long v) {
        return Math.max(-32767, Math.min(32767, v));
    }

    /** The real value the int32 logits of {@code q} stand for (reporting only). */
    public static double[] logits(QuantizedVit q, int[] ints, int off) {
        double[] out = new double[q.model().classes];
        for (int j = 0; j < out.length; j++) {
            out[j] = ints[off + j] * q.logitScale();
        }
        return out;
    }

    /** Exposed for tests of the dyadic approximation. */
    public static long requantOf(long x, double r) {
        int[] d = dyadic(r);
        return IntKernels.requant(x, d[0], d[1]);
    }
}
