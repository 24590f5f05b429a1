package org.splatforge.compress.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

/** Batch compression: parallel, resumable, one bad file skipped, manifest as Arrow. */
class BatchCompressorTest {

    @TempDir
    Path dir;

    private static final CompressSettings SETTINGS = new CompressSettings(CodecOptions.preset(Quality.MEDIUM), null,
            null, false);

    /** Inputs: a.ply, c.splat, sub/b.spz (good), bad.ply (truncated), plus files that are not inputs. */
    private Path inputs() throws IOException {
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("sub"));
        System.out.println("synthetic clouds, seeds 1..3");
        SceneFiles.write(in.resolve("a.ply"), SyntheticCloud.scene(1800, 3, 1));
        SceneFiles.write(in.resolve("sub/b.spz"), SyntheticCloud.scene(1300, 2, 2));
        SceneFiles.write(in.resolve("c.splat"), SyntheticCloud.scene(900, 0, 3));
        Path good = in.resolve("bad.ply");
        SceneFiles.write(good, SyntheticCloud.scene(500, 3, 4));
        byte[] b = Files.readAllBytes(good);
        Files.write(good, Arrays.copyOf(b, b.length - 1000)); // the body ends early
        Files.writeString(in.resolve("notes.txt"), "not a scene");
        Files.writeString(in.resolve(".hidden.ply"), "editor backup");
        return in;
    }

    private static BatchResult run(Path in, Path out, int jobs, boolean overwrite) throws IOException {
        return BatchCompressor.run(in, out, jobs, overwrite, SETTINGS, k -> new CpuDevice(1), new BatchListener() {
        });
    }

    @Test
    void compressesGoodFilesReportsTheBadOneAndWritesAnArrowManifest() throws IOException {
        Path in = inputs();
        Path out = dir.resolve("out");
        List<String> seen = new ArrayList<>();
        AtomicInteger startedTotal = new AtomicInteger(-1);
        BatchResult r = BatchCompressor.run(in, out, 2, false, SETTINGS, k -> new CpuDevice(1), new BatchListener() {
            @Override
            public void started(int total, int skipped) {
                startedTotal.set(total);
            }

            @Override
            public void finished(FileResult row, int finished, int toDo) {
                seen.add(row.file());
            }
        });
        assertEquals(4, startedTotal.get());
        assertEquals(4, seen.size(), "the listener hears about every file: " + seen);
        List<String> files = r.rows().stream().map(FileResult::file).toList();
        assertEquals(List.of("a.ply", "bad.ply", "c.splat", "sub/b.spz"), files);
        FileResult bad = r.rows().get(1);
        assertEquals(FileStatus.FAILED, bad.status());
        assertTrue(bad.error().contains("bad.ply"), bad.error());
        assertInstanceOf(CorruptDataException.class, r.failures().get("bad.ply"));
        assertFalse(Files.exists(out.resolve("bad.sfz")), "nothing under a failed file's output name");
        assertTrue(r.anyFailed());
        assertEquals(3, r.count(FileStatus.DONE));

        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            for (FileResult row : r.rows()) {
                if (row.status() != FileStatus.DONE) {
                    continue;
                }
                GaussianCloud src = SceneFiles.read(in.resolve(row.file()));
                byte[] want = codec.encode(src, SETTINGS.options());
                byte[] got = Files.readAllBytes(out.resolve(row.output()));
                assertArrayEquals(want, got, row.file() + ": same bytes with 2 jobs x 1 thread as with 1 x 2");
                assertEquals(src.size(), row.gaussiansIn());
                assertEquals(codec.decode(got).size(), row.gaussiansOut());
                assertEquals(Files.size(in.resolve(row.file())), row.bytesIn());
                assertEquals(got.length, row.bytesOut());
                assertEquals((double) row.bytesIn() / row.bytesOut(), row.ratio(), 1e-12);
                assertTrue(Double.isNaN(row.psnrOut()), "no views, no PSNR");
            }
        }
        assertTrue(Files.exists(out.resolve("sub/b.sfz")), "the input tree is mirrored");

        // The manifest is a real Arrow IPC file: read it with Arrow's own reader.
        try (RootAllocator alloc = new RootAllocator();
             var ch = Files.newByteChannel(r.manifest());
             ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals(BatchManifest.COLUMNS, root.getSchema().getFields().stream().map(f -> f.getName()).toList());
            assertTrue(reader.loadNextBatch());
            assertEquals(4, root.getRowCount());
            VarCharVector status = (VarCharVector) root.getVector("status");
            VarCharVector file = (VarCharVector) root.getVector("file");
            assertEquals("bad.ply", new String(file.get(1), StandardCharsets.UTF_8));
            assertEquals("failed", new String(status.get(1), StandardCharsets.UTF_8));
            assertEquals("done", new String(status.get(0), StandardCharsets.UTF_8));
            assertTrue(root.getVector("psnr_out").isNull(0));
            assertTrue(root.getVector("bytes_out").isNull(1));
        }
        // Records compare double components with Double.compare, so NaN fields match NaN.
        assertEquals(r.rows(), BatchManifest.readArrow(r.manifest()));
        String text = Files.readString(r.summary());
        assertTrue(text.contains("4 files: 3 compressed, 0 skipped (already done), 1 failed"), text);
        assertTrue(text.contains("failed: bad.ply: "), text);
    }

    @Test
    void aSecondRunSkipsFinishedOutputsRedoesDamagedOnesAndCleansTemporaries() throws IOException {
        Path in = inputs();
        Path out = dir.resolve("out");
        BatchResult first = run(in, out, 1, false);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(out.resolve("a.sfz"), old);
        Files.setLastModifiedTime(out.resolve("sub/b.sfz"), old);
        byte[] c = Files.readAllBytes(out.resolve("c.sfz"));
        Files.write(out.resolve("c.sfz"), Arrays.copyOf(c, 30)); // damaged (not by us: our writes are atomic)
        Path stale = out.resolve(".a.sfz.8123456.tmp");
        Files.writeString(stale, "half an archive from a killed run");

        BatchResult second = run(in, out, 2, false);
        assertFalse(Files.exists(stale), "temporary files of an interrupted run are removed");
        assertEquals(old, Files.getLastModifiedTime(out.resolve("a.sfz")), "finished outputs are not rewritten");
        assertEquals(old, Files.getLastModifiedTime(out.resolve("sub/b.sfz")));
        assertArrayEquals(c, Files.readAllBytes(out.resolve("c.sfz")), "the damaged output was redone");
        List<FileStatus> st = second.rows().stream().map(FileResult::status).toList();
        assertEquals(List.of(FileStatus.SKIPPED, FileStatus.FAILED, FileStatus.DONE, FileStatus.SKIPPED), st);
        // Skipped rows keep what the run that made them measured.
        assertEquals(first.rows().get(0).seconds(), second.rows().get(0).seconds(), 0);
        assertEquals(first.rows().get(0).gaussiansOut(), second.rows().get(0).gaussiansOut());
        assertEquals(4, BatchManifest.readArrow(second.manifest()).size());

        // Without the previous manifest, skipped rows come from the archives' headers.
        Files.delete(second.manifest());
        BatchResult third = run(in, out, 1, false);
        FileResult a = third.rows().get(0);
        assertEquals(FileStatus.SKIPPED, a.status());
        assertEquals(1800, a.gaussiansIn());
        assertEquals(first.rows().get(0).gaussiansOut(), a.gaussiansOut());
        assertEquals("medium", a.quality());
        assertTrue(Double.isNaN(a.seconds()));

        BatchResult forced = run(in, out, 2, true);
        assertEquals(3, forced.count(FileStatus.DONE), "--overwrite redoes every file");
    }

    @Test
    void collidingOutputsAndBadFoldersAreUsageErrorsBeforeAnyWork() throws IOException {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        SceneFiles.write(in.resolve("x.ply"), SyntheticCloud.scene(300, 0, 1));
        SceneFiles.write(in.resolve("x.spz"), SyntheticCloud.scene(300, 0, 1));
        Path out = dir.resolve("out");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(in, out, 1, false));
        assertTrue(e.getMessage().contains("x.ply and x.spz -> x.sfz"), e.getMessage());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(BatchCompressor.LOCK_NAME), s.map(p -> p.getFileName().toString()).toList());
        }
        assertThrows(IllegalArgumentException.class, () -> run(in, in, 1, false));
        assertThrows(IllegalArgumentException.class, () -> run(dir.resolve("missing"), out, 1, false));
        assertThrows(IllegalArgumentException.class, () -> run(in, out, 0, false));
    }

    @Test
    void outputFolderInsideTheInputFolderIsNotScanned() throws IOException {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        SceneFiles.write(in.resolve("x.ply"), SyntheticCloud.scene(400, 1, 1));
        Path out = in.resolve("compressed");
        assertEquals(1, run(in, out, 1, false).count(FileStatus.DONE));
        BatchResult again = run(in, out, 1, false);
        assertEquals(1, again.rows().size(), "manifest.arrow in OUT_DIR is not taken for an input");
        assertEquals(FileStatus.SKIPPED, again.rows().get(0).status());
    }

    @Test
    void outputNamesReplaceTheLongestSceneExtension() {
        assertEquals("a/b.sfz", BatchCompressor.outputName("a/b.ply"));
        assertEquals("scene.sfz", BatchCompressor.outputName("scene.feather"));
        assertEquals("v1.2.sfz", BatchCompressor.outputName("v1.2.spz"));
    }
}
