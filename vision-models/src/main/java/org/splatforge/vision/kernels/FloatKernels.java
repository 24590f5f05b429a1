package org.splatforge.vision.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.splatforge.core.runtime.LaneMath;

/**
 * Element-wise and row-wise fp32 kernels of the ViT (forward and backward): LayerNorm, exact
 * (erf) GELU, row softmax. Rows are {@code d} contiguous floats. Vector exponentials and lane
 * sums are {@link LaneMath}'s, not the Vector API's {@code EXP} and {@code reduceLanes(ADD)}: those
 * may give other bits before the JIT compiles a kernel than after, and the planned and naive
 * schedules (and two runs of one model) must agree bit for bit. Tails use {@link Math#exp}.
 * Reference twins live in {@link FloatKernelsRef}.
 */
public final class FloatKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    // Abramowitz & Stegun 7.1.26: erf(x) = 1 - (a1 t + ... + a5 t^5) exp(-x^2), t = 1/(1 + p x), |error| <= 1.5e-7.
    private static final float P = 0.3275911f;
    private static final float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f,
            A5 = 1.061405429f;
    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float INV_SQRT_2PI = 0.39894228040143268f;

    private FloatKernels() {
    }

    /**
     * LayerNorm over rows: {@code y = (x - mean) * rstd * gamma + beta}, rstd = 1/sqrt(var + eps)
     * with the biased variance (as PyTorch). Writes per-row mean and rstd when the arrays are
     * non-null (for the backward pass). {@code y} may alias {@code x}.
     */
    public static void layerNorm(float[] x, int xOff, float[] y, int yOff, int rows, int d,
                                 float[] gamma, int gOff, float[] beta, int bOff, float eps,
                                 float[] mean, float[] rstd, int statOff) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * d, yi = yOff + r * d;
            float s = 0;
            for (int j = 0; j < d; j++) {
                s += x[xi + j];
            }
            float mu = s / d;
            float v = 0;
            for (int j = 0; j < d; j++) {
                float t = x[xi + j] - mu;
                v += t * t;
            }
            float rs = (float) (1.0 / Math.sqrt(v / d + eps));
            if (mean != null) {
                mean[statOff + r] = mu;
                rstd[statOff + r] = rs;
            }
            for (int j = 0; j < d; j++) {
                y[yi + j] = (x[xi + j] - mu) * rs * gamma[gOff + j] + beta[bOff + j];
            }
        }
    }

    /**
     * LayerNorm backward. Given the forward input {@code x}, the saved mean/rstd and upstream
     * {@code dy}, adds {@code dx} into {@code dx} (when {@code accumulateDx}) or writes it, and adds
     * the parameter gradients into {@code dgamma}/{@code dbeta}.
     */
    public static void layerNormBackward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                         int rows, int d, float[] gamma, int gOff, float[] mean, float[] rstd,
                                         int statOff, float[] dgamma, int dgOff, float[] dbeta, int dbOff,
                                         boolean accumulateDx) {
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * d, gi = dyOff + r * d, di = dxOff + r * d;
            float mu = mean[statOff + r], rs = rstd[statOff + r];
            float sumG = 0, sumGX = 0;
            for (int j = 0; j < d; j++) {
                float xh = (x[xi + j] - mu) * rs;
                float g = dy[gi + j];
                dgamma[dgOff + j] += g * xh;
                dbeta[dbOff + j] += g;
                float gg = g * gamma[gOff + j];
                sumG += gg;
                sumGX += gg * xh;
            }
            float invD = 1f / d;
            for (int j = 0; j < d; j++) {
                float xh = (x[xi + j] - mu) * rs;
                float gg = dy[gi + j] * gamma[gOff + j];
                float v = rs * (gg - invD * sumG - xh * invD * sumGX);
                dx[di + j] = accumulateDx ? dx[di + j] + v : v;
            }
        }
    }

    /** Exact GELU {@code 0.5 x (1 + erf(x / sqrt 2))} on {@code count} values; dst may alias src. */
    public static void gelu(float[] src, int srcOff, float[] dst, int dstOff, int count) {
        int i = 0;
        for (; i + L <= count; i += L) {
            FloatVector x = FloatVector.fromArray(S, src, srcOff + i);
            FloatVector z = x.mul(INV_SQRT2);
            FloatVector erf = erf(z);
            x.mul(0.5f).mul(erf.add(1f)).intoArray(dst, dstOff + i);
        }
        for (; i < count; i++) {
            float x = src[srcOff + i];
            dst[dstOff + i] = 0.5f * x * (1f + erf(x * INV_SQRT2));
        }
    }

    /** {@code dx = dy * gelu'(u)} with {@code gelu'(u) = Phi(u) + u phi(u)}; dx may alias dy. */
    public static void geluBackward(float[] u, int uOff, float[] dy, int dyOff, float[] dx, int dxOff, int count) {
        for (int i = 0; i < count; i++) {
            float x = u[uOff + i];
            float cdf = 0.5f * (1f + erf(x * INV_SQRT2));
            float pdf = INV_SQRT_2PI * (float) Math.exp(-0.5f * x * x);
            dx[dxOff + i] = dy[dyOff + i] * (cdf + x * pdf);
        }
    }

    /** erf by A&S 7.1.26 (max abs error 1.5e-7). */
    public static float erf(float x) {
        float ax = Math.abs(x);
        float t = 1f / (1f + P * ax);
        float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
        float e = 1f - poly * (float) Math.exp(-ax * ax);
        return Math.copySign(e, x);
    }

    private static FloatVector erf(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector t = ax.mul(P).add(1f);
        t = FloatVector.broadcast(S, 1f).div(t);
        FloatVector poly = t.mul(A5).add(A4).mul(t).add(A3).mul(t).add(A2).mul(t).add(A1).mul(t);
        FloatVector e = LaneMath.exp(ax.mul(ax).neg().max(LaneMath.EXP_MIN)); // e^-87 ~ 0 beside 1: the clamp changes nothing
        FloatVector r = poly.mul(e).neg().add(1f);
        return r.lanewise(VectorOperators.NEG, x.compare(VectorOperators.LT, 0f));
    }

    /** In-place softmax over each of {@code rows} rows of {@code cols} values (row stride {@code ld}). */
    public static void softmaxRows(float[] x, int off, int rows, int cols, int ld) {
        for (int r = 0; r < rows; r++) {
            int o = off + r * ld;
            float mx = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                mx = Math.max(mx, x[o + j]);
            }
            float sum = 0;
            int j = 0;
            FloatVector acc = FloatVector.zero(S);
            for (; j + L <= cols; j += L) {
                FloatVector e = LaneMath.exp(FloatVector.fromArray(S, x, o + j).sub(mx).max(LaneMath.EXP_MIN));
                e.intoArray(x, o + j);
                acc = acc.add(e);
            }
            sum = LaneMath.sum(acc);
            for (; j < cols; j++) {
                float e = (float) Math.exp(x[o + j] - mx);
                x[o + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (j = 0; j < cols; j++) {
                x[o + j] *= inv;
            }
        }
    }

    /** In-place multiply of {@code count} values by {@code s}. */
    public static void scale(float[] x, int off, int count, float s) {
        for (int i = 0; i < count; i++) {
            x[off + i] *= s;
        }
    }
}
