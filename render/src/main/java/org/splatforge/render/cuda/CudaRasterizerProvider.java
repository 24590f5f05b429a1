package org.splatforge.render.cuda;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.DeviceKind;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.RasterizerProvider;

/** Registers {@link CudaRasterizer} for the {@code cuda} device (META-INF/services). */
public final class CudaRasterizerProvider implements RasterizerProvider {

    @Override
    public DeviceKind kind() {
        return DeviceKind.CUDA;
    }

    @Override
    public Rasterizer create(Device device) {
        if (!(device instanceof CudaDevice cuda)) {
            throw new IllegalArgumentException("the CUDA rasterizer needs a CudaDevice, got " + device.name());
        }
        return new CudaRasterizer(cuda);
    }
}
