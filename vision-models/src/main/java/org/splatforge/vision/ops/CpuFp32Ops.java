package org.splatforge.vision.ops;

import org.splatforge.core.runtime.Device;
import org.splatforge.vision.kernels.FloatKernels;
import org.splatforge.vision.kernels.Sgemm;

/**
 * {@link Fp32Ops} on the CPU: buffers are {@code float[]}, GEMMs are {@link Sgemm}'s
 * register-tiled Vector API kernels with rows split over the device's workers, attention is
 * parallel over (sample, head) pairs.
 */
public final class CpuFp32Ops implements Fp32Ops<float[]> {

    /** Rows per parallel chunk: a multiple of the 4-row micro-kernel, big enough to amortise a hand-off. */
    private static final int ROW_GRAIN = 32;
    /** Below this many multiply-adds a hand-off to the other workers costs more than it saves: run inline. */
    static final long PARALLEL_MIN_WORK = 1L << 20;

    private final Device device;
    private final float[][] kT;

    public CpuFp32Ops(Device device) {
        this.device = device;
        this.kT = new float[device.parallelism()][];
    }

    public Device device() {
        return device;
    }

    /** ROW_GRAIN-sized chunks for big jobs; one inline chunk when the whole job is small. */
    static int grain(int count, long workPerItem) {
        return count * workPerItem < PARALLEL_MIN_WORK ? Math.max(1, count) : Math.max(1, Math.min(ROW_GRAIN, count / 2));
    }

    @Override
    public float[] alloc(int floats) {
        return new float[floats];
    }

    @Override
    public void upload(float[] src, int srcOff, float[] dst, int dstOff, int count) {
        System.arraycopy(src, srcOff, dst, dstOff, count);
    }

    @Override
    public void download(float[] src, int srcOff, float[] dst, int dstOff, int count) {
        System.arraycopy(src, srcOff, dst, dstOff, count);
    }

    @Override
    public int workers() {
        return device.parallelism();
    }

    @Override
    public void linear(int rows, int n, int k, float[] a, int aOff, int lda, float[] w, int wOff, float[] bias,
                       int biasOff, float[] c, int cOff, int ldc, boolean accumulate, boolean gelu) {
        device.parallelFor(rows, grain(rows, (long) n * k), (s, e, wk) -> {
            Sgemm.gemm(e - s, n, k, a, aOff + s * lda, lda, w, wOff, n, c, cOff + s * ldc, ldc, bias, biasOff, accumulate);
            if (gelu) {
                for (int r = s; r < e; r++) {
                    FloatKernels.gelu(c, cOff + r * ldc, c, cOff + r * ldc, n);
                }
            }
        });
    }

    @Override
    public void gelu(float[] x, int off, int rows, int cols, int ld) {
        device.parallelFor(rows, ROW_GRAIN, (s, e, wk) -> {
            for (int r = s; r < e; r++) {
                FloatKernels.gelu(x, off + r * ld, x, off + r * ld, cols);
            }
        });
    }

    @Override
    public void add(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int count) {
        device.parallelFor(count, 1 << 14, (s, e, wk) -> {
            for (int i = s; i < e; i++) {
                c[cOff + i] = a[aOff + i] + b[bOff + i];
            }
        });
    }

    @Override
    public void copy(float[] src, int srcOff, float[] dst, int dstOff, int count) {
        System.arraycopy(src, srcOff, dst, dstOff, count);
    }

    @Override
    public void layerNorm(float[] x, int xOff, float[] y, int yOff, int rows, int d, float[] gamma, int gOff,
                          float[] beta, int bOff, float eps) {
        device.parallelFor(rows, grain(rows, 8L * d), (s, e, wk) -> FloatKernels.layerNorm(x, xOff + s * d, y, yOff + s * d,
                e - s, d, gamma, gOff, beta, bOff, eps, null, null, 0));
    }

    @Override
    public void attention(int batch, int tokens, int heads, int hd, float[] qkv, int qkvOff, float[] out, int outOff,
                          float[] scores, int scoresOff, boolean perHeadScores) {
        int d = heads * hd, t = tokens;
        float scale = (float) (1 / Math.sqrt(hd));
        device.parallelFor(batch * heads, grain(batch * heads, 2L * t * t * hd), (s, e, wk) -> {
            float[] kt = kT[wk];
            if (kt == null || kt.length < hd * t) {
                kt = kT[wk] = new float[hd * t]; // once per worker, reused across calls
            }
            for (int job = s; job < e; job++) {
                int b = job / heads, h = job % heads;
                int q0 = qkvOff + b * t * 3 * d + h * hd;
                int sOff = scoresOff + (perHeadScores ? job : wk) * t * t;
                Sgemm.transpose(qkv, q0 + d, 3 * d, t, hd, kt, 0, t);
                Sgemm.gemm(t, t, hd, qkv, q0, 3 * d, kt, 0, t, scores, sOff, t, null, 0, false);
                FloatKernels.scale(scores, sOff, t * t, scale);
                FloatKernels.softmaxRows(scores, sOff, t, t, t);
                Sgemm.gemm(t, hd, t, scores, sOff, t, qkv, q0 + 2 * d, 3 * d, out, outOff + b * t * d + h * hd, d,
                        null, 0, false);
            }
        });
    }

    @Override
    public void embed(int batch, int np, int pd, int d, float[] patches, int pOff, float[] w, int wOff, float[] bias,
                      int biasOff, float[] cls, int clsOff, float[] pos, int posOff, float[] x, int xOff) {
        int t = np + 1;
        device.parallelFor(batch, 1, (s, e, wk) -> {
            for (int b = s; b < e; b++) {
                int x0 = xOff + b * t * d;
                Sgemm.gemm(np, d, pd, patches, pOff + b * np * pd, pd, w, wOff, d, x, x0 + d, d, bias, biasOff, false);
                System.arraycopy(cls, clsOff, x, x0, d);
                for (int i = 0; i < t * d; i++) {
                    x[x0 + i] += pos[posOff + i];
                }
            }
        });
    }
}
