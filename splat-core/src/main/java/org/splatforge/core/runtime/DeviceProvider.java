package org.splatforge.core.runtime;

/**
 * Service-provider hook for devices other than the CPU (the CUDA device registers one
 * through {@code META-INF/services}). Keeps splat-core free of a hard dependency on any
 * native toolkit at class-load time.
 */
public interface DeviceProvider {

    /** The device kind this provider opens. */
    DeviceKind kind();

    /**
     * Why this device cannot be opened here, or {@code null} when it can. Must be cheap and
     * must not throw (e.g. "no CUDA driver library (libcuda.so) found").
     */
    String unavailableReason();

    /** Opens device number {@code index}; throws with a named cause if that fails. */
    Device open(int index);
}
