package org.splatforge.render.raster;

import java.util.ServiceLoader;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.DeviceKind;
import org.splatforge.core.util.Log;

/** Picks the rasterizer backend for a {@link Device}. */
public final class Rasterizers {

    private Rasterizers() {
    }

    /**
     * The fast rasterizer for {@code device}: {@link CpuRasterizer} on the CPU device, else
     * the {@link RasterizerProvider} registered for the device's kind.
     *
     * @throws UnsupportedOperationException if no backend serves that kind of device
     */
    public static Rasterizer create(Device device) {
        if (device.kind() == DeviceKind.CPU) {
            CpuRasterizer r = new CpuRasterizer(device);
            Log.info("rasterizer: cpu, %d thread%s, %d-lane vectors forward / %d backward", r.threads(),
                    r.threads() == 1 ? "" : "s", CpuRasterizer.lanes(), CpuRasterizer.backwardLanes());
            return r;
        }
        for (RasterizerProvider p : ServiceLoader.load(RasterizerProvider.class)) {
            if (p.kind() == device.kind()) {
                Rasterizer r = p.create(device);
                Log.info("rasterizer: %s on %s", r.name(), device.describe());
                return r;
            }
        }
        throw new UnsupportedOperationException("no rasterizer backend for device " + device.name()
                + " on the class path; use --device cpu");
    }

    /** The plain double-precision reference (single thread, slow, obviously correct). */
    public static Rasterizer reference() {
        return new ReferenceRasterizer();
    }
}
