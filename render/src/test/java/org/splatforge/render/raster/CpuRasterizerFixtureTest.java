package org.splatforge.render.raster;

import org.splatforge.core.runtime.CpuDevice;

/**
 * The fast CPU path against the fixtures, in float32. Tolerances: geometry 1e-5 of each
 * array's range; pixels 1e-4 absolute, of which 0.2% may differ by up to 0.02 (a float
 * alpha or T landing on the other side of the 1/255 or 1e-4 thresholds than float64 did:
 * the pixel then gains or loses one Gaussian's ~1/255 share); gradients 1e-4 of the array's
 * largest magnitude plus 1e-3 relative, with 2% of the Gaussians allowed to miss it (those
 * covering such boundary pixels). On the current fixtures no pixel and no Gaussian needs
 * the allowance (errors are ~1e-6).
 */
class CpuRasterizerFixtureTest extends RasterizerFixtureSuite {

    private CpuDevice device;

    @Override
    protected Rasterizer open() {
        device = new CpuDevice(2);
        return new CpuRasterizer(device);
    }

    @Override
    protected Tolerances tolerances() {
        return new Tolerances(1e-5, 1e-4, 0.002, 0.02, 1e-4, 1e-3, 0.02);
    }

    @Override
    void tearDownRasterizer() {
        super.tearDownRasterizer();
        device.close();
    }
}
