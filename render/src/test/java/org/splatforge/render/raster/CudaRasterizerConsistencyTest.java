package org.splatforge.render.raster;

import org.junit.jupiter.api.BeforeEach;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.render.cuda.CudaRasterizer;
import org.splatforge.render.cuda.CudaTestDevice;

/**
 * The CUDA backend against the reference twin on the random scenes of
 * {@link RasterizerConsistencySuite} (every output and gradient, every setting, and
 * bit-identical reruns: the CUDA backend reduces gradients without float atomics). Skips with
 * the provider's reason where there is no GPU. NOT YET RUN ON A GPU (issue 9).
 */
class CudaRasterizerConsistencyTest extends RasterizerConsistencySuite {

    private CudaDevice device;

    @Override
    protected Rasterizer open() {
        device = CudaTestDevice.openOrNull();
        return device == null ? null : new CudaRasterizer(device);
    }

    @BeforeEach
    void requireGpu() {
        CudaTestDevice.assumeGpu();
    }

    @Override
    protected boolean reportsConicGradients() {
        return false; // not yet computed by the CUDA kernels: SteepGS falls back to its reduced estimator
    }

    @Override
    void tearDownRasterizer() {
        super.tearDownRasterizer();
        if (device != null) {
            device.close();
        }
    }
}
