package org.splatforge.core.runtime.cuda;

import java.util.function.Supplier;
import org.lwjgl.PointerBuffer;
import org.lwjgl.cuda.CU;
import org.lwjgl.cuda.NVRTC;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * The one check every CUDA driver ({@code CUresult}) and NVRTC ({@code nvrtcResult}) status goes
 * through (DESIGN.md "Errors"). A failure becomes a {@link CudaException} whose message names
 * the call and what it worked on, the code and its symbolic name, the driver's description
 * (when the driver library is loaded), and the compiler/JIT log when one is given:
 *
 * <pre>
 * cuModuleLoadDataEx(raster_forward.ptx) failed: CUDA_ERROR_INVALID_PTX (218): a PTX JIT compilation failed
 * --- JIT log ---
 * ptxas application ptx input, line 12; error : ...
 * </pre>
 *
 * Symbolic names come from a table of cuda.h / nvrtc.h (stable ABI values), so messages can be
 * formed and tested on machines without a driver.
 */
public final class CudaCheck {

    private CudaCheck() {
    }

    /** Throws unless {@code result} is {@code CUDA_SUCCESS}. */
    public static void cu(int result, String call) {
        if (result != 0) {
            throw new CudaException(message(call, result, cuName(result), driverDescription(result), null, "JIT log"),
                    call, result, cuName(result), null);
        }
    }

    /** As {@link #cu(int, String)}, with a log (e.g. the PTX JIT's error log) read only on failure. */
    public static void cu(int result, String call, Supplier<String> log) {
        if (result != 0) {
            String l = log == null ? null : log.get();
            throw new CudaException(message(call, result, cuName(result), driverDescription(result), l, "JIT log"),
                    call, result, cuName(result), l);
        }
    }

    /** Throws unless {@code result} is {@code NVRTC_SUCCESS}; the log (compiler output) is read only on failure. */
    public static void nvrtc(int result, String call, Supplier<String> log) {
        if (result != NVRTC.NVRTC_SUCCESS) {
            String l = log == null ? null : log.get();
            throw new CudaException(message(call, result, nvrtcName(result), null, l, "NVRTC log"),
                    call, result, nvrtcName(result), l);
        }
    }

    /** The message format of every {@link CudaException} (public for tests and for wrapping). */
    public static String message(String call, int code, String name, String description, String log, String logTitle) {
        StringBuilder b = new StringBuilder();
        b.append(call).append(" failed: ").append(name).append(" (").append(code).append(')');
        if (description != null && !description.isBlank()) {
            b.append(": ").append(description);
        }
        if (log != null && !log.isBlank()) {
            b.append("\n--- ").append(logTitle).append(" ---\n").append(log.strip());
        }
        return b.toString();
    }

    /** The driver's own sentence for a CUresult, or null when the driver is not loaded. */
    static String driverDescription(int code) {
        if (!CudaDriver.loaded()) {
            return null;
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            if (CU.cuGetErrorString(code, p) == 0 && p.get(0) != 0) {
                return MemoryUtil.memUTF8(p.get(0));
            }
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        return null;
    }

    /** Symbolic name of a CUresult (cuda.h), or {@code CUresult_<code>} for codes not in the table. */
    public static String cuName(int code) {
        return switch (code) {
            case 0 -> "CUDA_SUCCESS";
            case 1 -> "CUDA_ERROR_INVALID_VALUE";
            case 2 -> "CUDA_ERROR_OUT_OF_MEMORY";
            case 3 -> "CUDA_ERROR_NOT_INITIALIZED";
            case 4 -> "CUDA_ERROR_DEINITIALIZED";
            case 5 -> "CUDA_ERROR_PROFILER_DISABLED";
            case 34 -> "CUDA_ERROR_STUB_LIBRARY";
            case 46 -> "CUDA_ERROR_DEVICE_UNAVAILABLE";
            case 100 -> "CUDA_ERROR_NO_DEVICE";
            case 101 -> "CUDA_ERROR_INVALID_DEVICE";
            case 102 -> "CUDA_ERROR_DEVICE_NOT_LICENSED";
            case 200 -> "CUDA_ERROR_INVALID_IMAGE";
            case 201 -> "CUDA_ERROR_INVALID_CONTEXT";
            case 209 -> "CUDA_ERROR_NO_BINARY_FOR_GPU";
            case 214 -> "CUDA_ERROR_ECC_UNCORRECTABLE";
            case 218 -> "CUDA_ERROR_INVALID_PTX";
            case 220 -> "CUDA_ERROR_NVLINK_UNCORRECTABLE";
            case 221 -> "CUDA_ERROR_JIT_COMPILER_NOT_FOUND";
            case 222 -> "CUDA_ERROR_UNSUPPORTED_PTX_VERSION";
            case 223 -> "CUDA_ERROR_JIT_COMPILATION_DISABLED";
            case 300 -> "CUDA_ERROR_INVALID_SOURCE";
            case 301 -> "CUDA_ERROR_FILE_NOT_FOUND";
            case 400 -> "CUDA_ERROR_INVALID_HANDLE";
            case 500 -> "CUDA_ERROR_NOT_FOUND";
            case 600 -> "CUDA_ERROR_NOT_READY";
            case 700 -> "CUDA_ERROR_ILLEGAL_ADDRESS";
            case 701 -> "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
            case 702 -> "CUDA_ERROR_LAUNCH_TIMEOUT";
            case 710 -> "CUDA_ERROR_ASSERT";
            case 715 -> "CUDA_ERROR_ILLEGAL_INSTRUCTION";
            case 716 -> "CUDA_ERROR_MISALIGNED_ADDRESS";
            case 717 -> "CUDA_ERROR_INVALID_ADDRESS_SPACE";
            case 718 -> "CUDA_ERROR_INVALID_PC";
            case 719 -> "CUDA_ERROR_LAUNCH_FAILED";
            case 801 -> "CUDA_ERROR_NOT_SUPPORTED";
            case 802 -> "CUDA_ERROR_SYSTEM_NOT_READY";
            case 803 -> "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH";
            case 804 -> "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE";
            case 999 -> "CUDA_ERROR_UNKNOWN";
            default -> "CUresult_" + code;
        };
    }

    /** Symbolic name of an nvrtcResult (nvrtc.h), or {@code nvrtcResult_<code>}. */
    public static String nvrtcName(int code) {
        return switch (code) {
            case NVRTC.NVRTC_SUCCESS -> "NVRTC_SUCCESS";
            case NVRTC.NVRTC_ERROR_OUT_OF_MEMORY -> "NVRTC_ERROR_OUT_OF_MEMORY";
            case NVRTC.NVRTC_ERROR_PROGRAM_CREATION_FAILURE -> "NVRTC_ERROR_PROGRAM_CREATION_FAILURE";
            case NVRTC.NVRTC_ERROR_INVALID_INPUT -> "NVRTC_ERROR_INVALID_INPUT";
            case NVRTC.NVRTC_ERROR_INVALID_PROGRAM -> "NVRTC_ERROR_INVALID_PROGRAM";
            case NVRTC.NVRTC_ERROR_INVALID_OPTION -> "NVRTC_ERROR_INVALID_OPTION";
            case NVRTC.NVRTC_ERROR_COMPILATION -> "NVRTC_ERROR_COMPILATION";
            case NVRTC.NVRTC_ERROR_BUILTIN_OPERATION_FAILURE -> "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE";
            case NVRTC.NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION -> "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION";
            case NVRTC.NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION -> "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION";
            case NVRTC.NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID -> "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID";
            case NVRTC.NVRTC_ERROR_INTERNAL_ERROR -> "NVRTC_ERROR_INTERNAL_ERROR";
            case NVRTC.NVRTC_ERROR_TIME_FILE_WRITE_FAILED -> "NVRTC_ERROR_TIME_FILE_WRITE_FAILED";
            default -> "nvrtcResult_" + code;
        };
    }
}
