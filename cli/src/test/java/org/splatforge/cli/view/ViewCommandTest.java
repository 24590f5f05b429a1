package org.splatforge.cli.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.Splat;

/**
 * {@code splat view}: the headless frames mode end to end (real window under Xvfb), the
 * exit code and message when no display or no OpenGL 4.3 is there (real child processes
 * with the environment changed), and bad flags.
 */
class ViewCommandTest {

    private static boolean haveDisplay() {
        String d = System.getenv("DISPLAY");
        return d != null && !d.isBlank();
    }

    private static void requireDisplay() {
        if (!haveDisplay()) {
            System.out.println("SKIPPED ViewCommandTest: no DISPLAY; run the tests with scripts/test (xvfb-run)");
            Assumptions.abort("no DISPLAY");
        }
    }

    @Test
    void framesModeWritesScreenshotsAndPrintsTimingJson(@TempDir Path dir) throws Exception {
        requireDisplay();
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Splat.execute("view", "synthetic-dynamic:3000:5", "--frames", "4", "--screenshot-dir", dir.toString(),
                    "--size", "160x120", "--path", "orbit");
        } finally {
            System.setOut(old);
        }
        String json = out.toString(StandardCharsets.UTF_8);
        System.out.println(json);
        Assumptions.assumeTrue(code != ExitCodes.UNAVAILABLE, "SKIPPED: no OpenGL 4.3 on this display");
        assertEquals(ExitCodes.OK, code);
        JsonNode n = new ObjectMapper().readTree(json);
        assertEquals(4, n.get("frames").asInt());
        assertEquals(3000, n.get("splats").asInt());
        assertEquals(160, n.get("width").asInt());
        for (String k : List.of("p50", "p90", "p99", "max")) {
            assertTrue(n.get("frame_ms").get(k).asDouble() > 0, "frame_ms." + k);
        }
        assertTrue(n.get("fps").asDouble() > 0);
        assertTrue(n.get("sort_ms").get("count").asInt() >= 1, "at least one sort was picked up");
        try (var files = Files.list(dir)) {
            assertEquals(4, files.filter(p -> p.getFileName().toString().matches("frame-0000[0-3]\\.png")).count());
        }
        // The dynamic scene sweeps its time: first and last frames differ.
        assertTrue(Files.size(dir.resolve("frame-00000.png")) > 100);
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(dir.resolve("frame-00000.png")),
                Files.readAllBytes(dir.resolve("frame-00003.png"))));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"scene.ply", "scene.splat", "scene.spz", "scene.arrow", "scene.sfz",
            "no-extension"})
    void opensEveryFormatTheProjectReads(String name, @TempDir Path dir) throws Exception {
        requireDisplay();
        org.splatforge.core.scene.GaussianCloud c = org.splatforge.scenes.synthetic.SyntheticScene.balls(500, 3);
        Path written = dir.resolve(name.equals("no-extension") ? "scene.ply" : name);
        if (name.endsWith(".sfz")) { // our compressed archive
            try (var cpu = org.splatforge.core.runtime.Devices.open("cpu", 0)) {
                new org.splatforge.compress.codec.SceneCodec(cpu).write(c,
                        org.splatforge.compress.codec.CodecOptions.preset(org.splatforge.compress.codec.Quality.LOSSLESS), written);
            }
        } else {
            org.splatforge.core.io.SceneFiles.write(written, c);
        }
        Path file = written;
        if (name.equals("no-extension")) { // found by content, not by name
            file = dir.resolve("scene-without-extension");
            Files.move(written, file);
        }
        Path shots = dir.resolve("shots");
        int code = Splat.execute("view", file.toString(), "--frames", "1", "--size", "64x48", "--hidden",
                "--screenshot-dir", shots.toString());
        Assumptions.assumeTrue(code != ExitCodes.UNAVAILABLE, "SKIPPED: no OpenGL 4.3 on this display");
        assertEquals(ExitCodes.OK, code, name);
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(shots.resolve("frame-00000.png").toFile());
        int lit = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                lit += (img.getRGB(x, y) & 0xffffff) != 0 ? 1 : 0;
            }
        }
        assertTrue(lit > 100, name + ": the scene is drawn (" + lit + " lit pixels)");
    }

    @Test
    void datasetCamerasAreRenderedAtTheirOwnSize(@TempDir Path dir) throws Exception {
        requireDisplay();
        Path ds = org.splatforge.core.testing.SharedData.require("datasets/tabletop-static");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Splat.execute("view", "synthetic:2000", "--dataset", ds.toString(), "--camera", "3", "--frames", "1",
                    "--hidden", "--screenshot-dir", dir.toString());
        } finally {
            System.setOut(old);
        }
        Assumptions.assumeTrue(code != ExitCodes.UNAVAILABLE, "SKIPPED: no OpenGL 4.3 on this display");
        assertEquals(ExitCodes.OK, code);
        JsonNode n = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(400, n.get("width").asInt(), "tabletop-static cameras are 400x400");
        assertEquals(400, n.get("height").asInt());
        assertEquals(ExitCodes.USAGE, Splat.execute("view", "synthetic:2000", "--dataset", ds.toString(), "--camera", "100",
                "--frames", "1", "--hidden"), "camera index past the 100 training views");
    }

    @Test
    void aFolderOfFramesIsADynamicScene(@TempDir Path dir) throws Exception {
        requireDisplay();
        Path seq = Files.createDirectories(dir.resolve("frames"));
        org.splatforge.core.scene.GaussianCloud base = org.splatforge.scenes.synthetic.SyntheticScene.balls(800, 9);
        for (int k = 0; k < 3; k++) { // the scene slides along x, frame by frame
            org.splatforge.core.scene.GaussianCloud c = base.copy();
            for (int i = 0; i < c.size(); i++) {
                c.means()[i * 3] += 0.4f * k;
            }
            org.splatforge.core.io.SceneFiles.write(seq.resolve("frame_" + k + ".ply"), c);
        }
        Path shots = dir.resolve("shots");
        int code = Splat.execute("view", seq.toString(), "--frames", "3", "--size", "96x64", "--hidden", "--exact-order",
                "--path", "fixed", "--screenshot-dir", shots.toString());
        Assumptions.assumeTrue(code != ExitCodes.UNAVAILABLE, "SKIPPED: no OpenGL 4.3 on this display");
        assertEquals(ExitCodes.OK, code);
        byte[] f0 = Files.readAllBytes(shots.resolve("frame-00000.png"));
        byte[] f2 = Files.readAllBytes(shots.resolve("frame-00002.png"));
        assertTrue(!java.util.Arrays.equals(f0, f2), "time 0 and time 1 show different frames");
    }

    @Test
    void corruptSceneFileExitsBadInput(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.ply");
        Files.writeString(f, "ply\nformat binary_little_endian 1.0\nelement vertex 10\nproperty float x\nend_header\n");
        assertEquals(ExitCodes.BAD_INPUT, Splat.execute("view", f.toString(), "--frames", "1"));
    }

    /** Runs {@code splat ARGS} in a child JVM with environment changes; returns {exit code, stderr}. */
    private static Object[] child(Map<String, String> envChanges, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "org.splatforge.cli.Splat"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        envChanges.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child finished");
        return new Object[] {p.exitValue(), err};
    }

    @Test
    void withoutADisplayItExitsUnavailableAndPointsToSplatRender() throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("DISPLAY", null);
        env.put("WAYLAND_DISPLAY", null);
        Object[] r = child(env, "view", "synthetic:100", "--frames", "1");
        String err = (String) r[1];
        System.out.println(err);
        assertEquals(ExitCodes.UNAVAILABLE, r[0]);
        assertTrue(err.contains("splat render"), "suggests splat render: " + err);
        assertTrue(err.contains("GLFW"), "says what GLFW reported: " + err);
    }

    @Test
    void withTooOldOpenGlItSaysWhatItFound() throws Exception {
        requireDisplay();
        // Mesa reports (and creates at most) the version given here, like an old driver would.
        Object[] r = child(Map.of("MESA_GL_VERSION_OVERRIDE", "3.3"), "view", "synthetic:100", "--frames", "1");
        String err = (String) r[1];
        System.out.println(err);
        Assumptions.assumeTrue(err.contains("Mesa"), "SKIPPED: not a Mesa driver, the override does not apply");
        assertEquals(ExitCodes.UNAVAILABLE, r[0]);
        assertTrue(err.contains("found OpenGL 3.3"), "names the version found: " + err);
        assertTrue(err.contains("splat render"), err);
    }

    @Test
    void badFlagsAndMissingFilesFailBeforeAnyWindow(@TempDir Path dir) {
        assertEquals(ExitCodes.USAGE, Splat.execute("view", "synthetic:100", "--size", "big", "--frames", "1"));
        assertEquals(ExitCodes.USAGE, Splat.execute("view", "synthetic:many", "--frames", "1"));
        assertEquals(ExitCodes.USAGE, Splat.execute("view", "synthetic:100", "--background", "1,2", "--frames", "1"));
        assertEquals(ExitCodes.IO, Splat.execute("view", dir.resolve("missing.ply").toString(), "--frames", "1"));
        assertEquals(ExitCodes.USAGE, Splat.execute("view", "synthetic:100", "--frames", "-3"));
    }
}
