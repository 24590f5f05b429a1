package org.splatforge.core.runtime.cuda;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.DeviceKind;
import org.splatforge.core.runtime.DeviceProvider;
import org.splatforge.core.runtime.DeviceUnavailableException;

/**
 * Registers the {@code cuda} device with {@link org.splatforge.core.runtime.Devices} through
 * {@code META-INF/services}. {@link #unavailableReason()} never throws: it reports a missing
 * driver library, a failing {@code cuInit} (code and name) or an empty device list.
 */
public final class CudaDeviceProvider implements DeviceProvider {

    @Override
    public DeviceKind kind() {
        return DeviceKind.CUDA;
    }

    @Override
    public String unavailableReason() {
        try {
            return CudaDriver.probe().unavailableReason();
        } catch (Throwable t) {
            return "CUDA probe failed: " + CudaDriver.rootMessage(t);
        }
    }

    @Override
    public Device open(int index) {
        return open(index, 0);
    }

    /** Opens GPU {@code index}; a driver error while opening is reported as the device being unavailable. */
    @Override
    public Device open(int index, int hostThreads) {
        try {
            return CudaDevice.open(index, hostThreads);
        } catch (CudaException e) {
            throw new DeviceUnavailableException("cuda:" + index + " could not be opened: " + e.getMessage(), e);
        }
    }
}
