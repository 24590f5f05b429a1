package org.splatforge.core.runtime.cuda;

/**
 * A CUDA driver or NVRTC call returned an error. The message names the call (with what it
 * worked on), the status code and its symbolic name, the driver's description when it can
 * give one, and the NVRTC/ptxas log when there is one. Thrown only by {@link CudaCheck}.
 */
public final class CudaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int code;
    private final String codeName;
    private final String log;

    CudaException(String message, String call, int code, String codeName, String log) {
        super(message);
        this.call = call;
        this.code = code;
        this.codeName = codeName;
        this.log = log;
    }

    /** The failing call, e.g. {@code "cuModuleLoadDataEx(raster_forward.ptx)"}. */
    public String call() {
        return call;
    }

    /** The raw CUresult or nvrtcResult. */
    public int code() {
        return code;
    }

    /** Symbolic name, e.g. {@code CUDA_ERROR_INVALID_PTX}. */
    public String codeName() {
        return codeName;
    }

    /** Compiler or JIT log, or null. */
    public String log() {
        return log;
    }
}
