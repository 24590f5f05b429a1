package org.splatforge.vision.quant.integer;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.RangeTask;

/**
 * Integer-only ViT inference (I-ViT): raw 8-bit pixels in, int32 logits (one common scale per
 * model) out. Linear layers are int8 x int8 GEMMs with int32 accumulation ({@link Int8Gemm},
 * weights packed once at construction) followed by dyadic requantisation; attention uses
 * Shiftmax, the MLP ShiftGELU, the norms I-LayerNorm; the residual stream is int16. No
 * floating-point operation anywhere in this package. The result equals
 * {@link IntVitReference}'s bit for bit.
 *
 * <p>Activations: int8 values are held in {@code short[]} (the GEMM kernel multiplies in 16-bit
 * lanes and broadcasts its A operand from 16-bit loads), the residual stream {@code x} in int16.
 * Per block the work runs in three parallel phases over the device's workers, each fusing what
 * depends only on its own rows: {@code LN1 -> qkv GEMM -> requant} over row chunks, attention
 * over (sample, head) pairs, and {@code proj GEMM -> residual -> LN2 -> fc1 GEMM -> ShiftGELU ->
 * fc2 GEMM -> residual} over row chunks. Small jobs (a batch-1 forward) run inline on the caller,
 * as the fp32 executor's do. The phase tasks are created once, so a steady-state forward
 * allocates nothing.
 *
 * <p>Memory: only what crosses a phase is held for the whole batch (patch rows, the residual
 * stream, q/k/v, the attention output); the normalised rows, the int32 accumulators and the MLP
 * hidden rows live in per-worker buffers of {@value #CHUNK} rows, each phase walking its rows in
 * chunks of that size.
 *
 * <p>Not thread-safe: one forward at a time.
 */
public final class IntVitExecutor {

    /** Rows per parallel chunk: a multiple of the GEMM's 4-row tile. */
    private static final int ROW_GRAIN = 32;
    /** Rows of the per-worker buffers: phases process their rows in chunks of this many (a multiple of 4). */
    static final int CHUNK = 32;
    /** Below this many multiply-adds a hand-off to the other workers costs more than it saves: run inline. */
    private static final long PARALLEL_MIN_WORK = 1L << 20;

    private final IntVitModel q;
    private final Device device;
    private final int T, D, M, H, hd, np, pd, C;
    /** Row stride of the per-worker int32 accumulators: wide enough for every GEMM, padded to 32 columns. */
    private final int accLd;
    /** Row stride of the attention scores, padded likewise so the score GEMM stores full blocks. */
    private final int ldS;
    private final short[] patchWp, headWp;
    private final int[] patchBias;
    private final IntRowKernels.Dyadics patchRq, normRq, headRq;
    private final Layer[] layers;
    private final Scratch[] scratch;

    private int capacity;
    private short[] patches, x, qkv, o;

    // The phase being run (read by the phase tasks).
    private int curN;
    private Layer cur;
    private final RangeTask embedTask = this::embed;
    private final RangeTask preAttentionTask = this::preAttention;
    private final RangeTask attentionTask = this::attention;
    private final RangeTask postAttentionTask = this::postAttention;

    /** One block's packed weights and widened dyadics. */
    private static final class Layer {
        final IntVitModel.Block b;
        final short[] qkvWp, projWp, fc1Wp, fc2Wp;
        /** Biases zero-padded to the GEMM's 32-column width ({@link Int8Gemm#gemmPadded}). */
        final int[] qkvBias, projBias, fc1Bias, fc2Bias;
        final IntRowKernels.Dyadics ln1Rq, ln2Rq, qkvRq, projRq, fc1Rq, fc2Rq;
        final long scoreM, scoreS, attnM, attnS, r1am, r1as, r1bm, r1bs, r2am, r2as, r2bm, r2bs;
        /** ShiftExp over int8 score differences (Shiftmax through a table). */
        final long[] expTable;
        /** ShiftGELU + requantisation over int8 inputs, entry {@code v + 127}. */
        final short[] gelu;

        Layer(IntVitModel.Block b, int d, int m) {
            this.b = b;
            qkvWp = Int8Gemm.pack(b.qkvW, 0, 3 * d, d, 3 * d);
            projWp = Int8Gemm.pack(b.projW, 0, d, d, d);
            fc1Wp = Int8Gemm.pack(b.fc1W, 0, m, d, m);
            fc2Wp = Int8Gemm.pack(b.fc2W, 0, d, m, d);
            qkvBias = padBias(b.qkvBias);
            projBias = padBias(b.projBias);
            fc1Bias = padBias(b.fc1Bias);
            fc2Bias = padBias(b.fc2Bias);
            ln1Rq = IntRowKernels.Dyadics.of(b.ln1Rq, d);
            ln2Rq = IntRowKernels.Dyadics.of(b.ln2Rq, d);
            qkvRq = IntRowKernels.Dyadics.of(b.qkvRq, 3 * d);
            projRq = IntRowKernels.Dyadics.of(b.projRq, d);
            fc1Rq = IntRowKernels.Dyadics.of(b.fc1Rq, m);
            fc2Rq = IntRowKernels.Dyadics.of(b.fc2Rq, d);
            scoreM = b.scoreRq.mult()[0];
            scoreS = b.scoreRq.shift()[0];
            attnM = b.attnRq.mult()[0];
            attnS = b.attnRq.shift()[0];
            r1am = b.res1A.mult()[0];
            r1as = b.res1A.shift()[0];
            r1bm = b.res1B.mult()[0];
            r1bs = b.res1B.shift()[0];
            r2am = b.res2A.mult()[0];
            r2as = b.res2A.shift()[0];
            r2bm = b.res2B.mult()[0];
            r2bs = b.res2B.shift()[0];
            expTable = IntKernels.shiftExpTable(b.softmaxX0, IntVitModel.SOFTMAX_N);
            byte[] g = IntKernels.shiftGeluTable(b.geluX0, IntVitModel.GELU_N, b.geluRq.mult()[0], b.geluRq.shift()[0]);
            gelu = new short[g.length];
            for (int i = 0; i < g.length; i++) {
                gelu[i] = g[i];
            }
        }
    }

    /** Per-worker buffers: a chunk of rows between GEMMs, and one attention job's tiles. */
    private static final class Scratch {
        /** {@code a: [CHUNK][D]} normalised rows, {@code h: [CHUNK][M]} MLP hidden rows (int8 values). */
        final short[] a, h;
        /** {@code acc: [CHUNK][accLd]} int32 accumulators of a chunk's GEMM. */
        final int[] acc;
        final short[] kTp, p;
        final int[] s, vW, oAcc;
        final long[] exps;

        Scratch(int t, int hd, int ldS, int d, int m, int accLd) {
            a = new short[CHUNK * d];
            h = new short[CHUNK * m];
            acc = new int[CHUNK * accLd];
            kTp = new short[Int8Gemm.packedSize(hd, t)];
            p = new short[t * t];
            s = new int[t * ldS];
            vW = new int[t * hd];
            oAcc = new int[t * hd];
            exps = new long[t];
        }
    }

    public IntVitExecutor(IntVitModel model, Device device) {
        this.q = model;
        this.device = device;
        T = model.tokens();
        D = model.dim;
        M = model.mlp;
        H = model.heads;
        hd = D / H;
        np = T - 1;
        pd = model.patchDim();
        C = model.classes;
        accLd = padded(Math.max(Math.max(3 * D, M), C));
        ldS = padded(T);
        patchWp = Int8Gemm.pack(model.patchW, 0, D, pd, D);
        headWp = Int8Gemm.pack(model.headW, 0, C, D, C);
        patchBias = padBias(model.patchBias);
        patchRq = IntRowKernels.Dyadics.of(model.patchRq, D);
        normRq = IntRowKernels.Dyadics.of(model.normRq, D);
        headRq = IntRowKernels.Dyadics.of(model.headRq, C);
        layers = new Layer[model.depth];
        for (int l = 0; l < model.depth; l++) {
            layers[l] = new Layer(model.blocks[l], D, M);
        }
        scratch = new Scratch[device.parallelism()];
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = new Scratch(T, hd, ldS, D, M, accLd);
        }
    }

    private static int[] padBias(int[] bias) {
        return java.util.Arrays.copyOf(bias, padded(bias.length));
    }

    /** {@code v} rounded up to the GEMM's 32-column blocks. */
    private static int padded(int v) {
        return (v + 31) & ~31;
    }

    public IntVitModel model() {
        return q;
    }

    private void ensure(int n) {
        if (n <= capacity) {
            return;
        }
        int r = n * T;
        patches = new short[n * np * pd];
        x = new short[r * D];
        qkv = new short[r * 3 * D];
        o = new short[r * D];
        capacity = n;
    }

    /** Activation bytes this executor holds for batch {@code n} (its arrays, all live at once; int8 values in 16 bits). */
    public long activationBytes(int n) {
        long r = (long) n * T;
        return 2L * n * np * pd + 2 * (r * D * 2 + r * 3 * D)
                + (long) scratch.length * (2L * CHUNK * (D + M) + 4L * CHUNK * accLd
                + 2L * Int8Gemm.packedSize(hd, T) + 2L * T * T + 4L * (T * ldS + 2 * T * hd) + 8L * T);
    }

    /** Logits {@code [n][classes]} (common integer scale) of {@code n} 8-bit CHW images. */
    public void forward(byte[] pixels, int pixOff, int n, int[] logits) {
        ensure(n);
        q.patchRows(pixels, pixOff, n, patches);
        curN = n;
        device.parallelFor(n * np, grain(n * np, (long) pd * D), embedTask);
        for (int b = 0; b < n; b++) {
            System.arraycopy(q.pos, 0, x, b * T * D, D);
        }
        int rows = n * T;
        for (Layer l : layers) {
            cur = l;
            device.parallelFor(rows, grain(rows, 3L * D * D), preAttentionTask);
            device.parallelFor(n * H, grain(n * H, 2L * T * T * hd), attentionTask);
            device.parallelFor(rows, grain(rows, (long) D * D + 2L * D * M), postAttentionTask);
        }
        cur = null;
        Scratch sc = scratch[0];
        for (int b0 = 0; b0 < n; b0 += CHUNK) {
            int cnt = Math.min(CHUNK, n - b0);
            for (int i = 0; i < cnt; i++) {
                IntRowKernels.layerNorm(x, (b0 + i) * T * D, D, q.normBias, normRq, sc.a, i * D);
            }
            Int8Gemm.gemm(cnt, C, D, sc.a, 0, D, headWp, 0, sc.acc, 0, accLd, q.headBias, 0);
            for (int i = 0; i < cnt; i++) {
                for (int c = 0; c < C; c++) {
                    long v = (sc.acc[i * accLd + c] * headRq.mult()[c] + headRq.round()[c]) >> headRq.shift()[c];
                    logits[(b0 + i) * C + c] = IntKernels.clamp(v, Integer.MIN_VALUE + 1, Integer.MAX_VALUE);
                }
            }
        }
    }

    private static int grain(int count, long workPerItem) {
        return count * workPerItem < PARALLEL_MIN_WORK ? Math.max(1, count) : Math.max(4, Math.min(ROW_GRAIN, (count / 2 + 3) & ~3));
    }

    /** Patch embedding of patch rows {@code [s, e)}: GEMM, requantise, add positions. */
    private void embed(int s, int e, int wk) {
        int[] acc = scratch[wk].acc;
        for (int s0 = s; s0 < e; s0 += CHUNK) {
            int e0 = Math.min(e, s0 + CHUNK);
            Int8Gemm.gemmPadded(e0 - s0, D, pd, patches, s0 * pd, pd, patchWp, 0, acc, 0, accLd, patchBias, 0);
            for (int r = s0; r < e0; r++) {
                int b = r / np, t = 1 + r % np;
                IntRowKernels.embed(acc, (r - s0) * accLd, D, patchRq, q.pos, t * D, x, (b * T + t) * D);
            }
        }
    }

    /** Token rows {@code [s, e)}: LN1, the qkv GEMM and its requantisation to int8. */
    private void preAttention(int s, int e, int wk) {
        Layer l = cur;
        Scratch sc = scratch[wk];
        int n3 = 3 * D;
        for (int s0 = s; s0 < e; s0 += CHUNK) {
            int e0 = Math.min(e, s0 + CHUNK);
            for (int r = s0; r < e0; r++) {
                IntRowKernels.layerNorm(x, r * D, D, l.b.ln1Bias, l.ln1Rq, sc.a, (r - s0) * D);
            }
            Int8Gemm.gemmPadded(e0 - s0, n3, D, sc.a, 0, D, l.qkvWp, 0, sc.acc, 0, accLd, l.qkvBias, 0);
            for (int r = s0; r < e0; r++) {
                IntRowKernels.requantClamp(sc.acc, (r - s0) * accLd, n3, l.qkvRq, -127, 127, qkv, r * n3);
            }
        }
    }

    /** Attention for (sample, head) jobs {@code [s, e)}: scores, Shiftmax, probabilities times values. */
    private void attention(int s, int e, int wk) {
        Layer l = cur;
        Scratch sc = scratch[wk];
        int ld = 3 * D;
        for (int job = s; job < e; job++) {
            int b = job / H, hh = job % H;
            int base = b * T * ld + hh * hd;
            Int8Gemm.packTransposed(qkv, base + D, ld, hd, T, sc.kTp, 0);
            for (int i = 0; i < T; i++) {
                for (int k = 0; k < hd; k++) {
                    sc.vW[i * hd + k] = qkv[base + i * ld + 2 * D + k];
                }
            }
            Int8Gemm.gemmPadded(T, T, hd, qkv, base, ld, sc.kTp, 0, sc.s, 0, ldS, null, 0);
            for (int i = 0; i < T; i++) {
                IntRowKernels.requantClamp(sc.s, i * ldS, T, l.scoreM, l.scoreS, -127, 127, sc.s, i * ldS);
                IntKernels.shiftmax8(sc.s, i * ldS, T, l.expTable, sc.p, i * T, sc.exps);
            }
            Int8Gemm.gemmWide(T, hd, T, sc.p, 0, T, sc.vW, 0, hd, sc.oAcc, 0, hd);
            for (int i = 0; i < T; i++) {
                IntRowKernels.requantClamp(sc.oAcc, i * hd, hd, l.attnM, l.attnS, -127, 127, o, (b * T + i) * D + hh * hd);
            }
        }
    }

    /** Token rows {@code [s, e)}: projection and residual, LN2, the MLP with ShiftGELU, residual. */
    private void postAttention(int s, int e, int wk) {
        Layer l = cur;
        Scratch sc = scratch[wk];
        int[] acc = sc.acc;
        short[] a = sc.a, h = sc.h, gelu = l.gelu;
        for (int s0 = s; s0 < e; s0 += CHUNK) {
            int rows = Math.min(e, s0 + CHUNK) - s0;
            Int8Gemm.gemmPadded(rows, D, D, o, s0 * D, D, l.projWp, 0, acc, 0, accLd, l.projBias, 0);
            for (int i = 0; i < rows; i++) {
                int r = s0 + i;
                IntRowKernels.residual(acc, i * accLd, D, l.projRq, l.r1am, l.r1as, l.r1bm, l.r1bs, x, r * D);
                IntRowKernels.layerNorm(x, r * D, D, l.b.ln2Bias, l.ln2Rq, a, i * D);
            }
            Int8Gemm.gemmPadded(rows, M, D, a, 0, D, l.fc1Wp, 0, acc, 0, accLd, l.fc1Bias, 0);
            for (int i = 0; i < rows; i++) {
                int ro = i * M;
                IntRowKernels.requantClamp(acc, i * accLd, M, l.fc1Rq, -127, 127, h, ro);
                for (int j = 0; j < M; j++) {
                    h[ro + j] = gelu[h[ro + j] + 127]; // ShiftGELU + requant (IntKernels.shiftGeluTable)
                }
            }
            Int8Gemm.gemmPadded(rows, D, M, h, 0, M, l.fc2Wp, 0, acc, 0, accLd, l.fc2Bias, 0);
            for (int i = 0; i < rows; i++) {
                IntRowKernels.residual(acc, i * accLd, D, l.fc2Rq, l.r2am, l.r2as, l.r2bm, l.r2bs, x, (s0 + i) * D);
            }
        }
    }
}
