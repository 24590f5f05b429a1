package org.splatforge.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.Splat;

/** {@code splat bench raster} on a tiny case prints well-formed JSON with both backends; bad flags exit 2. */
class RasterBenchCommandTest {

    @Test
    void printsJsonForFastAndReference() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Splat.execute("bench", "raster", "--sizes", "40x24", "--counts", "300", "--iterations", "1",
                    "--warmup", "0", "--reference-max", "300", "--threads", "2");
        } finally {
            System.setOut(old);
        }
        assertEquals(ExitCodes.OK, code);
        JsonNode root = new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
        assertEquals(2, root.get("threads").asInt());
        JsonNode c = root.get("cases").get(0);
        assertEquals(40, c.get("width").asInt());
        assertEquals(300, c.get("gaussians").asInt());
        assertTrue(c.get("fast").get("forward_ms").asDouble() > 0);
        assertTrue(c.get("fast").has("forward_split_ms"));
        assertTrue(c.get("reference").get("backward_ms").asDouble() > 0);
        assertTrue(c.get("speedup").get("forward_backward").asDouble() > 0);
    }

    @Test
    void badSizeIsAUsageError() {
        assertEquals(ExitCodes.USAGE, Splat.execute("bench", "raster", "--sizes", "0x5", "--counts", "10"));
    }
}
