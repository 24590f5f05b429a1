package org.splatforge.cli.compress;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.cli.CliRun;
import org.splatforge.cli.ExitCodes;
import org.splatforge.compress.batch.BatchManifest;
import org.splatforge.compress.batch.FileResult;
import org.splatforge.compress.batch.FileStatus;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.testing.Clouds;

/** {@code splat compress}, {@code splat decompress} and {@code splat info} on archives, through the CLI. */
class CompressCommandsTest {

    @TempDir
    Path dir;

    private Path scene(String name, int n, int degree, long seed) throws IOException {
        System.out.println(name + ": synthetic cloud n=" + n + " degree=" + degree + " seed " + seed);
        Path f = dir.resolve(name);
        SceneFiles.write(f, SyntheticCloud.scene(n, degree, seed));
        return f;
    }

    @Test
    void compressDecompressRoundTripToPlyAndInfoOnTheArchive() throws IOException {
        Path ply = scene("s.ply", 2345, 3, 7);
        CliRun c = CliRun.splat("compress", ply.toString(), "--quality", "high", "--json", "--threads", "2");
        assertEquals(ExitCodes.OK, c.code(), c.err());
        Path sfz = dir.resolve("s.sfz");
        assertTrue(Files.exists(sfz), "default output: IN with .sfz");
        JsonNode j = new ObjectMapper().readTree(c.out());
        assertEquals(2345, j.get("gaussiansIn").asInt());
        assertEquals(Files.size(sfz), j.get("bytesOut").asLong());
        assertEquals(Files.size(ply), j.get("bytesIn").asLong());
        assertTrue(j.get("psnrOut").isNull(), "no --dataset, no PSNR");

        Path back = dir.resolve("back.ply");
        CliRun d = CliRun.splat("decompress", sfz.toString(), back.toString());
        assertEquals(ExitCodes.OK, d.code(), d.err());
        GaussianCloud decoded = SceneFiles.read(back);
        try (CpuDevice dev = new CpuDevice(1)) {
            Clouds.assertIdentical(new SceneCodec(dev).decode(Files.readAllBytes(sfz)), decoded);
        }
        assertEquals(j.get("gaussiansOut").asInt(), decoded.size());

        CliRun info = CliRun.splat("info", sfz.toString());
        assertEquals(ExitCodes.OK, info.code(), info.err());
        assertTrue(info.out().contains("sfz: Splatforge compressed scene archive"), info.out());
        assertTrue(info.out().contains("quality              high"), info.out());
        CliRun infoJson = CliRun.splat("info", "--json", "--header-only", sfz.toString());
        assertEquals(ExitCodes.OK, infoJson.code(), infoJson.err());
        JsonNode ij = new ObjectMapper().readTree(infoJson.out());
        assertEquals("sfz", ij.get("format").asText());
        assertEquals(decoded.size(), ij.get("count").asInt());

        // convert opens archives by magic and writes them by extension.
        Path conv = dir.resolve("conv.spz");
        assertEquals(ExitCodes.OK, CliRun.splat("convert", sfz.toString(), conv.toString()).code());
        assertEquals(decoded.size(), SceneFiles.read(conv).size());
        Path viaConvert = dir.resolve("via-convert.sfz");
        assertEquals(ExitCodes.OK, CliRun.splat("convert", ply.toString(), viaConvert.toString()).code());
        assertTrue(Files.size(viaConvert) < Files.size(ply) / 10);
    }

    @Test
    void compressingTwiceGivesTheSameBytesForAnyThreadCount() throws IOException {
        Path ply = scene("d.ply", 3000, 3, 8);
        Path a = dir.resolve("a.sfz"), b = dir.resolve("b.sfz"), l = dir.resolve("l.sfz");
        assertEquals(ExitCodes.OK, CliRun.splat("compress", ply.toString(), a.toString(), "--threads", "1").code());
        assertEquals(ExitCodes.OK, CliRun.splat("compress", ply.toString(), b.toString(), "--threads", "3").code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        // Lossless is bit-exact, with the input order kept.
        assertEquals(ExitCodes.OK, CliRun.splat("compress", ply.toString(), l.toString(), "--quality", "lossless",
                "--keep-order").code());
        Path back = dir.resolve("l.ply");
        assertEquals(ExitCodes.OK, CliRun.splat("decompress", l.toString()).code());
        Clouds.assertIdentical(SceneFiles.read(ply), SceneFiles.read(back));
    }

    @Test
    void corruptOrTruncatedArchivesExitWithBadInputAndWriteNothing() throws IOException {
        Path ply = scene("c.ply", 1500, 2, 9);
        Path sfz = dir.resolve("c.sfz");
        assertEquals(ExitCodes.OK, CliRun.splat("compress", ply.toString(), sfz.toString()).code());
        byte[] good = Files.readAllBytes(sfz);
        int n = good.length;
        // Truncations and byte flips across the header, the table and several payloads.
        int[] cuts = {0, 5, 19, 40, n / 3, n - 1};
        int[] flips = {0, 9, 13, 22, 70, n / 4, n / 2, n - 3};
        Path out = dir.resolve("out.ply");
        int cases = 0;
        for (int k = 0; k < cuts.length + flips.length; k++) {
            byte[] bad = k < cuts.length ? Arrays.copyOf(good, cuts[k]) : good.clone();
            if (k >= cuts.length) {
                bad[flips[k - cuts.length]] ^= 0x5A;
            }
            Path f = dir.resolve("bad" + k + ".sfz");
            Files.write(f, bad);
            CliRun d = CliRun.splat("decompress", f.toString(), out.toString());
            String what = k < cuts.length ? "cut at " + cuts[k] : "flip at " + flips[k - cuts.length];
            assertEquals(ExitCodes.BAD_INPUT, d.code(), what + ": " + d.err());
            assertTrue(d.err().contains("bad" + k + ".sfz"), what + ": the error names the file: " + d.err());
            assertTrue(d.err().contains("byte") || d.err().contains("empty"), what + ": and where: " + d.err());
            assertFalse(Files.exists(out), what + ": nothing written");
            cases++;
        }
        assertEquals(14, cases);
        Path truncated = dir.resolve("bad5.sfz");
        assertEquals(ExitCodes.BAD_INPUT, CliRun.splat("info", truncated.toString()).code());
        assertEquals(ExitCodes.BAD_INPUT, CliRun.splat("convert", truncated.toString(), out.toString()).code());
        assertFalse(Files.exists(out));
    }

    @Test
    void datasetTurnsOnFineTuningWhichFineTuneZeroTurnsOff() throws IOException {
        Path data = dir.resolve("shapes");
        CliRun gen = CliRun.splat("scene", "generate", "shapes", "--out", data.toString(), "--width", "40", "--height",
                "36", "--train", "3", "--test", "2", "--samples", "1");
        assertEquals(ExitCodes.OK, gen.code(), gen.err());
        Path ply = scene("f.ply", 900, 1, 4);
        Path tuned = dir.resolve("tuned.sfz");
        CliRun c = CliRun.splat("compress", ply.toString(), tuned.toString(), "--quality", "small", "--dataset",
                data.toString(), "--fine-tune", "12", "--json", "--threads", "2");
        assertEquals(ExitCodes.OK, c.code(), c.err());
        assertTrue(c.err().contains("fine-tune: 12 steps over 3 views"), c.err());
        JsonNode j = new ObjectMapper().readTree(c.out());
        assertFalse(j.get("psnrOut").isNull(), "with --dataset, test-view PSNR");
        Path plain = dir.resolve("plain.sfz");
        CliRun p = CliRun.splat("compress", ply.toString(), plain.toString(), "--quality", "small", "--dataset",
                data.toString(), "--fine-tune", "0", "--json", "--threads", "2");
        assertEquals(ExitCodes.OK, p.code(), p.err());
        assertFalse(p.err().contains("fine-tune:"), p.err());
        assertEquals(j.get("gaussiansOut").asInt(), new ObjectMapper().readTree(p.out()).get("gaussiansOut").asInt(),
                "fine-tuning keeps every Gaussian the pruning kept");
        try (CpuDevice dev = new CpuDevice(1)) {
            assertEquals(j.get("gaussiansOut").asInt(), new SceneCodec(dev).decode(Files.readAllBytes(tuned)).size());
        }
        CliRun bad = CliRun.splat("compress", ply.toString(), dir.resolve("bad.sfz").toString(), "--dataset",
                data.toString(), "--fine-tune", "-1");
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        assertTrue(bad.err().contains("--fine-tune"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad.sfz")));
        for (String lr : new String[] {"0", "-2", "NaN"}) {
            CliRun badLr = CliRun.splat("compress", ply.toString(), dir.resolve("bad.sfz").toString(), "--dataset",
                    data.toString(), "--fine-tune-lr", lr);
            assertEquals(ExitCodes.USAGE, badLr.code(), badLr.err());
            assertTrue(badLr.err().contains("--fine-tune-lr"), badLr.err());
            assertFalse(Files.exists(dir.resolve("bad.sfz")));
        }
        // a different rate is a different optimisation: same steps, other parameters, other bytes
        Path slow = dir.resolve("slow.sfz");
        CliRun s = CliRun.splat("compress", ply.toString(), slow.toString(), "--quality", "small", "--dataset",
                data.toString(), "--fine-tune", "12", "--fine-tune-lr", "0.25", "--threads", "2");
        assertEquals(ExitCodes.OK, s.code(), s.err());
        assertFalse(Arrays.equals(Files.readAllBytes(tuned), Files.readAllBytes(slow)), s.err());
    }

    @Test
    void distillFineTunesWithoutViewsAndRefusesADataset() throws IOException {
        Path ply = scene("d.ply", 700, 1, 6);
        Path tuned = dir.resolve("distilled.sfz");
        CliRun c = CliRun.splat("compress", ply.toString(), tuned.toString(), "--quality", "medium", "--prune", "0.2",
                "--distill", "--fine-tune", "8", "--json", "--threads", "2");
        assertEquals(ExitCodes.OK, c.code(), c.err());
        assertTrue(c.err().contains("fine-tune: 8 steps over 100 views"), "pseudo views: " + c.err());
        JsonNode j = new ObjectMapper().readTree(c.out());
        assertTrue(j.get("psnrOut").isNull(), "no dataset, no test-view PSNR");
        try (CpuDevice dev = new CpuDevice(1)) {
            assertEquals(j.get("gaussiansOut").asInt(), new SceneCodec(dev).decode(Files.readAllBytes(tuned)).size());
        }
        Path data = dir.resolve("shapes-d");
        assertEquals(ExitCodes.OK, CliRun.splat("scene", "generate", "shapes", "--out", data.toString(), "--width",
                "24", "--height", "24", "--train", "2", "--test", "1", "--samples", "1").code());
        CliRun both = CliRun.splat("compress", ply.toString(), dir.resolve("both.sfz").toString(), "--distill",
                "--dataset", data.toString());
        assertEquals(ExitCodes.USAGE, both.code(), both.err());
        assertTrue(both.err().contains("--distill"), both.err());
        assertFalse(Files.exists(dir.resolve("both.sfz")));
    }

    @Test
    void usageErrorsAreReportedBeforeAnyWork() throws IOException {
        Path ply = scene("u.ply", 300, 0, 1);
        assertEquals(ExitCodes.USAGE, CliRun.splat("compress", ply.toString(), dir.resolve("x.ply").toString()).code());
        Path sfz = dir.resolve("u.sfz");
        Files.writeString(sfz, "existing");
        CliRun exists = CliRun.splat("compress", ply.toString());
        assertEquals(ExitCodes.USAGE, exists.code());
        assertTrue(exists.err().contains("--overwrite"), exists.err());
        assertEquals("existing", Files.readString(sfz));
        assertEquals(ExitCodes.OK, CliRun.splat("compress", ply.toString(), "-w").code());
        assertEquals(ExitCodes.USAGE, CliRun.splat("compress", ply.toString(), "--quality", "tiny", "-w").code());
        assertEquals(ExitCodes.USAGE, CliRun.splat("compress", "--batch", dir.toString()).code());
        assertEquals(ExitCodes.USAGE, CliRun.splat("compress", ply.toString(), "--jobs", "2", "-w").code());
        assertEquals(ExitCodes.IO, CliRun.splat("compress", dir.resolve("missing.ply").toString()).code());
        assertEquals(ExitCodes.IO, CliRun.splat("decompress", dir.resolve("missing.sfz").toString()).code());
    }

    @Test
    void batchWithOneCorruptInputWritesTheOthersAndExitsWithBadInput() throws IOException {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        for (int i = 0; i < 4; i++) {
            SceneFiles.write(in.resolve("s" + i + ".ply"), SyntheticCloud.scene(800 + 100 * i, 3, i));
        }
        Files.write(in.resolve("s2.ply"), Arrays.copyOf(Files.readAllBytes(in.resolve("s2.ply")), 900));
        Path out = dir.resolve("out");
        CliRun r = CliRun.splat("compress", "--batch", in.toString(), "--out", out.toString(), "--jobs", "2");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("s2.ply"), r.err());
        assertTrue(r.err().contains("4 files: 3 compressed, 0 skipped (already done), 1 failed"), r.err());
        for (String s : List.of("s0", "s1", "s3")) {
            assertTrue(Files.exists(out.resolve(s + ".sfz")), s);
        }
        assertFalse(Files.exists(out.resolve("s2.sfz")));
        List<FileResult> rows = BatchManifest.readArrow(out.resolve(BatchManifest.ARROW_NAME));
        assertEquals(List.of(FileStatus.DONE, FileStatus.DONE, FileStatus.FAILED, FileStatus.DONE),
                rows.stream().map(FileResult::status).toList());
        assertTrue(Files.readString(out.resolve(BatchManifest.TEXT_NAME)).contains("failed: s2.ply"));

        CliRun again = CliRun.splat("compress", "--batch", in.toString(), "--out", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, again.code(), "still failing: " + again.err());
        assertTrue(again.err().contains("4 files: 0 compressed, 3 skipped (already done), 1 failed"), again.err());
        Files.delete(in.resolve("s2.ply"));
        CliRun clean = CliRun.splat("compress", "--batch", in.toString(), "--out", out.toString());
        assertEquals(ExitCodes.OK, clean.code(), clean.err());
    }
}
