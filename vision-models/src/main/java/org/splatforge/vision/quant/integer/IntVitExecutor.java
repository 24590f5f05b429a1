package org.splatforge.vision.quant.integer;

import org.splatforge.core.runtime.Device;

/**
 * Integer-only ViT inference (I-ViT): raw 8-bit pixels in, int32 logits (one common scale per
 * model) out. Linear layers are int8 x int8 GEMMs with int32 accumulation ({@link Int8Gemm})
 * followed by dyadic requantisation; attention uses Shiftmax, the MLP ShiftGELU, the norms
 * I-LayerNorm; the residual stream is int16. Rows are split over the device's workers, attention
 * over (sample, head) pairs. No floating-point operation anywhere in this package.
 *
 * <p>Not thread-safe: one forward at a time.
 */
public final class IntVitExecutor {

    private static final int ROW_GRAIN = 32;
    /** Below this many operations a hand-off to the other workers costs more than it saves: run inline. */
    private static final long PARALLEL_MIN_WORK = 1L << 20;

    private final IntVitModel q;
    private final Device device;
    private final int T, D, M, H, hd, np, pd, C;
    private int capacity;
    private byte[] patches, a, qkv, o, h;
    private short[] x;
    private int[] acc;
    private final Scratch[] scratch;
    /** ShiftGELU + requantisation per block, tabulated over the int8 inputs. */
    private final byte[][] geluTables;
    /** ShiftExp over int8 score differences per block (Shiftmax through a table). */
    private final long[][] expTables;

    /** Per-worker attention tiles. */
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
        geluTables = new byte[model.depth][];
        expTables = new long[model.depth][];
        for (int l = 0; l < model.depth; l++) {
            IntVitModel.Block b = model.blocks[l];
            expTables[l] = IntKernels.shiftExpTable(b.softmaxX0, IntVitModel.SOFTMAX_N);
            geluTables[l] = IntKernels.shiftGeluTable(b.geluX0, IntVitModel.GELU_N, b.geluRq.mult()[0], b.geluRq.shift()[0]);
        }
        scratch = new Scratch[device.parallelism()];
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = new Scratch(T, hd);
        }
    }

    public IntVitModel model() {
        return q;
    }

    private void ensure(int n) {
        if (n <= capacity) {
            return;
        }
        int r = n * T;
        patches = new byte[n * np * pd];
        x = new short[r * D];
        a = new byte[r * D];
        qkv = new byte[r * 3 * D];
        o = new byte[r * D];
        h = new byte[r * M];
        acc = new int[r * Math.max(3 * D, M)];
        capacity = n;
    }

    /** Activation bytes this executor holds for batch {@code n} (its arrays, all live at once). */
    public long activationBytes(int n) {
        long r = (long) n * T;
        return n * (long) np * pd + 2 * r * D + r * D + 3 * r * D + r * D + r * M + 4 * r * Math.max(3 * D, M)
                + (long) scratch.length * (4L * (5 * T * hd + 2 * T * T) + 2L * T * T + 8L * T);
    }

    /** Logits {@code [n][classes]} (common integer scale) of {@code n} 8-bit CHW images. */
    public void forward(byte[] pixels, int pixOff, int n, int[] logits) {
        ensure(n);
        int size = q.imageSize, p = q.patch, grid = size / p, ch = q.channels, pixels1 = ch * size * size;
        // Patch rows of (pixel - 128): int8, exact.
        for (int b = 0; b < n; b++) {
            int base = pixOff + b * pixels1;
            for (int k = 0; k < ch; k++) {
                for (int y = 0; y < size; y++) {
                    for (int xx = 0; xx < size; xx++) {
                        int row = (y / p) * grid + (xx / p);
                        int col = (k * p + (y % p)) * p + (xx % p);
                        patches[(b * np + row) * pd + col] = (byte) ((pixels[base + (k * size + y) * size + xx] & 0xff) - 128);
                    }
                }
            }
        }
        int R = n * T;
        device.parallelFor(n * np, grain(n * np, (long) pd * D), (s, e, w) -> {
            Int8Gemm.gemm(e - s, D, pd, patches, s * pd, pd, q.patchW, 0, D, acc, s * D, D, q.patchBias, 0);
            for (int r = s; r < e; r++) {
                int b = r / np, t = 1 + r % np;
                int xo = (b * T + t) * D;
                for (int c = 0; c < D; c++) {
                    x[xo + c] = (short) IntKernels.clamp(q.patchRq.apply(acc[r * D + c], c) + q.pos[t * D + c], -32767, 32767);
                }
            }
        });
        for (int b = 0; b < n; b++) {
            System.arraycopy(q.pos, 0, x, b * T * D, D);
        }
        for (int l = 0; l < q.depth; l++) {
            IntVitModel.Block blk = q.blocks[l];
            byte[] gelu = geluTables[l];
            layerNorm(R, blk.ln1Bias, blk.ln1Rq);
            linear(R, 3 * D, D, a, D, blk.qkvW, blk.qkvBias);
            device.parallelFor(R, grain(R, 64L * D), (s, e, w) -> {
                int[] m = blk.qkvRq.mult(), sh = blk.qkvRq.shift();
                for (int r = s; r < e; r++) {
                    int ro = r * 3 * D;
                    for (int j = 0; j < 3 * D; j++) {
                        qkv[ro + j] = (byte) IntKernels.clamp(IntKernels.requant(acc[ro + j], m[j], sh[j]), -127, 127);
                    }
                }
            });
            attention(n, blk, expTables[l]);
            linear(R, D, D, o, D, blk.projW, blk.projBias);
            residual(R, blk.projRq, blk.res1A, blk.res1B);
            layerNorm(R, blk.ln2Bias, blk.ln2Rq);
            linear(R, M, D, a, D, blk.fc1W, blk.fc1Bias);
            device.parallelFor(R, grain(R, 64L * D), (s, e, w) -> {
                for (int r = s; r < e; r++) {
                    int ro = r * M;
                    int[] m = blk.fc1Rq.mult(), sh = blk.fc1Rq.shift();
                    for (int j = 0; j < M; j++) {
                        int v = IntKernels.clamp(IntKernels.requant(acc[ro + j], m[j], sh[j]), -127, 127);
                        h[ro + j] = gelu[v + 127]; // ShiftGELU + requant (IntKernels.shiftGeluTable)
                    }
                }
            });
            linear(R, D, M, h, M, blk.fc2W, blk.fc2Bias);
            residual(R, blk.fc2Rq, blk.res2A, blk.res2B);
        }
        for (int b = 0; b < n; b++) {
            IntKernels.layerNorm(x, b * T * D, D, q.normBias, q.normRq.mult(), q.normRq.shift(), a, b * D);
        }
        Int8Gemm.gemm(n, C, D, a, 0, D, q.headW, 0, C, acc, 0, C, q.headBias, 0);
        for (int i = 0; i < n * C; i++) {
            logits[i] = IntKernels.clamp(q.headRq.apply(acc[i], i % C), Integer.MIN_VALUE + 1, Integer.MAX_VALUE);
        }
    }

    private static int grain(int count, long workPerItem) {
        return count * workPerItem < PARALLEL_MIN_WORK ? Math.max(1, count) : Math.max(1, Math.min(ROW_GRAIN, count / 2));
    }

    private void layerNorm(int rows, long[] bias, Requant rq) {
        device.parallelFor(rows, grain(rows, 16L * D), (s, e, w) -> {
            for (int r = s; r < e; r++) {
                IntKernels.layerNorm(x, r * D, D, bias, rq.mult(), rq.shift(), a, r * D);
            }
        });
    }

    private void linear(int rows, int n, int k, byte[] in, int ld, int[] w, int[] bias) {
        device.parallelFor(rows, grain(rows, (long) n * k), (s, e, wk) ->
                Int8Gemm.gemm(e - s, n, k, in, s * ld, ld, w, 0, n, acc, s * n, n, bias, 0));
    }

    /** x = clamp16(rqA(clamp16(rq(acc))) + rqB(x)): branch output to int16, then the I-ViT residual add. */
    private void residual(int rows, Requant branch, Requant ra, Requant rb) {
        device.parallelFor(rows, grain(rows, 8L * D), (s, e, w) -> {
            int[] m = branch.mult(), sh = branch.shift();
            int am = ra.mult()[0], as = ra.shift()[0], bm = rb.mult()[0], bs = rb.shift()[0];
            for (int r = s; r < e; r++) {
                for (int c = 0; c < D; c++) {
                    int i = r * D + c;
                    long y = IntKernels.clamp(IntKernels.requant(acc[i], m[c], sh[c]), -32767, 32767);
                    x[i] = (short) IntKernels.clamp(IntKernels.requant(y, am, as) + IntKernels.requant(x[i], bm, bs), -32767, 32767);
                }
            }
        });
    }

    private void attention(int n, IntVitModel.Block blk, long[] expTable) {
        int ld = 3 * D;
        device.parallelFor(n * H, grain(n * H, 3L * T * T * hd), (s, e, wk) -> {
            Scratch sc = scratch[wk];
            for (int job = s; job < e; job++) {
                int b = job / H, hh = job % H;
                int base = b * T * ld + hh * hd;
                for (int i = 0; i < T; i++) {
                    for (int k = 0; k < hd; k++) {
                        sc.qW[i * hd + k] = qkv[base + i * ld + k];
                        sc.kT[k * T + i] = qkv[base + i * ld + D + k];
                        sc.vW[i * hd + k] = qkv[base + i * ld + 2 * D + k];
                    }
                }
                Int8Gemm.gemm(T, T, hd, sc.qW, 0, hd, sc.kT, 0, T, sc.s, 0, T);
                for (int i = 0; i < T * T; i++) {
                    sc.s[i] = IntKernels.clamp(blk.scoreRq.apply(sc.s[i], 0), -127, 127);
                }
                for (int i = 0; i < T; i++) {
                    IntKernels.shiftmax8(sc.s, i * T, T, expTable, sc.p, i * T, sc.exps);
                }
                for (int i = 0; i < T * T; i++) {
                    sc.pW[i] = sc.p[i];
                }
                Int8Gemm.gemm(T, hd, T, sc.pW, 0, T, sc.vW, 0, hd, sc.oAcc, 0, hd);
                for (int i = 0; i < T; i++) {
                    for (int k = 0; k < hd; k++) {
                        o[(b * T + i) * D + hh * hd + k] = (byte) IntKernels.clamp(blk.attnRq.apply(sc.oAcc[i * hd + k], 0), -127, 127);
                    }
                }
            }
        });
    }
}
