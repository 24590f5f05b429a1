package org.splatforge.compress.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.io.SceneFormats;
import org.splatforge.core.io.SceneHeader;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.testing.Clouds;

/** The archive as a scene format: found through the service file, by extension and by magic. */
class SfzSceneFormatTest {

    @TempDir
    Path dir;

    @Test
    void registeredThroughTheServiceFileAndChosenByExtensionAndMagic() throws IOException {
        assertInstanceOf(SfzSceneFormat.class, SceneFormats.byName("sfz"));
        assertInstanceOf(SfzSceneFormat.class, SceneFormats.byExtension(Path.of("x/scene.SFZ")));
        System.out.println("synthetic cloud n=1500 degree 2 seed 3");
        GaussianCloud c = SyntheticCloud.scene(1500, 2, 3);
        Path f = dir.resolve("scene.sfz");
        SceneFiles.write(f, c);
        byte[] written = Files.readAllBytes(f);
        try (CpuDevice dev = new CpuDevice(2)) {
            byte[] direct = new SceneCodec(dev).encode(c, CodecOptions.preset(SfzSceneFormat.DEFAULT_QUALITY));
            assertTrue(Arrays.equals(direct, written), "SceneFiles.write is the codec with the default preset");
            GaussianCloud viaFormat = SceneFiles.read(f);
            Clouds.assertIdentical(new SceneCodec(dev).decode(written), viaFormat);
        }
        // Content decides: the same bytes under a misleading name are still read as an archive.
        Path renamed = dir.resolve("scene.ply");
        Files.write(renamed, written);
        assertInstanceOf(SfzSceneFormat.class, SceneFormats.forReading(renamed));
        assertEquals(1500, SceneFiles.read(renamed).size() + countPruned(c));
    }

    private static int countPruned(GaussianCloud c) {
        int p = 0;
        for (int i = 0; i < c.size(); i++) {
            p += c.opacity(i) < 1 / 255f ? 1 : 0;
        }
        return p;
    }

    @Test
    void probeReadsTheHeaderWithoutDecoding() throws IOException {
        GaussianCloud c = SyntheticCloud.scene(2000, 3, 5);
        Path f = dir.resolve("p.sfz");
        try (CpuDevice dev = new CpuDevice(1)) {
            new SceneCodec(dev).write(c, CodecOptions.preset(Quality.HIGH), f);
        }
        SceneHeader h = SceneFiles.probe(f);
        assertEquals("sfz", h.format());
        assertEquals(SceneFiles.read(f).size(), h.count());
        assertEquals(3, h.shDegree());
        assertEquals("high", h.details().get("quality"));
        assertTrue(h.details().get("sections (bytes)").startsWith("HEAD "), h.details().toString());
        assertTrue(h.details().get("source Gaussians").startsWith("2,000"), h.details().toString());
    }

    @Test
    void lossyArchiveCanBeWrittenFromAnyFormatAndTruncationIsCorruptData() throws IOException {
        GaussianCloud c = SyntheticCloud.scene(700, 1, 9);
        Path ply = dir.resolve("in.ply");
        SceneFiles.write(ply, c);
        Path sfz = dir.resolve("out.sfz");
        SceneFiles.write(sfz, SceneFiles.read(ply));
        byte[] b = Files.readAllBytes(sfz);
        Path cut = dir.resolve("cut.sfz");
        Files.write(cut, Arrays.copyOf(b, b.length - 7));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> SceneFiles.read(cut));
        assertTrue(e.getMessage().contains("cut.sfz"), e.getMessage());
    }
}
