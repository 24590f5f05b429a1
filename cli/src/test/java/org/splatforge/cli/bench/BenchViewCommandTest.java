package org.splatforge.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.Splat;

/** {@code splat bench view} prints the frame-time and sort percentiles as JSON (a tiny run; no timing is asserted). */
class BenchViewCommandTest {

    @Test
    void printsFrameAndSortPercentiles() throws Exception {
        String d = System.getenv("DISPLAY");
        if (d == null || d.isBlank()) {
            System.out.println("SKIPPED BenchViewCommandTest: no DISPLAY; run the tests with scripts/test (xvfb-run)");
            Assumptions.abort("no DISPLAY");
        }
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Splat.execute("bench", "view", "--splats", "3000", "--frames", "4", "--warmup", "1", "--size", "96x64",
                    "--hidden", "--compare");
        } finally {
            System.setOut(old);
        }
        Assumptions.assumeTrue(code != ExitCodes.UNAVAILABLE, "SKIPPED: no OpenGL 4.3 on this display");
        assertEquals(ExitCodes.OK, code);
        JsonNode n = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("view", n.get("benchmark").asText());
        assertEquals(3000, n.get("splats").asInt());
        assertEquals(4, n.get("frame_ms").get("count").asInt());
        assertTrue(n.get("frame_ms").get("p99").asDouble() >= n.get("frame_ms").get("p50").asDouble());
        assertTrue(n.get("sort_handoff_ms").get("max").asDouble() >= 0);
        assertTrue(n.get("cpu_ms_per_frame").asDouble() > 0);
        double psnr = n.get("psnr_vs_cpu_rasterizer_db").asDouble();
        System.out.println("bench view --compare: PSNR vs the CPU rasterizer " + psnr + " dB");
        assertTrue(psnr >= 30, "the viewer's picture matches the CPU rasterizer's: " + psnr + " dB");
    }
}
