package org.splatforge.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.testing.Clouds;

/** The registry: choosing formats by extension and content, and registering new ones. */
class SceneFilesTest {

    @TempDir
    Path dir;

    @Test
    void contentWinsOverALyingExtension() throws IOException {
        GaussianCloud c = SyntheticClouds.random(9, 1, 1);
        for (String ext : new String[] {".ply", ".spz", ".arrow"}) {
            Path real = dir.resolve("real" + ext);
            SceneFiles.write(real, c);
            Path liar = dir.resolve("liar" + ext + ".splat");
            Files.copy(real, liar);
            Path bare = dir.resolve("bare" + ext.substring(1));
            Files.copy(real, bare);
            assertEquals(ext.substring(1), SceneFormats.forReading(liar).name());
            assertEquals(ext.substring(1), SceneFormats.forReading(bare).name());
            assertEquals(9, SceneFiles.read(liar).size());
        }
        Path splat = dir.resolve("scene.splat");
        SceneFiles.write(splat, c);
        assertEquals("splat", SceneFormats.forReading(splat).name());
    }

    @Test
    void gzipSignatureDoesNotOverrideSplatButFindsMisnamedSpz() throws IOException {
        GaussianCloud c = SyntheticClouds.random(4, 0, 2);
        // x of Gaussian 0 whose little-endian bytes start 1f 8b, as gzip does
        c.means()[0] = Float.intBitsToFloat(0x3f808b1f);
        Path splat = dir.resolve("chance.splat");
        SceneFiles.write(splat, c);
        assertEquals(0x1f, Files.readAllBytes(splat)[0] & 0xff);
        assertEquals("splat", SceneFormats.forReading(splat).name());
        assertEquals(c.means()[0], SceneFiles.read(splat).means()[0]);
        Path spz = dir.resolve("gzip.spz");
        SceneFiles.write(spz, c, WriteOptions.DEFAULT.withSpzVersion(3));
        Path misnamed = dir.resolve("misnamed.ply");
        Files.copy(spz, misnamed);
        assertEquals("spz", SceneFormats.forReading(misnamed).name());
    }

    @Test
    void formatsCanRegister() throws IOException {
        SceneFormat ply = SceneFormats.byName("ply");
        SceneFormat custom = new SceneFormat() {
            @Override
            public String name() {
                return "test-double-ext";
            }

            @Override
            public String description() {
                return "a PLY under a longer extension, as a compressed archive format would register";
            }

            @Override
            public List<String> extensions() {
                return List.of(".test.ply");
            }

            @Override
            public boolean matches(byte[] head, int length) {
                return false;
            }

            @Override
            public GaussianCloud read(Path file, ReadOptions options) throws IOException {
                return ply.read(file, options);
            }

            @Override
            public void write(Path file, GaussianCloud cloud, WriteOptions options) throws IOException {
                ply.write(file, cloud, options);
            }

            @Override
            public SceneHeader probe(Path file) throws IOException {
                return ply.probe(file);
            }
        };
        SceneFormats.register(custom);
        assertEquals(custom, SceneFormats.forWriting(dir.resolve("a.test.ply")));
        assertEquals(ply, SceneFormats.forWriting(dir.resolve("a.ply")));
        SceneFormats.register(custom); // the same format twice: a no-op
        SceneFormat impostor = (SceneFormat) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SceneFormat.class}, (proxy, method, args) -> method.getName().equals("name") ? "ply" : null);
        assertThrows(IllegalArgumentException.class, () -> SceneFormats.register(impostor));
        GaussianCloud c = SyntheticClouds.random(3, 0, 2);
        SceneFiles.write(dir.resolve("a.test.ply"), c);
        Clouds.assertIdentical(c, SceneFiles.read(dir.resolve("a.test.ply")));
    }
}
