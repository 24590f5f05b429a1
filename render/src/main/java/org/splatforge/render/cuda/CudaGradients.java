package org.splatforge.render.cuda;

import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.DeviceFloats;
import org.splatforge.render.raster.GaussianGradients;

/**
 * Gradients resident on the GPU, the layouts of {@link GaussianGradients}:
 * {@code means: float[N*3]}, {@code logScales: float[N*3]}, {@code quats: float[N*4]},
 * {@code opacityLogits: float[N]}, {@code sh: float[N*K*3]}, {@code means2d: float[N*2]}
 * (pixels), {@code means2dAbs: float[N*2]}. Written (not accumulated) by
 * {@link CudaRasterizer#backwardResident}; read by {@link CudaAdam} and {@link CudaDensifyStats}.
 */
public final class CudaGradients implements AutoCloseable {

    final DeviceFloats means;
    final DeviceFloats logScales;
    final DeviceFloats quats;
    final DeviceFloats opacityLogits;
    final DeviceFloats sh;
    final DeviceFloats means2d;
    final DeviceFloats means2dAbs;
    private int size;
    private int shCoeffs;

    public CudaGradients(CudaDevice device) {
        means = device.floats("grad means", 0);
        logScales = device.floats("grad logScales", 0);
        quats = device.floats("grad quats", 0);
        opacityLogits = device.floats("grad opacityLogits", 0);
        sh = device.floats("grad sh", 0);
        means2d = device.floats("grad means2d", 0);
        means2dAbs = device.floats("grad means2dAbs", 0);
    }

    void ensure(int n, int coeffs) {
        means.ensure(3L * n);
        logScales.ensure(3L * n);
        quats.ensure(4L * n);
        opacityLogits.ensure(n);
        sh.ensure(3L * coeffs * n);
        means2d.ensure(2L * n);
        means2dAbs.ensure(2L * n);
        size = n;
        shCoeffs = coeffs;
    }

    public int size() {
        return size;
    }

    /** Copies all gradients into {@code out} (resized for this size). */
    public void download(GaussianGradients out) {
        int n = size;
        out.resizeUncleared(n, shCoeffs);
        means.download(0, out.means(), 0, 3 * n);
        logScales.download(0, out.logScales(), 0, 3 * n);
        quats.download(0, out.quats(), 0, 4 * n);
        opacityLogits.download(0, out.opacityLogits(), 0, n);
        sh.download(0, out.sh(), 0, 3 * shCoeffs * n);
        means2d.download(0, out.means2d(), 0, 2 * n);
        means2dAbs.download(0, out.means2dAbs(), 0, 2 * n);
    }

    @Override
    public void close() {
        means.close();
        logScales.close();
        quats.close();
        opacityLogits.close();
        sh.close();
        means2d.close();
        means2dAbs.close();
    }
}
