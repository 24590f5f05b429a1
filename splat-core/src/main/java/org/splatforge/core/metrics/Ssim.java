package org.splatforge.core.metrics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.VectorSupport;

/**
 * Fast SSIM with exactly the definition of {@link SsimReference} (the 3DGS evaluation's:
 * 11x11 Gaussian window, sigma 1.5, zero-padded "same" convolution per channel,
 * C1 = 0.01^2, C2 = 0.03^2, mean over pixels and channels), computed the fast way:
 * the 2D window is separable, so five quantities (x, y, x^2, y^2, xy) are blurred along rows
 * into planes, then along columns while the SSIM formula is evaluated; both passes are
 * vectorised along the row with the Vector API and split by rows over the device's workers.
 * Arithmetic is float (as torch's) with per-row sums in double, added in row order, so the
 * result does not depend on thread scheduling.
 *
 * <p>An instance keeps scratch planes (5 x H x W x C floats) between calls; it is not
 * thread-safe (calls are serialised).
 */
public final class Ssim {

    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    private static final int R = SsimReference.WINDOW / 2;
    private static final float C1 = (float) SsimReference.C1;
    private static final float C2 = (float) SsimReference.C2;

    private final Device device;
    private final float[] g;
    private final FloatVector[] gv;
    private float[] planes = new float[0];
    private double[] rowSums = new double[0];
    private float[][] scratch = new float[0][];

    /** @param device where to run the row loops; null runs on the calling thread */
    public Ssim(Device device) {
        this.device = device;
        double[] k = SsimReference.kernel();
        g = new float[k.length];
        for (int i = 0; i < k.length; i++) {
            g[i] = (float) k[i];
        }
        gv = new FloatVector[g.length];
        for (int i = 0; i < g.length; i++) {
            gv[i] = FloatVector.broadcast(S, g[i]);
        }
    }

    /** Mean SSIM over all pixels and channels. */
    public synchronized double ssim(FloatImage a, FloatImage b) {
        run(a, b, null);
        int rows = a.channels() * a.height();
        double s = 0;
        for (int r = 0; r < rows; r++) {
            s += rowSums[r];
        }
        return s / ((double) rows * a.width());
    }

    /** The SSIM map into {@code out} (H x W x C interleaved as the images). */
    public synchronized void map(FloatImage a, FloatImage b, float[] out) {
        if (out.length < a.data().length) {
            throw new IllegalArgumentException("map needs " + a.data().length + " floats, got " + out.length);
        }
        run(a, b, out);
    }

    static void checkSameShape(FloatImage a, FloatImage b) {
        if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
            throw new IllegalArgumentException("images differ in shape: " + a + " vs " + b);
        }
    }

    private void run(FloatImage a, FloatImage b, float[] out) {
        checkSameShape(a, b);
        int w = a.width(), h = a.height(), c = a.channels();
        int plane = w * h * c;
        if (planes.length < 5 * plane + S.length()) {
            // + one vector: the column pass loads whole vectors past the last row's end
            // (lanes beyond the row are masked out of every result).
            planes = new float[5 * plane + S.length()];
        }
        if (rowSums.length < c * h) {
            rowSums = new double[c * h];
        }
        int workers = device == null ? 1 : device.parallelism();
        int padded = w + 2 * R + S.length();
        if (scratch.length < workers || scratch[0].length < 5 * padded + S.length()) {
            scratch = new float[workers][5 * padded + S.length()];
        }
        int rows = c * h;
        if (device == null) {
            horizontal(a.data(), b.data(), w, h, c, 0, rows, scratch[0], padded);
            vertical(w, h, c, 0, rows, scratch[0], out);
        } else {
            device.parallelFor(rows, 8, (s, e, wk) -> horizontal(a.data(), b.data(), w, h, c, s, e, scratch[wk], padded));
            device.parallelFor(rows, 8, (s, e, wk) -> vertical(w, h, c, s, e, scratch[wk], out));
        }
    }

    /** Row blur of x, y, x^2, y^2, xy for rows [r0, r1) (row r = channel * H + y). */
    private void horizontal(float[] a, float[] b, int w, int h, int c, int r0, int r1, float[] buf, int padded) {
        int plane = w * h * c;
        // buf holds 5 zero-padded rows: [R zeros | W values | R + lanes zeros].
        java.util.Arrays.fill(buf, 0f);
        for (int r = r0; r < r1; r++) {
            int ch = r / h, y = r % h;
            int src = y * w * c + ch;
            for (int x = 0; x < w; x++) {
                float p = a[src + x * c], q = b[src + x * c];
                int o = R + x;
                buf[o] = p;
                buf[padded + o] = q;
                buf[2 * padded + o] = p * p;
                buf[3 * padded + o] = q * q;
                buf[4 * padded + o] = p * q;
            }
            int dst = r * w;
            for (int x = 0; x < w; x += S.length()) {
                boolean full = x + S.length() <= w;
                for (int qn = 0; qn < 5; qn++) {
                    int base = qn * padded + x;
                    FloatVector acc = FloatVector.fromArray(S, buf, base).mul(gv[0]);
                    for (int k = 1; k < g.length; k++) {
                        acc = FloatVector.fromArray(S, buf, base + k).fma(gv[k], acc);
                    }
                    if (full) {
                        acc.intoArray(planes, qn * plane + dst + x);
                    } else { // the tail must not spill into the next row, which another worker owns
                        acc.intoArray(planes, qn * plane + dst + x, S.indexInRange(x, w));
                    }
                }
            }
        }
    }

    /** Column blur and the SSIM formula for rows [r0, r1); per-row sums into rowSums. */
    private void vertical(int w, int h, int c, int r0, int r1, float[] tmp, float[] out) {
        int plane = w * h * c;
        for (int r = r0; r < r1; r++) {
            int ch = r / h, y = r % h;
            int k0 = Math.max(0, R - y), k1 = Math.min(g.length, h - y + R); // taps inside the image
            double rowSum = 0;
            for (int x = 0; x < w; x += S.length()) {
                boolean full = x + S.length() <= w;
                FloatVector mx = FloatVector.zero(S), my = mx, sxx = mx, syy = mx, sxy = mx;
                for (int k = k0; k < k1; k++) {
                    int row = (ch * h + y + k - R) * w + x;
                    FloatVector gk = gv[k];
                    mx = FloatVector.fromArray(S, planes, row).fma(gk, mx);
                    my = FloatVector.fromArray(S, planes, plane + row).fma(gk, my);
                    sxx = FloatVector.fromArray(S, planes, 2 * plane + row).fma(gk, sxx);
                    syy = FloatVector.fromArray(S, planes, 3 * plane + row).fma(gk, syy);
                    sxy = FloatVector.fromArray(S, planes, 4 * plane + row).fma(gk, sxy);
                }
                FloatVector mxy = mx.mul(my);
                FloatVector mx2 = mx.mul(mx), my2 = my.mul(my);
                FloatVector vx = sxx.sub(mx2), vy = syy.sub(my2), cxy = sxy.sub(mxy);
                FloatVector num = mxy.mul(2f).add(C1).mul(cxy.mul(2f).add(C2));
                FloatVector den = mx2.add(my2).add(C1).mul(vx.add(vy).add(C2));
                FloatVector s = num.div(den);
                rowSum += full ? s.reduceLanes(VectorOperators.ADD) : s.reduceLanes(VectorOperators.ADD, S.indexInRange(x, w));
                if (out != null) {
                    s.intoArray(tmp, 0);
                    int n = Math.min(S.length(), w - x);
                    for (int l = 0; l < n; l++) {
                        out[(y * w + x + l) * c + ch] = tmp[l];
                    }
                }
            }
            rowSums[r] = rowSum;
        }
    }
}
