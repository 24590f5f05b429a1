package org.splatforge.core.io;

import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;

/**
 * The CPU device that format codecs use when the caller passes none: one per process,
 * created on first use with every processor, daemon threads, never closed. A
 * {@link CpuDevice} runs one parallel loop at a time, so concurrent readers take turns
 * rather than oversubscribing the cores.
 */
public final class IoDevice {

    private IoDevice() {
    }

    private static final class Holder {
        static final Device SHARED = new CpuDevice(Runtime.getRuntime().availableProcessors());
    }

    /** The shared I/O device. */
    public static Device shared() {
        return Holder.SHARED;
    }
}
