package org.splatforge.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.cli.CliRun;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.scenes.BuiltinScenes;
import org.splatforge.scenes.SceneOptions;

/**
 * {@code splat train} and {@code splat render} end to end on the built-in scene at its tiny
 * size (32x32, 8 training + 2 test views): outputs, exit codes, and nothing lost on bad input.
 */
class TrainCommandTest {

    @TempDir
    static Path shared;
    static Path dataset;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() throws Exception {
        dataset = BuiltinScenes.generate("shapes", shared.resolve("shapes"), SceneOptions.tiny(), false, 2).dir();
    }

    @Test
    void trainsAndWritesEveryOutputThenRendersTheTestSplit() throws Exception {
        Path out = dir.resolve("run");
        CliRun r = CliRun.splat("train", dataset.toString(), "--out", out.toString(), "--iterations", "300", "--init-points", "2000",
                "--threads", "2", "--checkpoint-every", "100");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        GaussianCloud c = SceneFiles.read(out.resolve("point_cloud.ply"));
        assertTrue(c.size() > 100, "a model with Gaussians: " + c.size());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        // 300 iterations on 8 views of 32x32 pixels only starts the fit (the quality bar is in the render
        // module's TrainerTest); here training must clearly improve on its first evaluation.
        double first = m.path("evaluations").get(0).path("psnr").asDouble(), last = m.path("test").path("psnr").asDouble();
        assertTrue(last >= 14 && last > first + 3, "test PSNR " + first + " -> " + last);
        assertTrue(m.path("test").path("lpips").isNull());
        assertEquals("LPIPS is not computed", m.path("test").path("note").asText());
        assertEquals(2, m.path("test").path("views").size());
        assertEquals(c.size(), m.path("gaussians").asInt());
        for (String f : List.of("loss.png", "psnr.png", "gaussians.png", "test_views.png")) {
            assertTrue(Files.size(out.resolve("report").resolve(f)) > 500, f);
        }
        assertTrue(Files.exists(out.resolve("checkpoint.sfck")));
        assertTrue(r.err().contains("LPIPS not computed"), "progress output says LPIPS is not computed");

        Path renders = dir.resolve("renders");
        CliRun rr = CliRun.splat("render", out.resolve("point_cloud.ply").toString(), "--dataset", dataset.toString(), "--split", "test",
                "--out", renders.toString(), "--threads", "2");
        assertEquals(ExitCodes.OK, rr.code(), rr.err());
        assertTrue(rr.out().contains("mean over 2 test views: PSNR"), rr.out());
        JsonNode rm = new ObjectMapper().readTree(renders.resolve("metrics.json").toFile());
        assertEquals(m.path("test").path("psnr").asDouble(), rm.path("psnr").asDouble(), 0.05,
                "render reproduces the trainer's evaluation");
        try (var s = Files.list(renders)) {
            assertEquals(3, s.count(), "two PNGs and metrics.json");
        }

        Path video = dir.resolve("orbit.mp4");
        CliRun ro = CliRun.splat("render", out.resolve("point_cloud.ply").toString(), "--orbit", "6", "--size", "48x32", "--out",
                video.toString(), "--threads", "2");
        assertEquals(ExitCodes.OK, ro.code(), ro.err());
        boolean asVideo = Files.exists(video) && Files.size(video) > 0;
        boolean asFrames = Files.isDirectory(dir.resolve("orbit_frames"));
        assertTrue(asVideo || asFrames, "a video or, with a clear message, PNG frames");
        if (!asVideo) {
            assertTrue(ro.err().contains("writing PNG frames"), ro.err());
        }
    }

    @Test
    void benchTrainPrintsPhaseTimesAsJson() throws Exception {
        CliRun r = CliRun.splat("bench", "train", "--dataset", dataset.toString(), "--resolution", "1", "--iterations", "40",
                "--init-points", "500", "--threads", "2");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(40, j.path("iterations").asInt());
        for (String phase : List.of("renderForward", "loss", "backward", "optimizer", "densify", "total")) {
            assertTrue(j.path("whole").path("msPerIteration").path(phase).asDouble() >= 0, phase);
        }
        assertTrue(j.path("whole").path("rasterMsPerIteration").path("blend").asDouble() > 0);
        assertTrue(j.path("whole").path("iterationsPerSecond").asDouble() > 0);
        assertEquals(10, j.path("lastQuarter").path("iterations").asInt());
    }

    @Test
    void compactSetsTheSteepgsRecipeAndRefusesOtherStrategies() throws Exception {
        Path out = dir.resolve("compact");
        CliRun r = CliRun.splat("train", dataset.toString(), "--out", out.toString(), "--iterations", "200",
                "--init-points", "1000", "--threads", "2", "--strategy", "steepgs", "--compact", "-v");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode d = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).path("config").path("density");
        assertEquals("steepgs", d.path("strategy").asText());
        assertTrue(d.path("steepCloneSmall").asBoolean() && d.path("steepKeepParentMoments").asBoolean(), d.toString());
        assertEquals(0.1, d.path("significancePruneFraction").asDouble(), 1e-6);
        // 200 iterations: densification ends at 100, where the prune removes a tenth.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("density: iteration 100: (\\d+) -> (\\d+) Gaussians, pruned (\\d+)")
                .matcher(r.err());
        assertTrue(m.find(), "the prune at the end of densification is logged: " + r.err());
        int before = Integer.parseInt(m.group(1));
        assertEquals(before / 10, Integer.parseInt(m.group(3)));
        assertEquals(before - before / 10, Integer.parseInt(m.group(2)));
        Path other = dir.resolve("other");
        CliRun bad = CliRun.splat("train", dataset.toString(), "--out", other.toString(), "--iterations", "10", "--compact");
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        assertTrue(bad.err().contains("--compact") && bad.err().contains("steepgs"), bad.err());
        assertFalse(Files.exists(other.resolve("checkpoint.sfck")));
    }

    @Test
    void missingDatasetIsAClearErrorAndWritesNothing() {
        Path out = dir.resolve("out");
        CliRun r = CliRun.splat("train", dir.resolve("nope").toString(), "--out", out.toString(), "--iterations", "10");
        assertEquals(ExitCodes.IO, r.code());
        assertTrue(r.err().contains("nope"), r.err());
        assertFalse(Files.exists(out));
        CliRun empty = CliRun.splat("train", dir.toString(), "--out", out.toString(), "--iterations", "10");
        assertTrue(empty.code() == ExitCodes.IO || empty.code() == ExitCodes.BAD_INPUT, empty.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void corruptCheckpointIsBadInputAndKept() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        byte[] junk = "SFCKPT01 this is not a checkpoint at all".getBytes(StandardCharsets.US_ASCII);
        Files.write(out.resolve("checkpoint.sfck"), junk);
        Files.writeString(out.resolve("notes.txt"), "keep me");
        CliRun r = CliRun.splat("train", dataset.toString(), "--out", out.toString(), "--resume");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("checkpoint.sfck"), r.err());
        assertArrayEquals(junk, Files.readAllBytes(out.resolve("checkpoint.sfck")), "the bad file is left as it was");
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
        try (var s = Files.list(out)) {
            assertEquals(2, s.count(), "nothing written");
        }
    }

    @Test
    void anExistingRunIsNotOverwrittenWithoutResumeOrForce() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("checkpoint.sfck"), "previous");
        CliRun r = CliRun.splat("train", dataset.toString(), "--out", out.toString(), "--iterations", "10");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--resume") && r.err().contains("--force"), r.err());
        assertEquals("previous", Files.readString(out.resolve("checkpoint.sfck")));
        CliRun missing = CliRun.splat("train", dataset.toString(), "--out", dir.resolve("fresh").toString(), "--resume");
        assertEquals(ExitCodes.IO, missing.code(), missing.err());
        CliRun bad = CliRun.splat("train", dataset.toString(), "--out", dir.resolve("x").toString(), "--strategy", "mcmc");
        assertEquals(ExitCodes.USAGE, bad.code(), "mcmc without a cap");
        assertTrue(bad.err().contains("--max-gaussians"), bad.err());
        CliRun set = CliRun.splat("train", dataset.toString(), "--out", dir.resolve("y").toString(), "--set", "density.nope=1");
        assertEquals(ExitCodes.USAGE, set.code());
    }
}
