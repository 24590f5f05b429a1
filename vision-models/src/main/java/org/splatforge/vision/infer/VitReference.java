package org.splatforge.vision.infer;

import org.splatforge.vision.kernels.FloatKernelsRef;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;
import org.splatforge.vision.model.VitWeights;

/**
 * The reference twin of the fp32 ViT: one image at a time, plain loops, every intermediate in
 * double. Tests compare {@link VitExecutor} (both schedules) and the ONNX Runtime run against
 * it; calibration uses its {@link Observer} hook to see every activation the integer model
 * quantizes.
 */
public final class VitReference {

    /** Receives activations by point name ({@code "ln1"}, {@code "qkv"}, ...) and block index (-1 outside blocks). */
    @FunctionalInterface
    public interface Observer {
        void observe(String point, int layer, double[] values, int count);
    }

    private VitReference() {
    }

    /**
     * Logits {@code [classes]} of one image given as patch rows {@code [patches][patchDim]} at
     * {@code patches[off...]}. Observed points, in order: embed; per block ln1, qkv, scores
     * (scaled, before softmax), attn, proj, res1, ln2, fc1 (before GELU), gelu, fc2, res2;
     * then norm (class token only) and logits.
     */
    public static double[] forward(VitWeights w, float[] patches, int off, Observer obs) {
        VitConfig c = w.config;
        VitLayout lay = w.layout;
        float[] p = w.data;
        int T = c.tokens(), D = c.dim(), M = c.mlp(), H = c.heads(), hd = c.headDim(), np = c.patches(), pd = c.patchDim();
        double[] x = new double[T * D];
        for (int j = 0; j < D; j++) {
            x[j] = p[lay.cls + j];
        }
        for (int t = 0; t < np; t++) {
            for (int j = 0; j < D; j++) {
                double s = p[lay.patchB + j];
                for (int k = 0; k < pd; k++) {
                    s += (double) patches[off + t * pd + k] * p[lay.patchW + k * D + j];
                }
                x[(t + 1) * D + j] = s;
            }
        }
        for (int i = 0; i < T * D; i++) {
            x[i] += p[lay.pos + i];
        }
        emit(obs, "embed", -1, x);
        double[] h = new double[T * D], qkv = new double[T * 3 * D], att = new double[T * D], tmp = new double[T * D];
        double[] u = new double[T * M];
        double[] scores = new double[H * T * T];
        for (int l = 0; l < c.depth(); l++) {
            VitLayout.Block b = lay.block(l);
            layerNorm(x, h, T, D, p, b.ln1W(), b.ln1B(), c.lnEps());
            emit(obs, "ln1", l, h);
            linear(h, T, D, p, b.qkvW(), b.qkvB(), 3 * D, qkv);
            emit(obs, "qkv", l, qkv);
            double scale = 1 / Math.sqrt(hd);
            for (int hh = 0; hh < H; hh++) {
                for (int i = 0; i < T; i++) {
                    for (int j = 0; j < T; j++) {
                        double s = 0;
                        for (int k = 0; k < hd; k++) {
                            s += qkv[i * 3 * D + hh * hd + k] * qkv[j * 3 * D + D + hh * hd + k];
                        }
                        scores[(hh * T + i) * T + j] = s * scale;
                    }
                }
            }
            emit(obs, "scores", l, scores);
            for (int hh = 0; hh < H; hh++) {
                for (int i = 0; i < T; i++) {
                    FloatKernelsRef.softmax(scores, (hh * T + i) * T, T);
                    for (int k = 0; k < hd; k++) {
                        double s = 0;
                        for (int j = 0; j < T; j++) {
                            s += scores[(hh * T + i) * T + j] * qkv[j * 3 * D + 2 * D + hh * hd + k];
                        }
                        att[i * D + hh * hd + k] = s;
                    }
                }
            }
            emit(obs, "attn", l, att);
            linear(att, T, D, p, b.projW(), b.projB(), D, tmp);
            emit(obs, "proj", l, tmp);
            for (int i = 0; i < T * D; i++) {
                x[i] += tmp[i];
            }
            emit(obs, "res1", l, x);
            layerNorm(x, h, T, D, p, b.ln2W(), b.ln2B(), c.lnEps());
            emit(obs, "ln2", l, h);
            linear(h, T, D, p, b.fc1W(), b.fc1B(), M, u);
            emit(obs, "fc1", l, u);
            for (int i = 0; i < T * M; i++) {
                u[i] = FloatKernelsRef.gelu(u[i]);
            }
            emit(obs, "gelu", l, u);
            linear(u, T, M, p, b.fc2W(), b.fc2B(), D, tmp);
            emit(obs, "fc2", l, tmp);
            for (int i = 0; i < T * D; i++) {
                x[i] += tmp[i];
            }
            emit(obs, "res2", l, x);
        }
        double[] z = new double[D];
        layerNorm(x, z, 1, D, p, lay.normW, lay.normB, c.lnEps());
        emit(obs, "norm", -1, z);
        double[] logits = new double[c.classes()];
        linear(z, 1, D, p, lay.headW, lay.headB, c.classes(), logits);
        emit(obs, "logits", -1, logits);
        return logits;
    }

    private static void emit(Observer obs, String point, int layer, double[] v) {
        if (obs != null) {
            obs.observe(point, layer, v, v.length);
        }
    }

    private static void layerNorm(double[] x, double[] y, int rows, int d, float[] p, int g, int b, float eps) {
        for (int r = 0; r < rows; r++) {
            double mu = 0;
            for (int j = 0; j < d; j++) {
                mu += x[r * d + j];
            }
            mu /= d;
            double v = 0;
            for (int j = 0; j < d; j++) {
                v += (x[r * d + j] - mu) * (x[r * d + j] - mu);
            }
            double rs = 1 / Math.sqrt(v / d + eps);
            for (int j = 0; j < d; j++) {
                y[r * d + j] = (x[r * d + j] - mu) * rs * p[g + j] + p[b + j];
            }
        }
    }

    private static void linear(double[] x, int rows, int in, float[] p, int w, int b, int out, double[] y) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                double s = p[b + j];
                for (int k = 0; k < in; k++) {
                    s += x[r * in + k] * p[w + k * out + j];
                }
                y[r * out + j] = s;
            }
        }
    }
}
