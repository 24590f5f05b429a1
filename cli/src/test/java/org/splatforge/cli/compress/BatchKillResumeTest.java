package org.splatforge.cli.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.cli.CliRun;
import org.splatforge.cli.ExitCodes;
import org.splatforge.compress.batch.BatchManifest;
import org.splatforge.compress.batch.FileResult;
import org.splatforge.compress.batch.FileStatus;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.runtime.CpuDevice;

/**
 * A real batch process killed with SIGKILL part-way, then run again: every output present
 * after the kill is a complete archive (atomic writes), the second run skips exactly those,
 * and the final outputs are the bytes a single uninterrupted encode gives.
 */
class BatchKillResumeTest {

    @TempDir
    Path dir;

    @Test
    void killedBatchLeavesOnlyCompleteOutputsAndResumes() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        int files = 10;
        System.out.println("synthetic clouds n=6000 degree 3, seeds 0.." + (files - 1));
        for (int i = 0; i < files; i++) {
            SceneFiles.write(in.resolve(String.format("scene%02d.ply", i)), SyntheticCloud.scene(6000, 3, i));
        }
        Path out = dir.resolve("out");
        Path log = dir.resolve("batch.log");
        Process p = start(log, "compress", "--batch", in.toString(), "--out", out.toString(), "--jobs", "1",
                "--threads", "1");
        // Kill as soon as the first output appears (if the machine is so fast that the run
        // ends first, the resume below still checks the skip path, just with every file).
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (p.isAlive() && outputs(out).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the batch process ends when killed");
        Set<String> survivors = outputs(out);
        System.out.println("outputs after the kill: " + survivors);
        assertTrue(!survivors.isEmpty(), "the batch made progress before the kill: " + Files.readString(log));
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            for (String s : survivors) {
                codec.decode(Files.readAllBytes(out.resolve(s))); // complete: decodes, every CRC matches
            }
        }

        CliRun resumed = CliRun.splat("compress", "--batch", in.toString(), "--out", out.toString(), "--jobs", "2");
        assertEquals(ExitCodes.OK, resumed.code(), resumed.err());
        List<FileResult> rows = BatchManifest.readArrow(out.resolve(BatchManifest.ARROW_NAME));
        assertEquals(files, rows.size());
        Set<String> skipped = new TreeSet<>();
        for (FileResult r : rows) {
            if (r.status() == FileStatus.SKIPPED) {
                skipped.add(r.output());
            } else {
                assertEquals(FileStatus.DONE, r.status(), r.toString());
            }
        }
        assertEquals(survivors, skipped, "exactly the outputs finished before the kill are skipped");
        try (CpuDevice dev = new CpuDevice(2); Stream<Path> left = Files.list(out)) {
            SceneCodec codec = new SceneCodec(dev);
            for (int i = 0; i < files; i++) {
                String name = String.format("scene%02d", i);
                byte[] want = codec.encode(SceneFiles.read(in.resolve(name + ".ply")),
                        CodecOptions.preset(Quality.MEDIUM));
                assertArrayEquals(want, Files.readAllBytes(out.resolve(name + ".sfz")), name);
            }
            List<String> tmp = left.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), tmp, "no temporary files left");
        }
    }

    private static Set<String> outputs(Path out) throws IOException {
        Set<String> s = new TreeSet<>();
        if (!Files.isDirectory(out)) {
            return s;
        }
        try (Stream<Path> l = Files.list(out)) {
            l.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sfz")).forEach(s::add);
        }
        return s;
    }

    /** {@code splat ARGS} in a new JVM with this test's class path. */
    private static Process start(Path log, String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-cp", cp, "org.splatforge.cli.Splat"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile()).start();
    }
}
