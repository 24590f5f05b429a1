package org.splatforge.render.cuda;

import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.DeviceFloats;
import org.splatforge.core.scene.GaussianCloud;

/**
 * A {@link GaussianCloud}'s raw parameters resident on the GPU, same SoA layouts:
 * {@code means: float[N*3]} world, {@code logScales: float[N*3]}, {@code quats: float[N*4]}
 * (w,x,y,z unnormalised), {@code opacityLogits: float[N]}, {@code sh: float[N*K*3]}. Training
 * keeps the parameters here and updates them with {@link CudaAdam}; {@link #download} brings
 * them back for checkpoints and export. One owner closes it.
 */
public final class CudaGaussians implements AutoCloseable {

    final DeviceFloats means;
    final DeviceFloats logScales;
    final DeviceFloats quats;
    final DeviceFloats opacityLogits;
    final DeviceFloats sh;
    private int size;
    private int shDegree;

    public CudaGaussians(CudaDevice device) {
        means = device.floats("means", 0);
        logScales = device.floats("logScales", 0);
        quats = device.floats("quats", 0);
        opacityLogits = device.floats("opacityLogits", 0);
        sh = device.floats("sh", 0);
    }

    /** Copies the first {@code cloud.size()} Gaussians to the device (growing the buffers as needed). */
    public void upload(GaussianCloud cloud) {
        int n = cloud.size(), k3 = cloud.shCoeffs() * 3;
        means.ensure(3L * n);
        logScales.ensure(3L * n);
        quats.ensure(4L * n);
        opacityLogits.ensure(n);
        sh.ensure((long) k3 * n);
        means.upload(cloud.means(), 0, 0, 3 * n);
        logScales.upload(cloud.logScales(), 0, 0, 3 * n);
        quats.upload(cloud.quats(), 0, 0, 4 * n);
        opacityLogits.upload(cloud.opacityLogits(), 0, 0, n);
        sh.upload(cloud.sh(), 0, 0, Math.multiplyExact(k3, n));
        size = n;
        shDegree = cloud.shDegree();
    }

    /** Copies the parameters back into {@code cloud}, which must have the same size and SH degree. */
    public void download(GaussianCloud cloud) {
        if (cloud.size() != size || cloud.shDegree() != shDegree) {
            throw new IllegalArgumentException("cloud has " + cloud.size() + " Gaussians of SH degree "
                    + cloud.shDegree() + ", the device holds " + size + " of degree " + shDegree);
        }
        int n = size, k3 = cloud.shCoeffs() * 3;
        means.download(0, cloud.means(), 0, 3 * n);
        logScales.download(0, cloud.logScales(), 0, 3 * n);
        quats.download(0, cloud.quats(), 0, 4 * n);
        opacityLogits.download(0, cloud.opacityLogits(), 0, n);
        sh.download(0, cloud.sh(), 0, k3 * n);
    }

    public int size() {
        return size;
    }

    public int shDegree() {
        return shDegree;
    }

    /** Coefficients per channel, (degree+1)^2. */
    public int shCoeffs() {
        return (shDegree + 1) * (shDegree + 1);
    }

    @Override
    public void close() {
        means.close();
        logScales.close();
        quats.close();
        opacityLogits.close();
        sh.close();
    }
}
