package org.splatforge.cli.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.cli.CliRun;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.io.ply.PlyWriter;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.testing.Clouds;
import org.splatforge.core.testing.SplatTransform;

/** {@code splat info} and {@code splat convert}: output, exit codes, and nothing written on failure. */
class SceneCommandsTest {

    @TempDir
    Path dir;

    /** Exit code, stdout, stderr of one in-process run. */
    record Run(int code, String out, String err) {
    }

    static Run splat(String... args) {
        CliRun r = CliRun.splat(args);
        return new Run(r.code(), r.out(), r.err());
    }

    private Path scene(String name, int n, int degree) throws IOException {
        Path f = dir.resolve(name);
        SceneFiles.write(f, SyntheticClouds.random(n, degree, 77));
        return f;
    }

    @Test
    void infoPrintsHeaderAndStatistics() throws IOException {
        Path f = scene("s.ply", 1234, 3);
        Run r = splat("info", f.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("1,234"), r.out());
        assertTrue(r.out().contains("f_rest_44"), r.out());
        Run j = splat("info", "--json", f.toString());
        assertEquals(ExitCodes.OK, j.code(), j.err());
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertEquals(1234, n.get("count").asInt());
        assertEquals(3, n.get("shDegree").asInt());
        assertEquals("ply", n.get("format").asText());
        assertEquals(3 + 3 + 45 + 1 + 3 + 4, n.get("columns").size());
        assertEquals("x", n.get("columns").get(0).get("name").asText());
        double minX = n.get("bounds").get("min").get(0).asDouble();
        GaussianCloud c = SceneFiles.read(f);
        assertEquals(c.bounds()[0], minX, 0);
    }

    @Test
    void infoCountsNonFiniteValuesInsteadOfRefusing() throws IOException {
        GaussianCloud c = SyntheticClouds.random(50, 0, 3);
        c.opacityLogits()[4] = Float.NaN;
        c.logScales()[7] = Float.NEGATIVE_INFINITY;
        Path f = dir.resolve("nan.ply");
        try (CpuDevice d = new CpuDevice(1)) {
            PlyWriter.write(f, c, d);
        }
        Run j = splat("info", "--json", f.toString());
        assertEquals(ExitCodes.OK, j.code(), j.err());
        JsonNode cols = new ObjectMapper().readTree(j.out()).get("columns");
        for (JsonNode col : cols) {
            String name = col.get("name").asText();
            assertEquals(name.equals("opacity") ? 1 : 0, col.get("nanCount").asInt(), name);
            assertEquals(name.equals("scale_1") ? 1 : 0, col.get("infCount").asInt(), name);
        }
        assertTrue(j.err().contains("NaN/Inf"), j.err());
        // ... while convert refuses the file, naming Gaussian and attribute, and writes nothing.
        Path out = dir.resolve("nan.spz");
        Run r = splat("convert", f.toString(), out.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertTrue(r.err().contains("Gaussian 2 attribute 'scale_1'"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badInputExitsThreeAndWritesNothing() throws IOException {
        Path f = scene("good.ply", 100, 1);
        byte[] b = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.ply");
        Files.write(cut, Arrays.copyOf(b, b.length - 7));
        Run info = splat("info", cut.toString());
        assertEquals(ExitCodes.BAD_INPUT, info.code());
        assertTrue(info.err().contains(cut.toString()) && info.err().contains("at byte"), info.err());
        for (String ext : new String[] {".spz", ".ply", ".splat", ".arrow"}) {
            Path out = dir.resolve("out" + ext);
            Run r = splat("convert", cut.toString(), out.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertFalse(Files.exists(out), "nothing under " + out);
        }
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void convertBetweenEveryFormat() throws IOException {
        Path ply = scene("src.ply", 300, 3);
        GaussianCloud original = SceneFiles.read(ply);
        Path arrow = dir.resolve("a.arrow");
        assertEquals(ExitCodes.OK, splat("convert", ply.toString(), arrow.toString()).code());
        Path back = dir.resolve("back.ply");
        assertEquals(ExitCodes.OK, splat("convert", arrow.toString(), back.toString()).code());
        assertArrayEquals(Files.readAllBytes(ply), Files.readAllBytes(back), "PLY -> Arrow -> PLY is lossless");
        Path spz = dir.resolve("a.spz");
        assertEquals(ExitCodes.OK, splat("convert", "--spz-version", "3", back.toString(), spz.toString()).code());
        assertEquals("3", SceneFiles.probe(spz).details().get("version"));
        Path splat = dir.resolve("a.splat");
        Run r = splat("convert", spz.toString(), splat.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals(300, SceneFiles.read(splat).size());
        Path low = dir.resolve("low.ply");
        assertEquals(ExitCodes.OK, splat("convert", "--sh-degree", "1", ply.toString(), low.toString()).code());
        Clouds.assertIdentical(original.withShDegree(1), SceneFiles.read(low));
    }

    @Test
    void convertRefusesUnsafeOrWrongRequests() throws IOException {
        Path ply = scene("src.ply", 20, 0);
        byte[] before = Files.readAllBytes(ply);
        assertEquals(ExitCodes.USAGE, splat("convert", ply.toString(), ply.toString()).code(), "onto itself");
        assertEquals(ExitCodes.USAGE, splat("convert", ply.toString(), dir.resolve("./src.ply").toString()).code(), "onto itself, other spelling");
        assertArrayEquals(before, Files.readAllBytes(ply));
        Path existing = scene("existing.spz", 5, 0);
        byte[] old = Files.readAllBytes(existing);
        Run r = splat("convert", ply.toString(), existing.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--overwrite"), r.err());
        assertArrayEquals(old, Files.readAllBytes(existing));
        assertEquals(ExitCodes.OK, splat("convert", "-w", ply.toString(), existing.toString()).code());
        assertEquals(20, SceneFiles.read(existing).size());
        assertEquals(ExitCodes.USAGE, splat("convert", ply.toString(), dir.resolve("x.obj").toString()).code(), "unknown extension");
        assertEquals(ExitCodes.IO, splat("convert", dir.resolve("absent.ply").toString(), dir.resolve("y.spz").toString()).code());
        assertEquals(ExitCodes.USAGE, splat("convert", "--spz-version", "7", ply.toString(), dir.resolve("z.spz").toString()).code());
    }

    @Test
    void infoReadsFilesSplatTransformWrites() throws Exception {
        SplatTransform st = SplatTransform.require();
        Path ply = scene("ours.ply", 500, 3);
        for (String ext : new String[] {".ply", ".spz"}) {
            Path theirs = dir.resolve("theirs" + ext);
            st.convert(ply, theirs);
            Run j = splat("info", "--json", theirs.toString());
            assertEquals(ExitCodes.OK, j.code(), j.err());
            JsonNode n = new ObjectMapper().readTree(j.out());
            assertEquals(500, n.get("count").asInt(), ext);
            assertEquals(3, n.get("shDegree").asInt(), ext);
            assertEquals(ext.substring(1), n.get("format").asText());
        }
    }
}
