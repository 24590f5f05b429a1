package org.splatforge.cli.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.Splat;

/** {@code splat scene ...} and {@code splat bench data/metrics} through the real command line. */
class BuiltinSceneCommandTest {

    @TempDir
    Path tmp;

    private static String run(int expectCode, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expectCode, Splat.execute(args), String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listGenerateAndBench() throws Exception {
        assertTrue(run(ExitCodes.OK, "scene", "list").contains("shapes-dynamic"));
        Path out = tmp.resolve("scene");
        String printed = run(ExitCodes.OK, "scene", "generate", "shapes", "--out", out.toString(),
                "--width", "24", "--height", "16", "--train", "4", "--test", "1", "--samples", "1");
        assertEquals(out.toAbsolutePath().normalize().toString(), printed.strip());
        assertTrue(Files.isRegularFile(out.resolve("transforms_train.json")));
        assertTrue(Files.isRegularFile(out.resolve("train/r_003.png")));
        assertTrue(Files.isRegularFile(out.resolve("labels/test/r_000.png")));

        // Existing folder: refused (exit 4, the folder kept); unknown scene and bad sizes: usage (2).
        run(ExitCodes.IO, "scene", "generate", "shapes", "--out", out.toString(), "--train", "1", "--test", "0");
        assertTrue(Files.isRegularFile(out.resolve("train/r_003.png")));
        run(ExitCodes.USAGE, "scene", "generate", "nothing", "--out", tmp.resolve("x").toString());
        run(ExitCodes.USAGE, "scene", "generate", "shapes", "--out", tmp.resolve("y").toString(), "--width", "0");
        assertTrue(!Files.exists(tmp.resolve("x")) && !Files.exists(tmp.resolve("y")));

        JsonNode data = new ObjectMapper().readTree(run(ExitCodes.OK, "bench", "data", out.toString()));
        JsonNode d0 = data.get("datasets").get(0);
        assertEquals("NERF_SYNTHETIC", d0.get("format").asText());
        assertEquals(4, d0.get("train_views").asInt());
        assertEquals(24 * 16 * 4 * 5 + 24 * 16 * 5, d0.get("retained_image_mib").asDouble() * 1048576, 0.5,
                "RGBA bytes + 8-bit labels of 5 views");
        JsonNode m = new ObjectMapper().readTree(run(ExitCodes.OK, "bench", "metrics", "--size", "40", "--reps", "2"));
        assertTrue(m.get("ssim_abs_diff").asDouble() < 1e-5);

        // A corrupt dataset is bad input (3).
        Files.writeString(out.resolve("transforms_train.json"), "{ \"frames\": 3 }");
        run(ExitCodes.BAD_INPUT, "bench", "data", out.toString());
    }
}
