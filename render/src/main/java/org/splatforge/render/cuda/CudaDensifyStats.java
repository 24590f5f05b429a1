package org.splatforge.render.cuda;

import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.DeviceFloats;
import org.splatforge.core.runtime.cuda.DeviceInts;
import org.splatforge.core.runtime.cuda.KernelArgs;
import org.splatforge.render.raster.RasterFrame;

/**
 * The per-Gaussian statistics 3DGS densification decides on, accumulated on the GPU view after
 * view (3DGS {@code xyz_gradient_accum}, {@code denom}, {@code max_radii2D}; gsplat's
 * {@code absgrad}), the device twin of {@link #accumulateReference}:
 * <ul>
 *   <li>{@code gradSum: float[N]}: sum over views that saw the Gaussian of the norm of its
 *       screen-space mean gradient in NDC units (pixel gradient times (W/2, H/2), DESIGN.md)</li>
 *   <li>{@code absSum: float[N]}: the same for the absolute-value accumulation (AbsGS)</li>
 *   <li>{@code views: int[N]}: views with radius > 0</li>
 *   <li>{@code maxRadius: float[N]}: largest radius seen, as a fraction of max(W, H)</li>
 * </ul>
 * The decisions (clone/split/prune) stay on the host: {@link #download} the statistics every
 * densification interval (a few MB), which 3DGS does every 100 steps.
 */
public final class CudaDensifyStats implements AutoCloseable {

    private final CudaKernels kernels;
    private final KernelArgs args = new KernelArgs();
    final DeviceFloats gradSum;
    final DeviceFloats absSum;
    final DeviceInts views;
    final DeviceFloats maxRadius;
    private int size;

    public CudaDensifyStats(CudaRasterizer rasterizer) {
        CudaDevice d = rasterizer.device();
        kernels = rasterizer.kernels();
        gradSum = d.floats("densify gradSum", 0);
        absSum = d.floats("densify absSum", 0);
        views = d.ints("densify views", 0);
        maxRadius = d.floats("densify maxRadius", 0);
    }

    /** Zeroed statistics for {@code n} Gaussians. */
    public void reset(int n) {
        size = n;
        for (var b : new org.splatforge.core.runtime.cuda.DeviceBuffer[] {gradSum, absSum, views, maxRadius}) {
            b.ensure(n);
            b.clear(n);
        }
    }

    /** Adds one view: its frame (for the radii on the device) and the gradients of its backward. */
    public void accumulate(CudaRasterizer rasterizer, RasterFrame frame, CudaGradients grads) {
        if (!(frame.backendState() instanceof CudaFrameState s) || s.plan == null) {
            throw new IllegalArgumentException("frame was not rendered by a CUDA rasterizer");
        }
        if (grads.size() != size || s.plan.n() != size) {
            throw new IllegalArgumentException("statistics for " + size + " Gaussians, frame has " + s.plan.n()
                    + ", gradients " + grads.size());
        }
        int w = frame.width(), h = frame.height();
        kernels.densifyAccumulate.launch(CudaRasterPlan.linear(size), args.clear().i32(size).ptr(grads.means2d)
                .ptr(grads.means2dAbs).ptr(s.radii).f32(w * 0.5f).f32(h * 0.5f).f32(1f / Math.max(w, h))
                .ptr(gradSum).ptr(absSum).ptr(views).ptr(maxRadius));
        rasterizer.device().synchronize("densification statistics");
    }

    /** Copies the statistics to the host arrays (each at least {@code n} long). */
    public void download(float[] gradSumOut, float[] absSumOut, int[] viewsOut, float[] maxRadiusOut) {
        gradSum.download(0, gradSumOut, 0, size);
        absSum.download(0, absSumOut, 0, size);
        views.download(0, viewsOut, 0, size);
        maxRadius.download(0, maxRadiusOut, 0, size);
    }

    /**
     * The plain host twin of one accumulation (what the kernel computes), used by the tests:
     * {@code means2d}/{@code means2dAbs: float[N*2]} pixel gradients, {@code radii: int[N]}.
     */
    public static void accumulateReference(int n, float[] means2d, float[] means2dAbs, int[] radii, int width,
                                           int height, float[] gradSum, float[] absSum, int[] views,
                                           float[] maxRadius) {
        float sx = width * 0.5f, sy = height * 0.5f, inv = 1f / Math.max(width, height);
        for (int i = 0; i < n; i++) {
            if (radii[i] <= 0) {
                continue;
            }
            float gx = means2d[2 * i] * sx, gy = means2d[2 * i + 1] * sy;
            float ax = means2dAbs[2 * i] * sx, ay = means2dAbs[2 * i + 1] * sy;
            gradSum[i] += (float) Math.sqrt(gx * gx + gy * gy);
            absSum[i] += (float) Math.sqrt(ax * ax + ay * ay);
            views[i]++;
            maxRadius[i] = Math.max(maxRadius[i], radii[i] * inv);
        }
    }

    @Override
    public void close() {
        gradSum.close();
        absSum.close();
        views.close();
        maxRadius.close();
        args.close();
    }
}
