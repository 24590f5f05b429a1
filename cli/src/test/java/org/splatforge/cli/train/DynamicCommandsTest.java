package org.splatforge.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.cli.CliRun;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.view.SceneSpecs;
import org.splatforge.render.viewer.scene.SceneSource;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.scenes.BuiltinScenes;
import org.splatforge.scenes.SceneOptions;

/**
 * Dynamic scenes end to end on the built-in {@code shapes-dynamic} scene at its tiny size:
 * {@code train} detects the times and writes the field, {@code render} reproduces the
 * trainer's evaluation at each view's time, {@code export-frames} writes deformed PLYs,
 * {@code bench deform} prints its JSON; bad flags exit non-zero.
 */
class DynamicCommandsTest {

    @TempDir
    static Path shared;
    static Path dataset;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() throws Exception {
        dataset = BuiltinScenes.generate("shapes-dynamic", shared.resolve("shapes-dynamic"), SceneOptions.tiny(), false, 2).dir();
    }

    @Test
    void trainsRendersAndExportsADynamicScene() throws Exception {
        Path out = dir.resolve("run");
        CliRun r = CliRun.splat("train", dataset.toString(), "--out", out.toString(), "--iterations", "200",
                "--init-points", "1500", "--threads", "2", "--no-report", "--set", "dynamic.coarseIterations=60",
                // the split on, decided by the field's motion at fine iterations 60 and 110: its mask
                // goes through deformation.sfdf into render, export-frames, the viewer and bench deform
                "--set", "dynamic.split=true", "--set", "dynamic.splitWarmup=60", "--set", "dynamic.splitGateEvery=50");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.err().contains("dynamic scene: HexPlane"), "time detected without --dynamic: " + r.err());
        Path ply = out.resolve("point_cloud.ply");
        assertTrue(Files.size(out.resolve("deformation.sfdf")) > 1000);
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(m.path("config").path("dynamic").path("enabled").asBoolean(), m.path("config").toString());
        double frac = m.path("dynamic").path("dynamicFraction").asDouble();
        assertTrue(frac > 0 && frac < 1, "the split left part of the cloud static: " + frac);

        Path renders = dir.resolve("renders");
        CliRun rr = CliRun.splat("render", ply.toString(), "--dataset", dataset.toString(), "--out", renders.toString(),
                "--threads", "2");
        assertEquals(ExitCodes.OK, rr.code(), rr.err());
        JsonNode rm = new ObjectMapper().readTree(renders.resolve("metrics.json").toFile());
        assertEquals(m.path("test").path("psnr").asDouble(), rm.path("psnr").asDouble(), 0.05,
                "render at each view's time reproduces the trainer's evaluation");

        Path frames = dir.resolve("frames");
        CliRun re = CliRun.splat("export-frames", ply.toString(), "--times", "0,1", "--out", frames.toString(),
                "--threads", "2");
        assertEquals(ExitCodes.OK, re.code(), re.err());
        GaussianCloud canon = SceneFiles.read(ply);
        GaussianCloud a = SceneFiles.read(frames.resolve("frame_0000_t0.0000.ply"));
        GaussianCloud b = SceneFiles.read(frames.resolve("frame_0001_t1.0000.ply"));
        assertEquals(canon.size(), a.size());
        double moved = 0, opacity = 0;
        for (int i = 0; i < a.size() * 3; i++) {
            moved = Math.max(moved, Math.abs(a.means()[i] - b.means()[i]));
        }
        for (int i = 0; i < a.size(); i++) {
            opacity = Math.max(opacity, Math.abs(a.opacityLogits()[i] - canon.opacityLogits()[i]));
        }
        assertTrue(moved > 1e-4, "the field moves Gaussians between t=0 and t=1: " + moved);
        assertTrue(opacity > 0, "exported frames carry the deformed opacity");

        // splat view on the training output: a dynamic scene showing what export-frames wrote.
        SceneSource view = SceneSpecs.open(ply.toString());
        assertTrue(view.dynamic(), "the PLY with deformation.sfdf beside it is a dynamic scene in the viewer");
        assertEquals(canon.size(), view.size());
        GaussianCloud v0 = view.at(0), v1 = view.at(1);
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(a.means(), a.size() * 3)),
                java.util.Arrays.toString(java.util.Arrays.copyOf(v0.means(), v0.size() * 3)), "viewer at t=0 vs export-frames");
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(b.opacityLogits(), b.size())),
                java.util.Arrays.toString(java.util.Arrays.copyOf(v1.opacityLogits(), v1.size())), "viewer at t=1 vs export-frames");
        assertTrue(v0 != v1, "each time is a fresh cloud the viewer may keep");

        CliRun bench = CliRun.splat("bench", "deform", "--model", ply.toString(), "--reps", "2", "--size", "32", "--threads", "2");
        assertEquals(ExitCodes.OK, bench.code(), bench.err());
        JsonNode bj = new ObjectMapper().readTree(bench.out());
        assertEquals(canon.size(), bj.path("gaussians").asInt());
        assertEquals(Math.round(frac * canon.size()), bj.path("dynamic_gaussians").asInt(), bench.out());
        assertTrue(bj.path("as_stored").path("deform_and_render_ms_per_frame").asDouble() > 0
                && bj.path("all_dynamic").path("deform_ms_per_frame").asDouble() > 0, bench.out());

        CliRun info = CliRun.splat("info", "--header-only", ply.toString());
        assertEquals(ExitCodes.OK, info.code(), info.err());
        assertTrue(info.out().contains(String.format(java.util.Locale.ROOT, "%,d of %,d Gaussians deform",
                bj.path("dynamic_gaussians").asInt(), canon.size())), "info on the canonical PLY names the field: " + info.out());
        CliRun fieldInfo = CliRun.splat("info", "--json", out.resolve("deformation.sfdf").toString());
        assertEquals(ExitCodes.OK, fieldInfo.code(), fieldInfo.err());
        JsonNode fj = new ObjectMapper().readTree(fieldInfo.out());
        assertEquals(bj.path("dynamic_gaussians").asInt(), fj.path("dynamicGaussians").asInt(), fieldInfo.out());
        Path cutField = dir.resolve("cut.sfdf");
        byte[] fb = Files.readAllBytes(out.resolve("deformation.sfdf"));
        Files.write(cutField, java.util.Arrays.copyOf(fb, fb.length / 2));
        CliRun cutInfo = CliRun.splat("info", cutField.toString());
        assertTrue(cutInfo.code() != ExitCodes.OK && cutInfo.err().contains("cut.sfdf"), cutInfo.err());

        CliRun bad = CliRun.splat("render", ply.toString(), "--orbit", "2", "--time", "1.5", "--out",
                dir.resolve("x.avi").toString());
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        Files.copy(ply, dir.resolve("alone.ply"));
        CliRun noField = CliRun.splat("export-frames", dir.resolve("alone.ply").toString(), "--times", "0", "--out",
                dir.resolve("f2").toString());
        assertEquals(ExitCodes.IO, noField.code(), noField.err());
        assertTrue(noField.err().contains("deformation.sfdf"), noField.err());
    }

    @Test
    void benchDeformPrintsJson() throws Exception {
        CliRun r = CliRun.splat("bench", "deform", "--gaussians", "1000", "--reps", "1", "--threads", "2");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(1000, j.path("gaussians").asInt());
        assertTrue(j.path("forward_ms_per_100k").asDouble() > 0 && j.path("backward_ms_per_100k").asDouble() > 0, r.out());
    }
}
