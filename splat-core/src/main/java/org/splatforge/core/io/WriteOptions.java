package org.splatforge.core.io;

import org.splatforge.core.runtime.Device;

/**
 * How to write a scene file.
 *
 * @param spzVersion SPZ version to write (2, 3 or 4; 4 is zstd and the default, 2 and 3
 *                   are the gzip versions older readers need); ignored by other formats
 * @param device     host workers for parallel encoding, or null for the shared I/O device
 */
public record WriteOptions(int spzVersion, Device device) {

    /** SPZ version 4 on the shared I/O device. */
    public static final WriteOptions DEFAULT = new WriteOptions(4, null);

    public WriteOptions {
        if (spzVersion < 2 || spzVersion > 4) {
            throw new IllegalArgumentException("SPZ version must be 2, 3 or 4, got " + spzVersion);
        }
    }

    public WriteOptions withSpzVersion(int v) {
        return new WriteOptions(v, device);
    }

    public WriteOptions withDevice(Device d) {
        return new WriteOptions(spzVersion, d);
    }

    /** The device to encode on: the given one or {@link IoDevice#shared()}. */
    public Device workers() {
        return device != null ? device : IoDevice.shared();
    }
}
