package org.splatforge.vision.train;

import org.splatforge.vision.kernels.FloatKernels;
import org.splatforge.vision.kernels.Sgemm;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;

/**
 * Forward pass with saved activations and the hand-written backward pass of the ViT, for up
 * to {@code capacity} samples on one thread. Samples are stacked as rows ({@code R = n * T}
 * token rows of width D) so every linear layer is one GEMM; attention runs per sample and
 * head. Every op's backward is checked against central finite differences in the tests.
 *
 * <p>Notation (per block l): {@code xs[l]} input of the block, {@code h1 = LN1(xs)},
 * {@code qkv = h1 Wqkv + b}, {@code att = softmax(q k^T / sqrt(hd))} per head,
 * {@code o = att v}, {@code xmid = xs + o Wo + bo}, {@code h2 = LN2(xmid)},
 * {@code u = h2 W1 + b1}, {@code g = gelu(u)}, {@code xs[l+1] = xmid + g W2 + b2}; the head
 * reads {@code zc = LN(xs[L][cls row])}.
 */
public final class VitBackprop {

    private final VitConfig c;
    private final VitLayout lay;
    private final int capacity, T, D, M, H, hd, Np, PD, C;

    // Saved activations.
    final float[] patches;
    private final float[][] xs, xmid, h1, mu1, rs1, qkv, att, o, h2, mu2, rs2, u, g;
    private final float[] zc, muf, rsf, dz;
    final float[] logits;
    // Backward scratch.
    private final float[] dX, dBig, dH, dQKV, tScratch, small1, small2, small3;

    public VitBackprop(VitConfig c, int capacity) {
        this.c = c;
        this.lay = new VitLayout(c);
        this.capacity = capacity;
        T = c.tokens();
        D = c.dim();
        M = c.mlp();
        H = c.heads();
        hd = c.headDim();
        Np = c.patches();
        PD = c.patchDim();
        C = c.classes();
        int R = capacity * T, L = c.depth();
        patches = new float[capacity * Np * PD];
        xs = new float[L + 1][R * D];
        xmid = new float[L][R * D];
        h1 = new float[L][R * D];
        h2 = new float[L][R * D];
        o = new float[L][R * D];
        mu1 = new float[L][R];
        rs1 = new float[L][R];
        mu2 = new float[L][R];
        rs2 = new float[L][R];
        qkv = new float[L][R * 3 * D];
        att = new float[L][capacity * H * T * T];
        u = new float[L][R * M];
        g = new float[L][R * M];
        zc = new float[capacity * D];
        muf = new float[capacity];
        rsf = new float[capacity];
        logits = new float[capacity * C];
        dz = new float[capacity * D];
        dX = new float[R * D];
        dBig = new float[R * Math.max(M, 3 * D)];
        dH = new float[R * D];
        dQKV = new float[R * 3 * D];
        tScratch = new float[Math.max(R * Math.max(M, 3 * D), Math.max(capacity * D, Np * PD))];
        small1 = new float[T * T];
        small2 = new float[T * T];
        small3 = new float[Math.max(T * T, hd * T)];
    }

    public int capacity() {
        return capacity;
    }

    /** The patch rows buffer for sample {@code s} (fill with {@link Patches}). */
    public int patchOffset(int s) {
        return s * Np * PD;
    }

    /** Forward for {@code n} samples whose patches are loaded; logits land in {@link #logits}. */
    public void forward(float[] p, int n) {
        int R = n * T;
        float[] x0 = xs[0];
        for (int s = 0; s < n; s++) {
            Sgemm.gemm(Np, D, PD, patches, s * Np * PD, PD, p, lay.patchW, D, x0, (s * T + 1) * D, D,
                    p, lay.patchB, false);
            System.arraycopy(p, lay.cls, x0, s * T * D, D);
            for (int i = 0; i < T * D; i++) {
                x0[s * T * D + i] += p[lay.pos + i];
            }
        }
        float scale = (float) (1 / Math.sqrt(hd));
        for (int l = 0; l < c.depth(); l++) {
            VitLayout.Block b = lay.block(l);
            FloatKernels.layerNorm(xs[l], 0, h1[l], 0, R, D, p, b.ln1W(), p, b.ln1B(), c.lnEps(), mu1[l], rs1[l], 0);
            Sgemm.gemm(R, 3 * D, D, h1[l], 0, D, p, b.qkvW(), 3 * D, qkv[l], 0, 3 * D, p, b.qkvB(), false);
            for (int s = 0; s < n; s++) {
                for (int h = 0; h < H; h++) {
                    int q0 = s * T * 3 * D + h * hd, k0 = q0 + D, v0 = q0 + 2 * D;
                    int a0 = (s * H + h) * T * T;
                    Sgemm.transpose(qkv[l], k0, 3 * D, T, hd, small3, 0, T);
                    Sgemm.gemm(T, T, hd, qkv[l], q0, 3 * D, small3, 0, T, att[l], a0, T, null, 0, false);
                    FloatKernels.scale(att[l], a0, T * T, scale);
                    FloatKernels.softmaxRows(att[l], a0, T, T, T);
                    Sgemm.gemm(T, hd, T, att[l], a0, T, qkv[l], v0, 3 * D, o[l], s * T * D + h * hd, D, null, 0, false);
                }
            }
            System.arraycopy(xs[l], 0, xmid[l], 0, R * D);
            Sgemm.gemm(R, D, D, o[l], 0, D, p, b.projW(), D, xmid[l], 0, D, p, b.projB(), true);
            FloatKernels.layerNorm(xmid[l], 0, h2[l], 0, R, D, p, b.ln2W(), p, b.ln2B(), c.lnEps(), mu2[l], rs2[l], 0);
            Sgemm.gemm(R, M, D, h2[l], 0, D, p, b.fc1W(), M, u[l], 0, M, p, b.fc1B(), false);
            FloatKernels.gelu(u[l], 0, g[l], 0, R * M);
            System.arraycopy(xmid[l], 0, xs[l + 1], 0, R * D);
            Sgemm.gemm(R, D, M, g[l], 0, M, p, b.fc2W(), D, xs[l + 1], 0, D, p, b.fc2B(), true);
        }
        float[] xl = xs[c.depth()];
        for (int s = 0; s < n; s++) {
            FloatKernels.layerNorm(xl, s * T * D, zc, s * D, 1, D, p, lay.normW, p, lay.normB, c.lnEps(), muf, rsf, s);
        }
        Sgemm.gemm(n, C, D, zc, 0, D, p, lay.headW, C, logits, 0, C, p, lay.headB, false);
    }

    /**
     * Cross-entropy with label smoothing {@code eps} (targets {@code (1-eps) onehot + eps/C})
     * over the current logits. Returns the summed loss of the {@code n} samples; writes
     * {@code dlogits = (softmax - target) * gradScale} into {@code dlogits} when non-null.
     */
    public double crossEntropy(int n, int[] labels, int labelOff, float eps, float gradScale, float[] dlogits) {
        double loss = 0;
        for (int s = 0; s < n; s++) {
            int lo = s * C;
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < C; j++) {
                mx = Math.max(mx, logits[lo + j]);
            }
            double sum = 0;
            for (int j = 0; j < C; j++) {
                sum += Math.exp(logits[lo + j] - mx);
            }
            double lse = mx + Math.log(sum);
            int y = labels[labelOff + s];
            for (int j = 0; j < C; j++) {
                double target = (j == y ? 1 - eps : 0) + eps / C;
                loss -= target * (logits[lo + j] - lse);
                if (dlogits != null) {
                    double pj = Math.exp(logits[lo + j] - lse);
                    dlogits[lo + j] = (float) ((pj - target) * gradScale);
                }
            }
        }
        return loss;
    }

    /** Index of the largest logit of sample {@code s}. */
    public int argmax(int s) {
        int best = 0;
        for (int j = 1; j < C; j++) {
            if (logits[s * C + j] > logits[s * C + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Backward for the {@code n} samples of the last {@link #forward}: adds parameter gradients
     * into {@code grad}. {@code pT} holds the transposed weight matrices at the same offsets
     * ({@code [out][in]}), see {@link #transposeWeights}.
     */
    public void backward(float[] p, float[] pT, float[] dlogits, float[] grad, int n) {
        int R = n * T;
        // Head: logits = zc Wh + bh.
        Sgemm.transpose(zc, 0, D, n, D, tScratch, 0, n);
        Sgemm.gemm(D, C, n, tScratch, 0, n, dlogits, 0, C, grad, lay.headW, C, null, 0, true);
        colSum(dlogits, 0, n, C, grad, lay.headB);
        Sgemm.gemm(n, D, C, dlogits, 0, C, pT, lay.headW, D, dz, 0, D, null, 0, false);
        java.util.Arrays.fill(dX, 0, R * D, 0f);
        float[] xl = xs[c.depth()];
        for (int s = 0; s < n; s++) {
            FloatKernels.layerNormBackward(xl, s * T * D, dz, s * D, dX, s * T * D, 1, D, p, lay.normW, muf, rsf, s,
                    grad, lay.normW, grad, lay.normB, false);
        }
        float scale = (float) (1 / Math.sqrt(hd));
        for (int l = c.depth() - 1; l >= 0; l--) {
            VitLayout.Block b = lay.block(l);
            // MLP: xs[l+1] = xmid + gelu(h2 W1 + b1) W2 + b2.
            Sgemm.gemm(R, M, D, dX, 0, D, pT, b.fc2W(), M, dBig, 0, M, null, 0, false);
            Sgemm.transpose(g[l], 0, M, R, M, tScratch, 0, R);
            Sgemm.gemm(M, D, R, tScratch, 0, R, dX, 0, D, grad, b.fc2W(), D, null, 0, true);
            colSum(dX, 0, R, D, grad, b.fc2B());
            FloatKernels.geluBackward(u[l], 0, dBig, 0, dBig, 0, R * M);
            Sgemm.gemm(R, D, M, dBig, 0, M, pT, b.fc1W(), D, dH, 0, D, null, 0, false);
            Sgemm.transpose(h2[l], 0, D, R, D, tScratch, 0, R);
            Sgemm.gemm(D, M, R, tScratch, 0, R, dBig, 0, M, grad, b.fc1W(), M, null, 0, true);
            colSum(dBig, 0, R, M, grad, b.fc1B());
            FloatKernels.layerNormBackward(xmid[l], 0, dH, 0, dX, 0, R, D, p, b.ln2W(), mu2[l], rs2[l], 0,
                    grad, b.ln2W(), grad, b.ln2B(), true);
            // Attention: xmid = xs + o Wo + bo.
            float[] dO = dH;
            Sgemm.gemm(R, D, D, dX, 0, D, pT, b.projW(), D, dO, 0, D, null, 0, false);
            Sgemm.transpose(o[l], 0, D, R, D, tScratch, 0, R);
            Sgemm.gemm(D, D, R, tScratch, 0, R, dX, 0, D, grad, b.projW(), D, null, 0, true);
            colSum(dX, 0, R, D, grad, b.projB());
            float[] a = att[l], kv = qkv[l];
            for (int s = 0; s < n; s++) {
                for (int h = 0; h < H; h++) {
                    int q0 = s * T * 3 * D + h * hd, k0 = q0 + D, v0 = q0 + 2 * D;
                    int a0 = (s * H + h) * T * T;
                    int do0 = s * T * D + h * hd;
                    // dP = dO_h V_h^T
                    Sgemm.transpose(kv, v0, 3 * D, T, hd, small3, 0, T);
                    Sgemm.gemm(T, T, hd, dO, do0, D, small3, 0, T, small1, 0, T, null, 0, false);
                    // dV_h = P^T dO_h
                    Sgemm.transpose(a, a0, T, T, T, small2, 0, T);
                    Sgemm.gemm(T, hd, T, small2, 0, T, dO, do0, D, dQKV, v0, 3 * D, null, 0, false);
                    // dS = P * (dP - rowsum(dP * P)) * scale
                    for (int i = 0; i < T; i++) {
                        float dot = 0;
                        for (int j = 0; j < T; j++) {
                            dot += small1[i * T + j] * a[a0 + i * T + j];
                        }
                        for (int j = 0; j < T; j++) {
                            small1[i * T + j] = a[a0 + i * T + j] * (small1[i * T + j] - dot) * scale;
                        }
                    }
                    // dQ_h = dS K_h ; dK_h = dS^T Q_h
                    Sgemm.gemm(T, hd, T, small1, 0, T, kv, k0, 3 * D, dQKV, q0, 3 * D, null, 0, false);
                    Sgemm.transpose(small1, 0, T, T, T, small2, 0, T);
                    Sgemm.gemm(T, hd, T, small2, 0, T, kv, q0, 3 * D, dQKV, k0, 3 * D, null, 0, false);
                }
            }
            Sgemm.gemm(R, D, 3 * D, dQKV, 0, 3 * D, pT, b.qkvW(), D, dH, 0, D, null, 0, false);
            Sgemm.transpose(h1[l], 0, D, R, D, tScratch, 0, R);
            Sgemm.gemm(D, 3 * D, R, tScratch, 0, R, dQKV, 0, 3 * D, grad, b.qkvW(), 3 * D, null, 0, true);
            colSum(dQKV, 0, R, 3 * D, grad, b.qkvB());
            FloatKernels.layerNormBackward(xs[l], 0, dH, 0, dX, 0, R, D, p, b.ln1W(), mu1[l], rs1[l], 0,
                    grad, b.ln1W(), grad, b.ln1B(), true);
        }
        // Embedding: x0 = [cls; patches Wpe + bpe] + pos.
        for (int s = 0; s < n; s++) {
            int r0 = s * T * D;
            for (int i = 0; i < D; i++) {
                grad[lay.cls + i] += dX[r0 + i];
            }
            for (int i = 0; i < T * D; i++) {
                grad[lay.pos + i] += dX[r0 + i];
            }
            Sgemm.transpose(patches, s * Np * PD, PD, Np, PD, tScratch, 0, Np);
            Sgemm.gemm(PD, D, Np, tScratch, 0, Np, dX, r0 + D, D, grad, lay.patchW, D, null, 0, true);
            colSum(dX, r0 + D, Np, D, grad, lay.patchB);
        }
    }

    /** Writes each weight matrix of {@code p} transposed ({@code [out][in]}) at the same offset of {@code pT}. */
    public static void transposeWeights(VitLayout lay, float[] p, float[] pT) {
        for (VitLayout.Tensor t : lay.tensors()) {
            if (t.transposed()) {
                int rows = t.shape()[0], cols = t.shape()[1];
                Sgemm.transpose(p, t.offset(), cols, rows, cols, pT, t.offset(), rows);
            }
        }
    }

    private static void colSum(float[] src, int off, int rows, int cols, float[] dst, int dstOff) {
        for (int r = 0; r < rows; r++) {
            int o = off + r * cols;
            for (int j = 0; j < cols; j++) {
                dst[dstOff + j] += src[o + j];
            }
        }
    }
}
