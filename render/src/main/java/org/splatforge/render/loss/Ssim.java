package org.splatforge.render.loss;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.VectorSupport;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli, "Image Quality Assessment:
 * From Error Visibility to Structural Similarity", IEEE TIP 2004) and its exact gradient,
 * as the 3DGS training loss computes it: an 11x11 Gaussian window (sigma 1.5) applied per
 * channel as a zero-padded "same" convolution, C1 = 0.01^2, C2 = 0.03^2, and the mean over
 * every pixel and channel.
 *
 * <p>Images are {@code float[H*W*C]}, row-major, channels interleaved (as
 * {@link org.splatforge.core.image.FloatImage}). The window is separable, so each blur is
 * a horizontal then a vertical 11-tap pass, vectorised along the row (with channels
 * interleaved, a horizontal tap is a shift of {@code C} floats) and split over rows
 * across the device's workers. Forward: five blurs (x, y, x^2, y^2, xy). Backward: with
 * S a function of the blurred moments, dS/dx = B(dS/dmu_x) + 2x B(dS/dE[x^2]) + y B(dS/dE[xy]),
 * since the zero-padded symmetric blur B is its own transpose: three more blurs.
 *
 * <p>Per-pixel values do not depend on the partition; the mean is summed per row in double
 * and the rows in order, so results are identical for every thread count.
 * {@link SsimReference} is the direct double-precision twin. Not thread-safe: one instance
 * per trainer (it owns its scratch planes, reused while the image size is unchanged).
 */
public final class Ssim {

    public static final int WINDOW = 11;
    public static final int RADIUS = WINDOW / 2;
    public static final double SIGMA = 1.5;
    public static final float C1 = 0.01f * 0.01f;
    public static final float C2 = 0.03f * 0.03f;

    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    private static final int L = S.length();
    private static final float[] W = window1d();

    private final Device device;
    private int width;
    private int height;
    private int channels;
    // Horizontal-pass planes of x, y, x^2, y^2, xy; the first three are reused for the backward.
    private float[][] hp = new float[5][0];
    // dS/d(mu_x), dS/d(E[x^2]), dS/d(E[xy]) per pixel, already scaled by the upstream gradient.
    private float[][] dp = new float[3][0];
    private double[] rowSums = new double[0];
    private float[][] pad;     // per worker: one zero-padded row
    private float[][] vrow;    // per worker: five vertical outputs of one row

    public Ssim(Device device) {
        this.device = device;
    }

    /** The normalised 1D Gaussian window (11 taps, sigma 1.5); the 2D window is its outer product. */
    public static float[] window1d() {
        double[] g = new double[WINDOW];
        double sum = 0;
        for (int k = 0; k < WINDOW; k++) {
            double d = k - RADIUS;
            g[k] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += g[k];
        }
        float[] w = new float[WINDOW];
        for (int k = 0; k < WINDOW; k++) {
            w[k] = (float) (g[k] / sum);
        }
        return w;
    }

    /** Mean SSIM of x against y (no gradient). */
    public double forward(float[] x, float[] y, int w, int h, int c) {
        return run(x, y, w, h, c, 0f, null);
    }

    /**
     * Mean SSIM of x against y; adds {@code gradScale * d(mean SSIM)/dx} into {@code grad}
     * ({@code float[H*W*C]}).
     */
    public double forwardBackward(float[] x, float[] y, int w, int h, int c, float gradScale, float[] grad) {
        return run(x, y, w, h, c, gradScale, grad);
    }

    private double run(float[] x, float[] y, int w, int h, int c, float gradScale, float[] grad) {
        int n = Math.multiplyExact(Math.multiplyExact(w, h), c);
        if (x.length < n || y.length < n || (grad != null && grad.length < n)) {
            throw new IllegalArgumentException("SSIM: arrays shorter than " + w + "x" + h + "x" + c);
        }
        ensure(w, h, c);
        int rowLen = w * c;
        float g = grad == null ? 0f : gradScale / n; // upstream d(loss)/dS per pixel-channel
        boolean backward = grad != null;
        int grain = Math.max(1, 4096 / rowLen);

        // 1. horizontal pass of the five moment images
        device.parallelFor(h, grain, (s, e, wk) -> {
            float[] p = pad[wk];
            for (int r = s; r < e; r++) {
                int off = r * rowLen;
                int base = RADIUS * c;
                for (int q = 0; q < 5; q++) {
                    moment(q, x, y, off, p, base, rowLen);
                    hblur(p, 0, hp[q], off, rowLen, c);
                }
            }
        });

        // 2. vertical pass, SSIM map, per-pixel partials
        device.parallelFor(h, grain, (s, e, wk) -> {
            float[] vr = vrow[wk];
            for (int r = s; r < e; r++) {
                for (int q = 0; q < 5; q++) {
                    vblur(hp[q], r, height, rowLen, vr, q * rowLen);
                }
                rowSums[r] = ssimRow(vr, rowLen, backward, g, r * rowLen);
            }
        });

        if (backward) {
            // 3. horizontal pass of the partials (into the first three forward planes, free now)
            device.parallelFor(h, grain, (s, e, wk) -> {
                float[] p = pad[wk];
                int base = RADIUS * c;
                for (int r = s; r < e; r++) {
                    int off = r * rowLen;
                    for (int q = 0; q < 3; q++) {
                        System.arraycopy(dp[q], off, p, base, rowLen);
                        hblur(p, 0, hp[q], off, rowLen, c);
                    }
                }
            });
            // 4. vertical pass and combination: grad += B(P0) + 2x B(P1) + y B(P2)
            device.parallelFor(h, grain, (s, e, wk) -> {
                float[] vr = vrow[wk];
                for (int r = s; r < e; r++) {
                    for (int q = 0; q < 3; q++) {
                        vblur(hp[q], r, height, rowLen, vr, q * rowLen);
                    }
                    combine(vr, rowLen, x, y, grad, r * rowLen);
                }
            });
        }
        double sum = 0;
        for (int r = 0; r < h; r++) {
            sum += rowSums[r];
        }
        return sum / n;
    }

    /** Writes moment image q (x, y, x^2, y^2, xy) of one row into p[base..base+n). */
    private static void moment(int q, float[] x, float[] y, int off, float[] p, int base, int n) {
        switch (q) {
            case 0 -> System.arraycopy(x, off, p, base, n);
            case 1 -> System.arraycopy(y, off, p, base, n);
            case 2 -> {
                for (int j = 0; j < n; j++) {
                    p[base + j] = x[off + j] * x[off + j];
                }
            }
            case 3 -> {
                for (int j = 0; j < n; j++) {
                    p[base + j] = y[off + j] * y[off + j];
                }
            }
            default -> {
                for (int j = 0; j < n; j++) {
                    p[base + j] = x[off + j] * y[off + j];
                }
            }
        }
    }

    private void ensure(int w, int h, int c) {
        int n = w * h * c;
        if (hp[0].length != n) {
            for (int q = 0; q < 5; q++) {
                hp[q] = new float[n];
            }
            for (int q = 0; q < 3; q++) {
                dp[q] = new float[n];
            }
        }
        if (rowSums.length != h) {
            rowSums = new double[h];
        }
        int rowLen = w * c;
        int workers = device.parallelism();
        if (pad == null || pad.length != workers || pad[0].length != rowLen + 2 * RADIUS * c + L
                || width * channels != rowLen) {
            pad = new float[workers][rowLen + 2 * RADIUS * c + L];
            vrow = new float[workers][5 * rowLen];
        }
        width = w;
        height = h;
        channels = c;
    }

    /**
     * dst[dstOff + j] = sum_k W[k] * src[srcOff + j + k*step] for j in [0, n): a horizontal
     * pass over a row stored with {@code RADIUS*step} zeros before and after it.
     */
    static void hblur(float[] src, int srcOff, float[] dst, int dstOff, int n, int step) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector acc = FloatVector.fromArray(S, src, srcOff + j).mul(W[0]);
            for (int k = 1; k < WINDOW; k++) {
                acc = FloatVector.fromArray(S, src, srcOff + j + k * step).fma(FloatVector.broadcast(S, W[k]), acc);
            }
            acc.intoArray(dst, dstOff + j);
        }
        for (; j < n; j++) {
            float acc = src[srcOff + j] * W[0];
            for (int k = 1; k < WINDOW; k++) {
                acc = Math.fma(src[srcOff + j + k * step], W[k], acc);
            }
            dst[dstOff + j] = acc;
        }
    }

    /**
     * Vertical pass for output row {@code r}: dst[dstOff + j] = sum over in-image rows
     * r+k-RADIUS of W[k] * src[row*rowLen + j] (zero padding above and below).
     */
    static void vblur(float[] src, int r, int rows, int rowLen, float[] dst, int dstOff) {
        int k0 = Math.max(0, RADIUS - r);
        int k1 = Math.min(WINDOW, rows - r + RADIUS); // exclusive
        int j = 0;
        for (; j + L <= rowLen; j += L) {
            FloatVector acc = FloatVector.fromArray(S, src, (r + k0 - RADIUS) * rowLen + j).mul(W[k0]);
            for (int k = k0 + 1; k < k1; k++) {
                acc = FloatVector.fromArray(S, src, (r + k - RADIUS) * rowLen + j).fma(FloatVector.broadcast(S, W[k]), acc);
            }
            acc.intoArray(dst, dstOff + j);
        }
        for (; j < rowLen; j++) {
            float acc = src[(r + k0 - RADIUS) * rowLen + j] * W[k0];
            for (int k = k0 + 1; k < k1; k++) {
                acc = Math.fma(src[(r + k - RADIUS) * rowLen + j], W[k], acc);
            }
            dst[dstOff + j] = acc;
        }
    }

    /**
     * SSIM of one row from its blurred moments (vr = [mx | my | mxx | myy | mxy], each
     * rowLen long); writes the scaled partials into {@code dp} at {@code off}. Returns the
     * row's sum of SSIM values (lane partial sums added in a fixed order, in double).
     * With S = A1 A2 / (B1 B2), A1 = 2 mx my + C1, A2 = 2 cov + C2, B1 = mx^2 + my^2 + C1,
     * B2 = var_x + var_y + C2:
     * dS/dmx = 2 my (A2 - A1)/(B1 B2) + 2 mx S (1/B2 - 1/B1), dS/dE[x^2] = -S/B2, dS/dE[xy] = 2 A1/(B1 B2).
     */
    private double ssimRow(float[] vr, int rowLen, boolean backward, float g, int off) {
        float[] d0 = dp[0], d1 = dp[1], d2 = dp[2];
        int j = 0;
        FloatVector acc = FloatVector.zero(S);
        FloatVector vc1 = FloatVector.broadcast(S, C1), vc2 = FloatVector.broadcast(S, C2);
        FloatVector vg = FloatVector.broadcast(S, g), two = FloatVector.broadcast(S, 2f), one = FloatVector.broadcast(S, 1f);
        for (; j + L <= rowLen; j += L) {
            FloatVector mx = FloatVector.fromArray(S, vr, j), my = FloatVector.fromArray(S, vr, rowLen + j);
            FloatVector mxx = FloatVector.fromArray(S, vr, 2 * rowLen + j);
            FloatVector myy = FloatVector.fromArray(S, vr, 3 * rowLen + j);
            FloatVector mxy = FloatVector.fromArray(S, vr, 4 * rowLen + j);
            FloatVector mx2 = mx.mul(mx), my2 = my.mul(my), mxmy = mx.mul(my);
            FloatVector a1 = two.mul(mxmy).add(vc1), a2 = two.mul(mxy.sub(mxmy)).add(vc2);
            FloatVector b1 = mx2.add(my2).add(vc1), b2 = mxx.sub(mx2).add(myy.sub(my2)).add(vc2);
            FloatVector ib1 = one.div(b1), ib2 = one.div(b2), iden = ib1.mul(ib2);
            FloatVector ssim = a1.mul(a2).mul(iden);
            acc = acc.add(ssim);
            if (backward) {
                two.mul(my).mul(a2.sub(a1)).mul(iden).add(two.mul(mx).mul(ssim).mul(ib2.sub(ib1))).mul(vg)
                        .intoArray(d0, off + j);
                ssim.mul(ib2).mul(vg).neg().intoArray(d1, off + j);
                two.mul(a1).mul(iden).mul(vg).intoArray(d2, off + j);
            }
        }
        double sum = 0;
        for (int q = 0; q < L; q++) {
            sum += acc.lane(q);
        }
        for (; j < rowLen; j++) {
            float mx = vr[j], my = vr[rowLen + j];
            float mxx = vr[2 * rowLen + j], myy = vr[3 * rowLen + j], mxy = vr[4 * rowLen + j];
            float mx2 = mx * mx, my2 = my * my, mxmy = mx * my;
            float a1 = 2 * mxmy + C1, a2 = 2 * (mxy - mxmy) + C2;
            float b1 = mx2 + my2 + C1, b2 = (mxx - mx2) + (myy - my2) + C2;
            float ib1 = 1 / b1, ib2 = 1 / b2, iden = ib1 * ib2;
            float ssim = a1 * a2 * iden;
            sum += ssim;
            if (backward) {
                d0[off + j] = (2 * my * (a2 - a1) * iden + 2 * mx * ssim * (ib2 - ib1)) * g;
                d1[off + j] = -(ssim * ib2 * g);
                d2[off + j] = 2 * a1 * iden * g;
            }
        }
        return sum;
    }

    private static void combine(float[] vr, int rowLen, float[] x, float[] y, float[] grad, int off) {
        int j = 0;
        FloatVector two = FloatVector.broadcast(S, 2f);
        for (; j + L <= rowLen; j += L) {
            FloatVector b0 = FloatVector.fromArray(S, vr, j), b1 = FloatVector.fromArray(S, vr, rowLen + j);
            FloatVector b2 = FloatVector.fromArray(S, vr, 2 * rowLen + j);
            FloatVector xv = FloatVector.fromArray(S, x, off + j), yv = FloatVector.fromArray(S, y, off + j);
            FloatVector.fromArray(S, grad, off + j).add(b0.add(two.mul(xv).mul(b1)).add(yv.mul(b2))).intoArray(grad, off + j);
        }
        for (; j < rowLen; j++) {
            grad[off + j] += vr[j] + 2 * x[off + j] * vr[rowLen + j] + y[off + j] * vr[2 * rowLen + j];
        }
    }
}
