package org.splatforge.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.io.WriteOptions;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.util.Log;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splat bench io}: write and read a fixed synthetic scene (seeded; 1,000,000
 * Gaussians of SH degree 3 by default) in every format and print JSON with the best of
 * {@code --repeat} times and the throughput in MB/s of file bytes (10^6 bytes). Writes
 * include the fsync and rename of the atomic write; reads start from the page cache (the
 * file was just written), so they measure decoding, not the disk.
 */
@Command(name = "io", mixinStandardHelpOptions = true,
        description = "Time reading and writing a synthetic scene in each format; prints JSON.")
public final class BenchIoCommand implements Callable<Integer> {

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000000", description = "Gaussians (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--sh-degree", paramLabel = "D", defaultValue = "3", description = "SH degree (default: ${DEFAULT-VALUE}).")
    int degree;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "3", description = "Runs per format; the best is reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--formats", paramLabel = "LIST", split = ",", defaultValue = "ply,splat,spz,spz-v3,arrow",
            description = "Formats to time: ply, splat, spz (v4), spz-v3 (gzip), arrow (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder for the temporary files (default: the system temp folder).")
    Path dir;

    @Option(names = "--seed", defaultValue = "1", description = "Scene seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || repeat < 1) {
            throw new IllegalArgumentException("--count and --repeat must be >= 1");
        }
        Path work = Files.createTempDirectory(dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir, "splat-bench-io-");
        Map<String, Object> out = new LinkedHashMap<>();
        try (Device device = deviceOptions.open()) {
            GaussianCloud cloud = SyntheticClouds.random(count, degree, seed);
            out.put("benchmark", "io");
            out.put("count", count);
            out.put("shDegree", degree);
            out.put("seed", seed);
            out.put("threads", device.parallelism());
            out.put("repeat", repeat);
            out.put("java", Runtime.version().toString());
            List<Map<String, Object>> results = new ArrayList<>();
            for (String f : formats) {
                String ext = switch (f) {
                    case "ply" -> ".ply";
                    case "splat" -> ".splat";
                    case "spz", "spz-v3", "spz-v2" -> ".spz";
                    case "arrow" -> ".arrow";
                    default -> throw new IllegalArgumentException("unknown format '" + f + "' in --formats");
                };
                int spzVersion = f.equals("spz-v3") ? 3 : f.equals("spz-v2") ? 2 : 4;
                Path file = work.resolve("bench-" + f + ext);
                WriteOptions wo = WriteOptions.DEFAULT.withSpzVersion(spzVersion).withDevice(device);
                ReadOptions ro = ReadOptions.DEFAULT.withDevice(device);
                double bestWrite = Double.MAX_VALUE, bestRead = Double.MAX_VALUE;
                for (int r = 0; r < repeat; r++) {
                    long t0 = System.nanoTime();
                    SceneFiles.write(file, cloud, wo);
                    long t1 = System.nanoTime();
                    GaussianCloud back = SceneFiles.read(file, ro);
                    long t2 = System.nanoTime();
                    if (back.size() != count) {
                        throw new IllegalStateException(f + ": read " + back.size() + " Gaussians, wrote " + count);
                    }
                    bestWrite = Math.min(bestWrite, (t1 - t0) / 1e9);
                    bestRead = Math.min(bestRead, (t2 - t1) / 1e9);
                }
                long bytes = Files.size(file);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("format", f);
                m.put("bytes", bytes);
                m.put("writeSeconds", round(bestWrite));
                m.put("readSeconds", round(bestRead));
                m.put("writeMBps", round(bytes / 1e6 / bestWrite));
                m.put("readMBps", round(bytes / 1e6 / bestRead));
                results.add(m);
                Log.info("%s: %,d bytes, write %.3f s, read %.3f s", f, bytes, bestWrite, bestRead);
                Files.delete(file);
            }
            out.put("results", results);
        } finally {
            try (var s = Files.list(work)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        return ExitCodes.OK;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
