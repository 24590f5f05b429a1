package org.splatforge.core.runtime.cuda;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.lwjgl.PointerBuffer;
import org.lwjgl.cuda.CU;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * A module loaded from PTX (the driver JIT-compiles it for the GPU present). The JIT's error
 * and info logs are captured; a failed load reports the error log through {@link CudaCheck}.
 * Owned by its {@link CudaDevice}, which closes it.
 */
public final class CudaModule implements AutoCloseable {

    /** cuda.h CUjit_option values. */
    private static final int CU_JIT_INFO_LOG_BUFFER = 3;
    private static final int CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4;
    private static final int CU_JIT_ERROR_LOG_BUFFER = 5;
    private static final int CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
    private static final int LOG_BYTES = 16 << 10;

    private final CudaDevice device;
    private final String name;
    private final long handle;
    private final String origin;
    private final Map<String, Integer> arity;
    private final Map<String, CudaKernel> kernels = new HashMap<>();
    private boolean closed;

    private CudaModule(CudaDevice device, String name, long handle, String origin, Map<String, Integer> arity) {
        this.device = device;
        this.name = name;
        this.handle = handle;
        this.origin = origin;
        this.arity = arity;
    }

    /** Loads PTX text (as produced by nvcc -ptx or NVRTC); {@code origin} says where it came from, for logs. */
    static CudaModule load(CudaDevice device, String name, byte[] ptx, String origin) {
        device.makeCurrent();
        ByteBuffer image = MemoryUtil.memAlloc(ptx.length + 1);
        ByteBuffer errLog = MemoryUtil.memCalloc(LOG_BYTES);
        ByteBuffer infoLog = MemoryUtil.memCalloc(LOG_BYTES);
        try (MemoryStack stack = MemoryStack.stackPush()) {
            image.put(ptx).put((byte) 0).flip(); // the driver reads a NUL-terminated string
            IntBuffer opts = stack.ints(CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                    CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES);
            PointerBuffer vals = stack.mallocPointer(4);
            vals.put(0, MemoryUtil.memAddress(errLog)).put(1, LOG_BYTES)
                    .put(2, MemoryUtil.memAddress(infoLog)).put(3, LOG_BYTES);
            PointerBuffer mod = stack.mallocPointer(1);
            int r = CU.cuModuleLoadDataEx(mod, image, opts, vals);
            CudaCheck.cu(r, "cuModuleLoadDataEx(" + name + ", " + origin + ")", () -> cString(errLog));
            return new CudaModule(device, name, mod.get(0), origin,
                    PtxEntries.parameterCounts(new String(ptx, StandardCharsets.US_ASCII)));
        } finally {
            MemoryUtil.memFree(image);
            MemoryUtil.memFree(errLog);
            MemoryUtil.memFree(infoLog);
        }
    }

    private static String cString(ByteBuffer b) {
        int n = 0;
        while (n < b.capacity() && b.get(n) != 0) {
            n++;
        }
        byte[] a = new byte[n];
        b.get(0, a);
        return new String(a, StandardCharsets.UTF_8);
    }

    public String name() {
        return name;
    }

    /** Where the PTX came from: "PTX built by nvcc (compute_75)" or "NVRTC (compute_90)". */
    public String origin() {
        return origin;
    }

    /** The kernel {@code extern "C"} named {@code kernel}, looked up once. */
    public synchronized CudaKernel kernel(String kernel) {
        return kernels.computeIfAbsent(kernel, k -> {
            device.makeCurrent();
            try (MemoryStack stack = MemoryStack.stackPush()) {
                PointerBuffer f = stack.mallocPointer(1);
                CudaCheck.cu(CU.cuModuleGetFunction(f, handle, k), "cuModuleGetFunction(" + name + "." + k + ")");
                return new CudaKernel(device, name, k, f.get(0), arity.getOrDefault(k, -1));
            }
        });
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            device.makeCurrent();
            CudaCheck.cu(CU.cuModuleUnload(handle), "cuModuleUnload(" + name + ")");
        }
    }
}
