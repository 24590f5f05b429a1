package org.splatforge.core.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one check helper: what its messages say (no GPU needed: names come from a table). */
class CudaCheckTest {

    @Test
    void successPassesAndNeverReadsTheLog() {
        assertDoesNotThrow(() -> CudaCheck.cu(0, "cuInit"));
        assertDoesNotThrow(() -> CudaCheck.cu(0, "cuInit", () -> {
            throw new AssertionError("log read on success");
        }));
        assertDoesNotThrow(() -> CudaCheck.nvrtc(0, "nvrtcCompileProgram", () -> {
            throw new AssertionError("log read on success");
        }));
    }

    @Test
    void driverFailureNamesCallCodeAndJitLog() {
        CudaException e = assertThrows(CudaException.class, () -> CudaCheck.cu(218,
                "cuModuleLoadDataEx(raster_forward, PTX built by nvcc (compute_75))",
                () -> "ptxas application ptx input, line 12; error   : Unknown symbol 'foo'\n"));
        String m = e.getMessage();
        assertTrue(m.startsWith("cuModuleLoadDataEx(raster_forward, PTX built by nvcc (compute_75)) failed: "
                + "CUDA_ERROR_INVALID_PTX (218)"), m);
        assertTrue(m.endsWith("\n--- JIT log ---\nptxas application ptx input, line 12; error   : Unknown symbol 'foo'"), m);
        assertEquals(218, e.code());
        assertEquals("CUDA_ERROR_INVALID_PTX", e.codeName());
        assertEquals("cuModuleLoadDataEx(raster_forward, PTX built by nvcc (compute_75))", e.call());
    }

    @Test
    void driverFailureWithoutLogHasNoLogSection() {
        CudaException e = assertThrows(CudaException.class, () -> CudaCheck.cu(2, "cuMemAlloc(sort keys, 96 bytes)"));
        assertTrue(e.getMessage().startsWith("cuMemAlloc(sort keys, 96 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2)"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("---"), e.getMessage());
        assertNull(e.log());
    }

    @Test
    void nvrtcFailureCarriesTheCompilerLog() {
        String log = "raster_forward.cu(42): error: identifier \"powr\" is undefined\n1 error detected";
        CudaException e = assertThrows(CudaException.class,
                () -> CudaCheck.nvrtc(6, "nvrtcCompileProgram(raster_forward.cu, --gpu-architecture=compute_90)", () -> log));
        assertEquals("nvrtcCompileProgram(raster_forward.cu, --gpu-architecture=compute_90) failed: "
                + "NVRTC_ERROR_COMPILATION (6)\n--- NVRTC log ---\n" + log, e.getMessage());
        assertEquals(log, e.log());
    }

    @Test
    void unknownCodesStillNamed() {
        assertEquals("CUresult_12345", CudaCheck.cuName(12345));
        assertEquals("nvrtcResult_99", CudaCheck.nvrtcName(99));
        assertEquals("CUDA_ERROR_NO_DEVICE", CudaCheck.cuName(100));
        assertEquals("CUDA_ERROR_UNSUPPORTED_PTX_VERSION", CudaCheck.cuName(222));
        assertEquals("CUDA_ERROR_ILLEGAL_ADDRESS", CudaCheck.cuName(700));
    }
}
