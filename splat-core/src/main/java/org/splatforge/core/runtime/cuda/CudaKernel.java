package org.splatforge.core.runtime.cuda;

import org.lwjgl.cuda.CU;

/** A {@code __global__} function of a loaded {@link CudaModule}; launched on its device's stream. */
public final class CudaKernel {

    private final CudaDevice device;
    private final String module;
    private final String name;
    private final long handle;
    private final int parameters;

    CudaKernel(CudaDevice device, String module, String name, long handle, int parameters) {
        this.device = device;
        this.module = module;
        this.name = name;
        this.handle = handle;
        this.parameters = parameters;
    }

    /** Parameters the kernel declares (from its PTX), or -1 when unknown. */
    public int parameters() {
        return parameters;
    }

    public String name() {
        return name;
    }

    /**
     * Queues the kernel with {@code args} (in its parameter order) on the device's stream.
     * Launch-configuration errors surface here; faults inside the kernel surface at the next
     * synchronisation, which names the last operation.
     */
    public void launch(LaunchGeometry g, KernelArgs args) {
        if (parameters >= 0 && args.count() != parameters) {
            throw new IllegalStateException(module + "." + name + " takes " + parameters + " arguments, "
                    + args.count() + " were given");
        }
        device.makeCurrent();
        CudaCheck.cu(CU.cuLaunchKernel(handle, g.gridX(), g.gridY(), g.gridZ(), g.blockX(), g.blockY(), g.blockZ(),
                g.sharedBytes(), device.stream().handle(), args.pointers(), null),
                "cuLaunchKernel(" + module + "." + name + ", " + g + ", " + args.count() + " args)");
    }
}
