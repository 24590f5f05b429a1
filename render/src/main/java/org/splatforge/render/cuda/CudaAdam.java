package org.splatforge.render.cuda;

import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.DeviceFloats;
import org.splatforge.core.runtime.cuda.KernelArgs;

/**
 * Adam on the GPU for {@link CudaGaussians} (Kingma and Ba 2015, Algorithm 1, in PyTorch's
 * form, as the CPU trainer's {@code org.splatforge.render.optim.Adam}):
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr (m/bc1) / (sqrt(v/bc2) + eps)}, with
 * the bias corrections {@code bc = 1 - b^t} computed on the host in double. One learning rate per
 * parameter group (means, log-scales, quaternions, opacity logits, SH DC band, SH rest), as 3DGS.
 * Moments live on the device and start at zero. Not done yet: carrying the moments of
 * surviving Gaussians through densification (the CPU Adam's {@code gather}); until then a
 * trainer calls {@link #reset()} after the set of Gaussians changes, and regrown moment buffers
 * start at zero.
 */
public final class CudaAdam implements AutoCloseable {

    /** Learning rates of the six groups, per step. */
    public record Rates(float means, float logScales, float quats, float opacityLogits, float shDc, float shRest) {
    }

    private final CudaDevice device;
    private final CudaKernels kernels;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final KernelArgs args = new KernelArgs();
    private final List<DeviceFloats> moments = new ArrayList<>();
    private long step;

    /** A step counter and zero moments for the kernels of {@code rasterizer}'s device. */
    public CudaAdam(CudaRasterizer rasterizer, float beta1, float beta2, float eps) {
        this.device = rasterizer.device();
        this.kernels = rasterizer.kernels();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        for (String g : List.of("means", "logScales", "quats", "opacityLogits", "sh")) {
            moments.add(device.floats("adam m " + g, 0));
            moments.add(device.floats("adam v " + g, 0));
        }
    }

    /** Steps taken since creation or {@link #reset()}. */
    public long step() {
        return step;
    }

    /** Forgets the moments and the step count (after the set of Gaussians changed). */
    public void reset() {
        step = 0;
        for (DeviceFloats m : moments) {
            m.clear(m.capacity());
        }
    }

    /** One step: {@code params -= update(grads)}, all on the device. */
    public void step(CudaGaussians params, CudaGradients grads, Rates lr) {
        if (grads.size() != params.size()) {
            throw new IllegalArgumentException("gradients for " + grads.size() + " Gaussians, parameters for "
                    + params.size());
        }
        step++;
        float bc1 = (float) (1 - Math.pow(beta1, step));
        float bc2 = (float) (1 - Math.pow(beta2, step));
        int n = params.size(), k3 = params.shCoeffs() * 3;
        group(0, params.means, grads.means, 3L * n, lr.means(), bc1, bc2);
        group(1, params.logScales, grads.logScales, 3L * n, lr.logScales(), bc1, bc2);
        group(2, params.quats, grads.quats, 4L * n, lr.quats(), bc1, bc2);
        group(3, params.opacityLogits, grads.opacityLogits, n, lr.opacityLogits(), bc1, bc2);
        // SH rows are [K][3] per Gaussian: the first 3 values (DC band) at the DC rate.
        DeviceFloats m = moments.get(8), v = moments.get(9);
        ensureMoments(m, v, (long) k3 * n);
        launch(params.sh, grads.sh, m, v, (long) k3 * n, k3, 3, lr.shDc(), lr.shRest(), bc1, bc2);
        device.synchronize("Adam step " + step);
    }

    private void group(int index, DeviceFloats param, DeviceFloats grad, long count, float lr, float bc1, float bc2) {
        DeviceFloats m = moments.get(2 * index), v = moments.get(2 * index + 1);
        ensureMoments(m, v, count);
        launch(param, grad, m, v, count, 1, 1, lr, lr, bc1, bc2);
    }

    private void ensureMoments(DeviceFloats m, DeviceFloats v, long count) {
        boolean grownM = m.ensure(count);
        boolean grownV = v.ensure(count);
        if (grownM || grownV) {
            // New (or regrown) moments start at zero: Adam's initial state.
            m.clear(m.capacity());
            v.clear(v.capacity());
        }
    }

    private void launch(DeviceFloats param, DeviceFloats grad, DeviceFloats m, DeviceFloats v, long count, int row,
                        int split, float lrA, float lrB, float bc1, float bc2) {
        if (count == 0) {
            return;
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Adam group of " + count + " values: more than one launch covers");
        }
        kernels.adamStep.launch(CudaRasterPlan.linear(count), args.clear().ptr(param).ptr(grad).ptr(m).ptr(v)
                .i32((int) count).i32(row).i32(split).f32(lrA).f32(lrB).f32(beta1).f32(beta2).f32(eps).f32(bc1)
                .f32(bc2));
    }

    @Override
    public void close() {
        for (DeviceFloats m : moments) {
            m.close();
        }
        args.close();
    }
}
