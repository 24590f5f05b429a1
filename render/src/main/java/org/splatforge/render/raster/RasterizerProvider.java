package org.splatforge.render.raster;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.DeviceKind;

/**
 * Service interface through which non-CPU backends (the CUDA rasterizer) register
 * themselves, found with {@link java.util.ServiceLoader} by {@link Rasterizers#create}.
 */
public interface RasterizerProvider {

    /** The device kind this provider rasterizes on. */
    DeviceKind kind();

    /** A rasterizer running on {@code device} (of {@link #kind()}). */
    Rasterizer create(Device device);
}
