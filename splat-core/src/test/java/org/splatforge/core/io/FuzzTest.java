package org.splatforge.core.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.testing.SharedData;

/**
 * Feeds seeded mutations of valid files (bit flips, overwritten runs, truncations,
 * inflated counts) to the readers. Allowed outcomes: a clean read or a
 * CorruptDataException; anything else (IndexOutOfBounds, OutOfMemoryError, a hang) fails
 * with the seed and iteration to replay. Memory stays bounded: the reading thread may
 * allocate at most 256 MiB per file (these files are a few KiB; a lying header taken at
 * its word would ask for gigabytes).
 */
class FuzzTest {

    private static final long MAX_ALLOCATION = 256L << 20;
    private static final int ITERATIONS = 300;

    @TempDir
    Path dir;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ply", "spz4", "spz3", "splat", "arrow"})
    void mutatedFilesFailCleanly(String kind) throws IOException {
        long seed = SharedData.seed("fuzz " + kind, kind.hashCode());
        SplittableRandom r = new SplittableRandom(seed);
        String ext = kind.startsWith("spz") ? ".spz" : "." + kind;
        Path src = dir.resolve("src" + ext);
        SceneFiles.write(src, SyntheticClouds.random(40, kind.equals("splat") ? 0 : 2, seed),
                WriteOptions.DEFAULT.withSpzVersion(kind.equals("spz3") ? 3 : 4));
        byte[] valid = Files.readAllBytes(src);
        int clean = 0, rejected = 0;
        for (int it = 0; it < ITERATIONS; it++) {
            byte[] b = mutate(kind, valid, r);
            Path f = dir.resolve("m" + it + ext);
            Files.write(f, b);
            long before = allocated();
            try {
                SceneFiles.read(f);
                clean++;
            } catch (CorruptDataException e) {
                assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail(kind + " fuzz seed " + seed + ", iteration " + it + ": " + t, t);
            }
            long used = allocated() - before;
            if (used > MAX_ALLOCATION) {
                fail(kind + " fuzz seed " + seed + ", iteration " + it + ": allocated " + used + " bytes for a " + b.length + "-byte file");
            }
            Files.delete(f);
        }
        System.out.println("[fuzz] " + kind + ": " + clean + " read, " + rejected + " rejected");
        assertTrue(rejected > ITERATIONS / 10, "mutations must exercise the error paths");
    }

    private static byte[] mutate(String kind, byte[] valid, SplittableRandom r) throws IOException {
        byte[] b = valid.clone();
        switch (r.nextInt(5)) {
            case 0 -> { // bit flips
                for (int k = 1 + r.nextInt(8); k > 0; k--) {
                    int i = r.nextInt(b.length);
                    b[i] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // an overwritten run, biased to the header
                int i = r.nextInt(Math.min(b.length, r.nextBoolean() ? 64 : b.length));
                for (int k = 0; k < 1 + r.nextInt(16) && i + k < b.length; k++) {
                    b[i + k] = (byte) r.nextInt(256);
                }
            }
            case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncation
            case 3 -> b = inflate(kind, b, r); // a count that lies
            default -> { // flips in a gzip payload (re-compressed so the CRC holds), else more flips
                if (kind.equals("spz3")) {
                    byte[] raw = gunzip(b);
                    for (int k = 1 + r.nextInt(4); k > 0; k--) {
                        raw[r.nextInt(Math.min(raw.length, 16))] ^= (byte) (1 << r.nextInt(8));
                    }
                    b = gzip(raw);
                } else {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    private static byte[] inflate(String kind, byte[] b, SplittableRandom r) throws IOException {
        long[] lies = {0, 1, 41, 1000, 1L << 20, 100_000_000L, Integer.MAX_VALUE, 0xffffffffL, 1L << 40, Long.MAX_VALUE};
        long lie = lies[r.nextInt(lies.length)];
        switch (kind) {
            case "ply" -> {
                String s = new String(b, StandardCharsets.ISO_8859_1).replaceFirst("element vertex 40", "element vertex " + lie);
                return s.getBytes(StandardCharsets.ISO_8859_1);
            }
            case "spz4" -> {
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) lie);
                return b;
            }
            case "spz3" -> {
                byte[] raw = gunzip(b);
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) lie);
                return gzip(raw);
            }
            default -> { // no count in the file: flip bytes in the last 64 (Arrow's footer)
                for (int k = 0; k < 4; k++) {
                    b[b.length - 1 - r.nextInt(Math.min(64, b.length))] = (byte) r.nextInt(256);
                }
                return b;
            }
        }
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(out)) {
            o.write(raw);
        }
        return out.toByteArray();
    }
}
