package org.splatforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.DeviceUnavailableException;
import org.splatforge.core.runtime.cuda.CudaDeviceProvider;

/**
 * {@code --device cuda} where CUDA is unavailable: exit code 5 with a one-line message naming
 * the reason; {@code --device auto} runs on the CPU instead. (On a GPU machine the first check
 * skips: there {@code --device cuda} works.)
 */
class DeviceCudaExitCodeTest {

    @Test
    void unavailableExceptionMapsToFive() {
        assertEquals(ExitCodes.UNAVAILABLE, Splat.exitCodeFor(new DeviceUnavailableException("no GPU")));
        assertEquals(ExitCodes.USAGE, Splat.exitCodeFor(new IllegalArgumentException("bad flag")));
    }

    @Test
    void benchRasterOnCudaWithoutAGpu() {
        String why = new CudaDeviceProvider().unavailableReason();
        assumeTrue(why != null, "this machine has a usable GPU");
        PrintStream oldErr = System.err, oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Splat.execute("bench", "raster", "--device", "cuda", "--sizes", "16", "--counts", "10");
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.UNAVAILABLE, code, e);
        assertTrue(e.contains("error: splat bench raster: --device cuda: CUDA is not available here: " + why), e);
        assertTrue(!e.contains("Exception"), "no stack trace: " + e);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "no JSON on failure");
    }

    @Test
    void autoFallsBackToTheCpu() {
        assumeTrue(new CudaDeviceProvider().unavailableReason() != null, "this machine has a usable GPU");
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Splat.execute("bench", "raster", "--device", "auto", "--sizes", "16", "--counts", "10",
                    "--iterations", "1", "--warmup", "0", "--reference-max", "0", "--threads", "1");
        } finally {
            System.setOut(oldOut);
        }
        assertEquals(ExitCodes.OK, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"backend\" : \"cpu\""), out.toString(StandardCharsets.UTF_8));
    }
}
