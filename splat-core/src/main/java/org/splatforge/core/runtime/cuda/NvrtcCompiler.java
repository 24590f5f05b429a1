package org.splatforge.core.runtime.cuda;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.lwjgl.PointerBuffer;
import org.lwjgl.cuda.NVRTC;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;

/**
 * Run-time compilation of CUDA C++ to PTX with NVRTC: the path taken when no PTX was packaged
 * (nvcc absent at build time) or the packaged PTX targets a newer GPU than the one present.
 * Headers are passed by name (the sources' {@code #include "x.cuh"} resolve to them). A failed
 * compile throws a {@link CudaException} carrying NVRTC's log (the compiler's error lines).
 */
public final class NvrtcCompiler {

    private NvrtcCompiler() {
    }

    /** The options for a device of compute capability {@code cc} (e.g. 90): its own virtual arch, line info, C++17. */
    public static List<String> options(int cc) {
        return List.of("--gpu-architecture=compute_" + cc, "-lineinfo", "-std=c++17");
    }

    /**
     * Compiles {@code source} (named {@code name} in messages) to PTX text.
     *
     * @param headers include name to header text
     */
    public static byte[] compile(String name, String source, Map<String, String> headers, List<String> options) {
        String why = CudaDriver.nvrtcUnavailableReason();
        if (why != null) {
            throw new IllegalStateException("cannot compile " + name + ": " + why);
        }
        try (MemoryStack stack = MemoryStack.stackPush()) {
            int h = headers.size();
            PointerBuffer headerSrc = stack.mallocPointer(Math.max(1, h));
            PointerBuffer headerNames = stack.mallocPointer(Math.max(1, h));
            ByteBuffer[] keep = new ByteBuffer[2 * h + options.size()];
            int k = 0;
            int i = 0;
            for (Map.Entry<String, String> e : headers.entrySet()) {
                keep[k] = MemoryUtil.memUTF8(e.getValue());
                headerSrc.put(i, keep[k++]);
                keep[k] = MemoryUtil.memUTF8(e.getKey());
                headerNames.put(i, keep[k++]);
                i++;
            }
            headerSrc.limit(h);
            headerNames.limit(h);
            PointerBuffer prog = stack.mallocPointer(1);
            try {
                CudaCheck.nvrtc(NVRTC.nvrtcCreateProgram(prog, source, name, headerSrc, headerNames),
                        "nvrtcCreateProgram(" + name + ")", null);
                long p = prog.get(0);
                try {
                    PointerBuffer opts = stack.mallocPointer(options.size());
                    for (int o = 0; o < options.size(); o++) {
                        keep[k] = MemoryUtil.memUTF8(options.get(o));
                        opts.put(o, keep[k++]);
                    }
                    int r = NVRTC.nvrtcCompileProgram(p, opts);
                    CudaCheck.nvrtc(r, "nvrtcCompileProgram(" + name + ", " + String.join(" ", options) + ")",
                            () -> log(p));
                    PointerBuffer size = stack.mallocPointer(1);
                    CudaCheck.nvrtc(NVRTC.nvrtcGetPTXSize(p, size), "nvrtcGetPTXSize(" + name + ")", null);
                    ByteBuffer ptx = MemoryUtil.memAlloc((int) size.get(0));
                    try {
                        CudaCheck.nvrtc(NVRTC.nvrtcGetPTX(p, ptx), "nvrtcGetPTX(" + name + ")", null);
                        int n = (int) size.get(0);
                        while (n > 0 && ptx.get(n - 1) == 0) {
                            n--; // drop the terminating NUL
                        }
                        byte[] out = new byte[n];
                        ptx.get(0, out);
                        return out;
                    } finally {
                        MemoryUtil.memFree(ptx);
                    }
                } finally {
                    NVRTC.nvrtcDestroyProgram(prog);
                }
            } finally {
                for (ByteBuffer b : keep) {
                    if (b != null) {
                        MemoryUtil.memFree(b);
                    }
                }
            }
        }
    }

    private static String log(long program) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer size = stack.mallocPointer(1);
            if (NVRTC.nvrtcGetProgramLogSize(program, size) != NVRTC.NVRTC_SUCCESS || size.get(0) <= 1) {
                return null;
            }
            ByteBuffer b = MemoryUtil.memAlloc((int) size.get(0));
            try {
                if (NVRTC.nvrtcGetProgramLog(program, b) != NVRTC.NVRTC_SUCCESS) {
                    return null;
                }
                byte[] a = new byte[(int) size.get(0) - 1];
                b.get(0, a);
                return new String(a, StandardCharsets.UTF_8);
            }
            finally {
                MemoryUtil.memFree(b);
            }
        }
    }
}
