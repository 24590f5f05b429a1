package org.splatforge.core.io.splat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.testing.Clouds;
import org.splatforge.core.testing.SharedData;

/** antimatter15 .splat: layout, and round trips within its 8-bit precision. */
class SplatFormatTest {

    /**
     * Positions exact; scales through exp/log in float (relative 1e-6, absolute here
     * 1e-5 in log space); colour half of 1/255 divided by C0; opacity half of 1/255 after
     * the sigmoid; quaternion components to 1/128 before renormalisation (about 0.008).
     */
    static final Clouds.Tolerance SPLAT = new Clouds.Tolerance(0, 1e-5, 0.01, 0.5 / 255 + 1e-5,
            0.5 / 255 / SplatFormat.SH_C0 + 1e-5, 0, 0);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} Gaussians")
    @ValueSource(ints = {1, 15, 16, 17, 40000})
    void roundTripWithinPrecision(int n) throws IOException {
        GaussianCloud c = SyntheticClouds.random(n, 0, SharedData.seed("splat round trip " + n, n));
        Path f = dir.resolve("c.splat");
        SceneFiles.write(f, c);
        assertEquals(32L * n, Files.size(f));
        Clouds.assertClose(c, SceneFiles.read(f), SPLAT);
    }

    @Test
    void dropsHigherBands() throws IOException {
        GaussianCloud c = SyntheticClouds.random(10, 3, 9);
        Path f = dir.resolve("c.splat");
        SceneFiles.write(f, c);
        Clouds.assertClose(c.withShDegree(0), SceneFiles.read(f), SPLAT);
    }

    @Test
    void layoutMatchesTheViewer() throws IOException {
        GaussianCloud c = GaussianCloud.create(1, 0);
        c.means()[0] = 1.5f;
        c.logScales()[1] = (float) Math.log(0.25);
        c.sh()[0] = (float) (0.5 / SplatFormat.SH_C0); // colour 1.0 -> 255
        c.opacityLogits()[0] = 0; // alpha 0.5 -> 128 (127.5 rounds up)
        c.quats()[0] = 0;
        c.quats()[1] = 1; // 180 degrees about x: w 0 -> 128, x 1 -> 255 (clamped from 256)
        Path f = dir.resolve("one.splat");
        SceneFiles.write(f, c);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, b.getFloat(0));
        assertEquals(0.25f, b.getFloat(16), 1e-7);
        assertEquals(255, b.get(24) & 0xff);
        assertEquals(128, b.get(27) & 0xff);
        assertEquals(128, b.get(28) & 0xff);
        assertEquals(255, b.get(29) & 0xff);
    }

    @Test
    void emptySceneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SceneFiles.write(dir.resolve("e.splat"), GaussianCloud.create(0, 0)));
    }
}
