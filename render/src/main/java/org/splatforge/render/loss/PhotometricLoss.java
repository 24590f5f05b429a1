package org.splatforge.render.loss;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.VectorSupport;

/**
 * The 3DGS training loss: {@code (1 - lambda) * L1 + lambda * (1 - SSIM)} (Kerbl et al.,
 * "3D Gaussian Splatting for Real-Time Radiance Field Rendering", SIGGRAPH 2023, Eq. 7;
 * lambda = 0.2), L1 being the mean absolute difference over every pixel and channel.
 *
 * <p>Images are {@code float[H*W*C]}, channels interleaved. {@link #evaluate} returns the
 * loss and writes dLoss/dRender into {@code grad} (overwritten). The L1 sub-gradient at a
 * zero difference is 0, as PyTorch's. Deterministic for every thread count (row sums in
 * double, added in row order). Not thread-safe (owns the SSIM scratch planes).
 */
public final class PhotometricLoss {

    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;

    private final Device device;
    private final Ssim ssim;
    private final float lambda;
    private double[] rowSums = new double[0];
    private double[] rowSquares = new double[0];
    private double lastL1;
    private double lastMse;
    private double lastSsim;

    /** @param lambda weight of the D-SSIM term, in [0, 1] (3DGS: 0.2) */
    public PhotometricLoss(Device device, float lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("SSIM weight lambda must be in [0, 1], got " + lambda);
        }
        this.device = device;
        this.ssim = new Ssim(device);
        this.lambda = lambda;
    }

    public float lambda() {
        return lambda;
    }

    /** L1 of the last {@link #evaluate} call. */
    public double lastL1() {
        return lastL1;
    }

    /** Mean squared error of the last {@link #evaluate} call (for the training PSNR). */
    public double lastMse() {
        return lastMse;
    }

    /** Mean SSIM of the last {@link #evaluate} call (NaN when lambda is 0 and it was skipped). */
    public double lastSsim() {
        return lastSsim;
    }

    /**
     * @param render the rendered image, {@code float[H*W*C]}
     * @param target the ground truth, same shape
     * @param grad   receives dLoss/dRender (overwritten), same shape
     * @return the loss
     */
    public double evaluate(float[] render, float[] target, int w, int h, int c, float[] grad) {
        int rowLen = w * c;
        int n = rowLen * h;
        if (rowSums.length != h) {
            rowSums = new double[h];
            rowSquares = new double[h];
        }
        float g1 = (1 - lambda) / n;
        double[] sums = rowSums, squares = rowSquares;
        device.parallelFor(h, Math.max(1, 8192 / rowLen), (s, e, wk) -> {
            for (int r = s; r < e; r++) {
                sums[r] = l1Row(render, target, grad, r * rowLen, rowLen, g1, squares, r);
            }
        });
        double l1 = 0, sq = 0;
        for (int r = 0; r < h; r++) {
            l1 += sums[r];
            sq += squares[r];
        }
        l1 /= n;
        lastL1 = l1;
        lastMse = sq / n;
        if (lambda == 0) {
            lastSsim = Double.NaN;
            return l1;
        }
        double s = ssim.forwardBackward(render, target, w, h, c, -lambda, grad);
        lastSsim = s;
        return (1 - lambda) * l1 + lambda * (1 - s);
    }

    /**
     * Writes g1*sign(x-y) into grad[off..off+n), returns sum |x-y| and stores sum (x-y)^2 into
     * {@code squares[row]} (both in double).
     */
    static double l1Row(float[] x, float[] y, float[] grad, int off, int n, float g1, double[] squares, int row) {
        int j = 0;
        int l = S.length();
        FloatVector vg = FloatVector.broadcast(S, g1);
        FloatVector zero = FloatVector.zero(S);
        FloatVector acc = zero;
        FloatVector acc2 = zero;
        for (; j + l <= n; j += l) {
            FloatVector d = FloatVector.fromArray(S, x, off + j).sub(FloatVector.fromArray(S, y, off + j));
            // sign(d)*g1 with sign(0) = 0
            FloatVector sg = zero.blend(vg, d.compare(VectorOperators.GT, 0f))
                    .blend(vg.neg(), d.compare(VectorOperators.LT, 0f));
            sg.intoArray(grad, off + j);
            acc = acc.add(d.abs());
            acc2 = acc2.add(d.mul(d));
        }
        double sum = 0, sq = 0;
        for (int q = 0; q < l; q++) { // fixed lane order: reduceLanes' order is unspecified
            sum += acc.lane(q);
            sq += acc2.lane(q);
        }
        for (; j < n; j++) {
            float d = x[off + j] - y[off + j];
            grad[off + j] = d > 0 ? g1 : d < 0 ? -g1 : 0f;
            sum += Math.abs(d);
            sq += (double) d * d;
        }
        squares[row] = sq;
        return sum;
    }
}
