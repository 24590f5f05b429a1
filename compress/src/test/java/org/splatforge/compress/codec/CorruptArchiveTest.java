package org.splatforge.compress.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.container.Section;
import org.splatforge.compress.container.SectionInfo;
import org.splatforge.compress.container.SfzReader;
import org.splatforge.compress.container.SfzWriter;
import org.splatforge.compress.sh.ShBandMode;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Mutated-bytes fuzzing of whole archives. Two levels:
 * <ol>
 *   <li>plain mutations and truncations: the container's CRCs must reject every one;</li>
 *   <li>mutations whose CRCs are then repaired (what a malicious or buggy writer could
 *       produce): every section decoder must either decode a valid cloud or throw a
 *       {@link CorruptDataException}, never another exception, a hang or a huge allocation.</li>
 * </ol>
 */
class CorruptArchiveTest {

    private static final long SEED = 20250611;

    private static List<byte[]> archives(CpuDevice dev) {
        GaussianCloud src = SyntheticCloud.scene(700, 3, 5);
        SceneCodec codec = new SceneCodec(dev);
        List<byte[]> out = new ArrayList<>();
        out.add(codec.encode(src, CodecOptions.preset(Quality.MEDIUM).withBlockSize(256).withKeepOrder(true)));
        out.add(codec.encode(src, CodecOptions.preset(Quality.SMALL).withShModes(EnumSet.of(ShBandMode.VECTOR), 32)));
        out.add(codec.encode(src, CodecOptions.preset(Quality.LOSSLESS).withBlockSize(256)));
        return out;
    }

    private static GaussianCloud decode(SceneCodec codec, byte[] b) throws IOException {
        return codec.decode(new ByteArrayInputStream(b), "fuzz.sfz", DecodeOptions.defaults().withMaxGaussians(100_000));
    }

    @Test
    void plainMutationsAndTruncationsAreAllRejected() throws IOException {
        System.out.println("plainMutationsAndTruncationsAreAllRejected: seed " + SEED);
        Random r = new Random(SEED);
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            for (byte[] good : archives(dev)) {
                assertTrue(decode(codec, good).size() >= 600, "clean archive decodes (SMALL prunes invisible ones and 10%)");
                for (int trial = 0; trial < 400; trial++) {
                    byte[] bad = mutate(r, good, trial % 4);
                    CorruptDataException e = assertThrows(CorruptDataException.class, () -> decode(codec, bad),
                            "trial " + trial + " kind " + (trial % 4));
                    assertTrue(e.getMessage().startsWith("fuzz.sfz: at byte "), e.getMessage());
                }
            }
        }
    }

    private static byte[] mutate(Random r, byte[] good, int kind) {
        byte[] bad = good.clone();
        switch (kind) {
            case 0 -> bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> {
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    int i = r.nextInt(bad.length);
                    byte v = (byte) r.nextInt(256);
                    bad[i] = v == bad[i] ? (byte) (v + 1) : v;
                }
            }
            case 2 -> bad = java.util.Arrays.copyOf(good, r.nextInt(good.length));
            default -> {
                int i = r.nextInt(bad.length - 1); // delete one byte
                byte[] d = new byte[bad.length - 1];
                System.arraycopy(bad, 0, d, 0, i);
                System.arraycopy(bad, i + 1, d, i, bad.length - i - 1);
                bad = d;
            }
        }
        return bad;
    }

    @Test
    void crcRepairedMutationsNeverEscapeAsAnythingButCorruptData() throws IOException {
        System.out.println("crcRepairedMutationsNeverEscapeAsAnythingButCorruptData: seed " + SEED);
        Random r = new Random(SEED + 1);
        int rejected = 0, decoded = 0;
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            for (byte[] good : archives(dev)) {
                List<Section> sections = parse(good);
                for (int trial = 0; trial < 600; trial++) {
                    List<Section> bad = new ArrayList<>(sections);
                    int s = r.nextInt(bad.size());
                    byte[] p = bad.get(s).payload().clone();
                    if (p.length == 0) {
                        continue;
                    }
                    switch (trial % 3) {
                        case 0 -> p[r.nextInt(p.length)] ^= (byte) (1 << r.nextInt(8));
                        case 1 -> {
                            for (int k = 0; k < 3; k++) {
                                p[r.nextInt(p.length)] = (byte) r.nextInt(256);
                            }
                        }
                        default -> p = java.util.Arrays.copyOf(p, r.nextInt(p.length));
                    }
                    bad.set(s, new Section(bad.get(s).tag(), bad.get(s).critical(), p));
                    byte[] file = SfzWriter.toBytes(bad);
                    try {
                        GaussianCloud c = decode(codec, file);
                        assertTrue(c.size() <= 700);
                        decoded++;
                    } catch (CorruptDataException e) {
                        assertTrue(e.getMessage().contains("fuzz.sfz: at byte"), e.getMessage());
                        rejected++;
                    } catch (RuntimeException e) {
                        fail("section " + bad.get(s).tag() + " trial " + trial + ": escaped as " + e, e);
                    }
                }
            }
        }
        System.out.printf("  CRC-repaired mutations: %d rejected with CorruptDataException, %d decoded to a valid cloud%n",
                rejected, decoded);
        assertTrue(rejected > decoded, "most structural damage must be detected");
    }

    static List<Section> parse(byte[] file) throws IOException {
        SfzReader r = new SfzReader(new ByteArrayInputStream(file), "parse", Integer.MAX_VALUE);
        List<Section> out = new ArrayList<>();
        while (r.hasNext()) {
            SectionInfo info = r.peek();
            out.add(new Section(info.tag(), info.critical(), r.readNext()));
        }
        return out;
    }

    @Test
    void filesAreWrittenAtomicallyAndErrorsNameThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        try (CpuDevice dev = new CpuDevice(1)) {
            SceneCodec codec = new SceneCodec(dev);
            GaussianCloud src = SyntheticCloud.scene(300, 2, 9);
            java.nio.file.Path f = dir.resolve("scene.sfz");
            EncodeResult r = codec.write(src, CodecOptions.preset(Quality.LOSSLESS), f);
            SceneCodecRoundTripTest.assertBitEqual(src.subset(r.sourceIndex()), codec.read(f, DecodeOptions.defaults()));
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
                assertEquals(1, files.count(), "no temporary files left behind");
            }
            byte[] b = java.nio.file.Files.readAllBytes(f);
            java.nio.file.Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> codec.read(f, DecodeOptions.defaults()));
            assertTrue(e.getMessage().startsWith(f + ": at byte "), e.getMessage());
        }
    }

    @Test
    void absurdCountsAreRefusedBeforeAllocating() throws IOException {
        try (CpuDevice dev = new CpuDevice(1)) {
            SceneCodec codec = new SceneCodec(dev);
            List<Section> s = parse(archives(dev).get(0));
            Header h = new Header(1L << 40, Integer.MAX_VALUE, 3, 3, Quality.MEDIUM, false, false, 1 << 16);
            s.set(0, new Section("HEAD", true, h.encode()));
            byte[] file = SfzWriter.toBytes(s);
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> decode(codec, file));
            assertTrue(e.getMessage().contains("section 'HEAD'") && e.getMessage().contains("exceeds the decoder's limit"),
                    e.getMessage());
        }
    }

    @Test
    void unknownSectionsAreSkippedOrRefusedByTheirCriticalFlag() throws IOException {
        try (CpuDevice dev = new CpuDevice(1)) {
            SceneCodec codec = new SceneCodec(dev);
            byte[] good = archives(dev).get(0);
            GaussianCloud ref = decode(codec, good);
            List<Section> s = parse(good);
            s.add(3, new Section("xtra", false, new byte[] {1, 2, 3}));
            s.add(new Section("fut1", false, new byte[1000]));
            GaussianCloud withExtra = decode(codec, SfzWriter.toBytes(s));
            SceneCodecRoundTripTest.assertBitEqual(ref, withExtra);
            s.add(new Section("FUT2", true, new byte[0]));
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> decode(codec, SfzWriter.toBytes(s)));
            assertTrue(e.getMessage().contains("'FUT2'") && e.getMessage().contains("newer version"), e.getMessage());
            List<Section> swapped = parse(good);
            Section a = swapped.get(1);
            swapped.set(1, swapped.get(2));
            swapped.set(2, a);
            e = assertThrows(CorruptDataException.class, () -> decode(codec, SfzWriter.toBytes(swapped)));
            assertTrue(e.getMessage().contains("out of order"), e.getMessage());
        }
    }
}
