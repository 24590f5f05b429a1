package org.splatforge.vision.quant.integer;

/**
 * Reference twin of {@link IntVitExecutor}: the same integer-only I-ViT forward written as
 * plain loops on one thread, int8 activations in {@code byte[]}, {@link Int8GemmRef} for every
 * GEMM and the scalar {@link IntKernels}. The fast executor must produce the same logits bit
 * for bit (a test checks). Raw 8-bit pixels in, int32 logits (one common scale) out.
 *
 * <p>Not thread-safe: one forward at a time.
 */
public final class IntVitReference {

    private final IntVitModel q;
    private final int T, D, M, H, hd, np, pd, C;
    private int capacity;
    private byte[] a, qkv, o, h;
    private short[] patches;
    private short[] x;
    private int[] acc;
    private final Scratch sc;
    /** ShiftGELU + requantisation per block, tabulated over the int8 inputs. */
    private final byte[][] geluTables;
    /** ShiftExp over int8 score differences per block (Shiftmax through a table). */
    private final long[][] expTables;

    /** Attention tiles of one (sample, head) job. */
    private static final class Scratch {
        final int[] qW, kT, vW, s, pW, oAcc;
        final short[] p;
        final long[] exps;

        Scratch(int t, int hd) {
            qW = new int[t * hd];
            kT = new int[hd * t];
            vW = new int[t * hd];
            s = new int[t * t];
            pW = new int[t * t];
            oAcc = new int[t * hd];
            p = new short[t * t];
            exps = new long[t];
        }
    }

    public IntVitReference(IntVitModel model) {
        this.q = model;
        T = model.tokens();
        D = model.dim;
        M = model.mlp;
        H = model.heads;
        hd = D / H;
        np = T - 1;
        pd = model.patchDim();
        C = model.classes;
        geluTables = new byte[model.depth][];
        expTables = new long[model.depth][];
        for (int l = 0; l < model.depth; l++) {
            IntVitModel.Block b = model.blocks[l];
            expTables[l] = IntKernels.shiftExpTable(b.softmaxX0, IntVitModel.SOFTMAX_N);
            geluTables[l] = IntKernels.shiftGeluTable(b.geluX0, IntVitModel.GELU_N, b.geluRq.mult()[0], b.geluRq.shift()[0]);
        }
        sc = new Scratch(T, hd);
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
        a = new byte[r * D];
        qkv = new byte[r * 3 * D];
        o = new byte[r * D];
        h = new byte[r * M];
        acc = new int[r * Math.max(3 * D, M)];
        capacity = n;
    }

    /** Logits {@code [n][classes]} (common integer scale) of {@code n} 8-bit CHW images. */
    public void forward(byte[] pixels, int pixOff, int n, int[] logits) {
        ensure(n);
        q.patchRows(pixels, pixOff, n, patches);
        int R = n * T;
        Int8GemmRef.gemm(n * np, D, pd, patches, 0, pd, q.patchW, 0, D, acc, 0, D, q.patchBias, 0);
        for (int r = 0; r < n * np; r++) {
            int b = r / np, t = 1 + r % np;
            int xo = (b * T + t) * D;
            for (int c = 0; c < D; c++) {
                x[xo + c] = (short) IntKernels.clamp(q.patchRq.apply(acc[r * D + c], c) + q.pos[t * D + c], -32767, 32767);
            }
        }
        for (int b = 0; b < n; b++) {
            System.arraycopy(q.pos, 0, x, b * T * D, D);
        }
        for (int l = 0; l < q.depth; l++) {
            IntVitModel.Block blk = q.blocks[l];
            byte[] gelu = geluTables[l];
            layerNorm(R, blk.ln1Bias, blk.ln1Rq);
            linear(R, 3 * D, D, a, D, blk.qkvW, blk.qkvBias);
            int[] qm = blk.qkvRq.mult(), qsh = blk.qkvRq.shift();
            for (int r = 0; r < R; r++) {
                int ro = r * 3 * D;
                for (int j = 0; j < 3 * D; j++) {
                    qkv[ro + j] = (byte) IntKernels.clamp(IntKernels.requant(acc[ro + j], qm[j], qsh[j]), -127, 127);
                }
            }
            attention(n, blk, expTables[l]);
            linear(R, D, D, o, D, blk.projW, blk.projBias);
            residual(R, blk.projRq, blk.res1A, blk.res1B);
            layerNorm(R, blk.ln2Bias, blk.ln2Rq);
            linear(R, M, D, a, D, blk.fc1W, blk.fc1Bias);
            int[] fm = blk.fc1Rq.mult(), fsh = blk.fc1Rq.shift();
            for (int r = 0; r < R; r++) {
                int ro = r * M;
                for (int j = 0; j < M; j++) {
                    int v = IntKernels.clamp(IntKernels.requant(acc[ro + j], fm[j], fsh[j]), -127, 127);
                    h[ro + j] = gelu[v + 127]; // ShiftGELU + requant (IntKernels.shiftGeluTable)
                }
            }
            linear(R, D, M, h, M, blk.fc2W, blk.fc2Bias);
            residual(R, blk.fc2Rq, blk.res2A, blk.res2B);
        }
        for (int b = 0; b < n; b++) {
            IntKernels.layerNorm(x, b * T * D, D, q.normBias, q.normRq.mult(), q.normRq.shift(), a, b * D);
        }
        Int8GemmRef.gemm(n, C, D, a, 0, D, q.headW, 0, C, acc, 0, C, q.headBias, 0);
        for (int i = 0; i < n * C; i++) {
            logits[i] = IntKernels.clamp(q.headRq.apply(acc[i], i % C), Integer.MIN_VALUE + 1, Integer.MAX_VALUE);
        }
    }

    private void layerNorm(int rows, long[] bias, Requant rq) {
        for (int r = 0; r < rows; r++) {
            IntKernels.layerNorm(x, r * D, D, bias, rq.mult(), rq.shift(), a, r * D);
        }
    }

    private void linear(int rows, int n, int k, byte[] in, int ld, int[] w, int[] bias) {
        Int8GemmRef.gemm(rows, n, k, in, 0, ld, w, 0, n, acc, 0, n, bias, 0);
    }

    /** x = clamp16(rqA(clamp16(rq(acc))) + rqB(x)): branch output to int16, then the I-ViT residual add. */
    private void residual(int rows, Requant branch, Requant ra, Requant rb) {
        int[] m = branch.mult(), sh = branch.shift();
        int am = ra.mult()[0], as = ra.shift()[0], bm = rb.mult()[0], bs = rb.shift()[0];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < D; c++) {
                int i = r * D + c;
                long y = IntKernels.clamp(IntKernels.requant(acc[i], m[c], sh[c]), -32767, 32767);
                x[i] = (short) IntKernels.clamp(IntKernels.requant(y, am, as) + IntKernels.requant(x[i], bm, bs), -32767, 32767);
            }
        }
    }

    private void attention(int n, IntVitModel.Block blk, long[] expTable) {
        int ld = 3 * D;
        for (int job = 0; job < n * H; job++) {
            int b = job / H, hh = job % H;
            int base = b * T * ld + hh * hd;
            for (int i = 0; i < T; i++) {
                for (int k = 0; k < hd; k++) {
                    sc.qW[i * hd + k] = qkv[base + i * ld + k];
                    sc.kT[k * T + i] = qkv[base + i * ld + D + k];
                    sc.vW[i * hd + k] = qkv[base + i * ld + 2 * D + k];
                }
            }
            Int8GemmRef.gemm(T, T, hd, sc.qW, 0, hd, sc.kT, 0, T, sc.s, 0, T);
            for (int i = 0; i < T * T; i++) {
                sc.s[i] = IntKernels.clamp(blk.scoreRq.apply(sc.s[i], 0), -127, 127);
            }
            for (int i = 0; i < T; i++) {
                IntKernels.shiftmax8(sc.s, i * T, T, expTable, sc.p, i * T, sc.exps);
            }
            for (int i = 0; i < T * T; i++) {
                sc.pW[i] = sc.p[i];
            }
            Int8GemmRef.gemm(T, hd, T, sc.pW, 0, T, sc.vW, 0, hd, sc.oAcc, 0, hd);
            for (int i = 0; i < T; i++) {
                for (int k = 0; k < hd; k++) {
                    o[(b * T + i) * D + hh * hd + k] = (byte) IntKernels.clamp(blk.attnRq.apply(sc.oAcc[i * hd + k], 0), -127, 127);
                }
            }
        }
    }
}
