package org.splatforge.render.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.cuda.CudaDriver;
import org.splatforge.core.runtime.cuda.CudaException;
import org.splatforge.core.runtime.cuda.ModuleLoader;
import org.splatforge.core.runtime.cuda.NvrtcCompiler;
import org.splatforge.core.runtime.cuda.PtxEntries;

/**
 * The NVRTC route (run-time compilation of the packaged sources), which needs libnvrtc but no
 * GPU: every module compiles for compute 9.0 (H100) with its headers passed by name, defines the
 * kernels the Java side launches, with the same parameter counts as the nvcc-built PTX; and a
 * compile error comes back as a {@link CudaException} carrying NVRTC's log. Skips where libnvrtc
 * is absent (CI; to run it here: {@code CUDA_HOME=DIR} with DIR/lib holding libnvrtc.so.13).
 */
class NvrtcCompileTest {

    @BeforeEach
    void requireNvrtc() {
        String why = CudaDriver.nvrtcUnavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
    }

    @Test
    void everyModuleCompilesForH100() throws IOException {
        for (String m : CudaKernels.MODULES) {
            long t0 = System.nanoTime();
            byte[] ptx = ModuleLoader.compileSources(CudaKernels.class, CudaKernels.BASE, m, CudaKernels.HEADERS, 90);
            String text = new String(ptx, StandardCharsets.US_ASCII);
            assertEquals(90, ModuleLoader.ptxTarget(text), m);
            Map<String, Integer> entries = PtxEntries.parameterCounts(text);
            String packaged = CudaKernelResourcesTest.read(CudaKernels.BASE + "/ptx/" + m + ".ptx");
            Map<String, Integer> nvcc = packaged == null ? null : PtxEntries.parameterCounts(packaged);
            for (String k : CudaKernels.KERNELS.get(m)) {
                assertTrue(entries.containsKey(k), m + ": NVRTC output lacks " + k);
                if (nvcc != null) {
                    assertEquals(nvcc.get(k), entries.get(k), m + "." + k + ": parameters, NVRTC vs nvcc");
                }
            }
            System.out.printf("NVRTC %s: %d bytes of PTX in %d ms, entries %s%n", m, ptx.length,
                    (System.nanoTime() - t0) / 1_000_000, entries);
        }
    }

    @Test
    void compileErrorsCarryTheLog() {
        CudaException e = assertThrows(CudaException.class, () -> NvrtcCompiler.compile("broken.cu",
                "#include \"splat_common.cuh\"\nextern \"C\" __global__ void k(float* x) { x[0] = not_declared(SPLAT_TILE); }\n",
                Map.of("splat_common.cuh", "#define SPLAT_TILE 16\n"), NvrtcCompiler.options(90)));
        assertEquals("NVRTC_ERROR_COMPILATION", e.codeName());
        assertTrue(e.getMessage().startsWith("nvrtcCompileProgram(broken.cu, --gpu-architecture=compute_90 -lineinfo"
                + " -std=c++17) failed: NVRTC_ERROR_COMPILATION (6)"), e.getMessage());
        assertTrue(e.log() != null && e.log().contains("not_declared"), e.getMessage());
        assertTrue(e.getMessage().contains("--- NVRTC log ---"), e.getMessage());
        System.out.println(e.getMessage());
        assertThrows(CudaException.class, () -> NvrtcCompiler.compile("k.cu", "__global__ void k() {}", Map.of(),
                List.of("--no-such-option")));
    }
}
