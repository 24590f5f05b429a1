package org.splatforge.core.io;

import org.splatforge.core.runtime.Device;

/**
 * How to read a scene file.
 *
 * @param allowNonFinite keep NaN/Inf attributes instead of rejecting the file (for
 *                       {@code splat info}, which counts them); default false
 * @param device         host workers for parallel decoding, or null for the shared I/O device
 */
public record ReadOptions(boolean allowNonFinite, Device device) {

    /** Strict reading on the shared I/O device. */
    public static final ReadOptions DEFAULT = new ReadOptions(false, null);

    /** Like this, but keeping NaN/Inf values. */
    public ReadOptions lenient() {
        return new ReadOptions(true, device);
    }

    /** Like this, but decoding on {@code d}. */
    public ReadOptions withDevice(Device d) {
        return new ReadOptions(allowNonFinite, d);
    }

    /** The device to decode on: the given one or {@link IoDevice#shared()}. */
    public Device workers() {
        return device != null ? device : IoDevice.shared();
    }
}
