package org.splatforge.core.runtime;

/**
 * The device asked for cannot be used on this machine (no driver, no GPU, driver too old).
 * The message says why and what to do instead. The CLI maps it to exit code 5 (unavailable);
 * it extends {@link UnsupportedOperationException} so callers that only know that type treat
 * it the same way.
 */
public class DeviceUnavailableException extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(String message) {
        super(message);
    }

    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
