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

    /**
     * Opens device number {@code index} with {@code hostThreads} workers for its host-side loops
     * ({@link Device#parallelFor}); 0 means all processors. Defaults to {@link #open(int)}.
     */
    default Device open(int index, int hostThreads) {
        return open(index);
    }
}
