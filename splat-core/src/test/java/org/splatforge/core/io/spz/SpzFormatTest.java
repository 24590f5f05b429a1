package org.splatforge.core.io.spz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.io.SceneHeader;
import org.splatforge.core.io.WriteOptions;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.testing.Clouds;
import org.splatforge.core.testing.SharedData;

/**
 * SPZ round trips within the format's quantization (SpzPacked's javadoc), the RUB axes on
 * disk, and the rotation encodings.
 */
class SpzFormatTest {

    /**
     * Worst-case errors of SPZ's quantizers for the value ranges SyntheticClouds draws:
     * position half a 2^-12 step; log-scale half of 1/16; opacity half of 1/255 after the
     * sigmoid; DC half of 1/(0.15*255); SH rounding to 1/128 then to the nearest 8/128
     * (band 1) or 16/128 bucket; v3 rotation components to about 1/1022 each plus the
     * recomputed largest one.
     */
    static final Clouds.Tolerance SPZ = new Clouds.Tolerance(0.5 / 4096 + 1e-6, 1 / 32.0 + 1e-5, 0.004, 0.5 / 255 + 1e-5,
            0.5 / (0.15 * 255) + 1e-5, 4.5 / 128 + 1e-5, 8.5 / 128 + 1e-5);
    /** v2 stores x, y, z to 1/127.5 and recomputes w = sqrt(1 - |xyz|^2), which loses precision when w is small. */
    static final Clouds.Tolerance SPZ_V2 = new Clouds.Tolerance(SPZ.position(), SPZ.logScale(), 0.1, SPZ.opacity(), SPZ.dc(),
            SPZ.sh1(), SPZ.shRest());

    @TempDir
    Path dir;

    @ParameterizedTest(name = "v{0}, degree {1}, {2} Gaussians")
    @CsvSource({"4,0,1", "4,1,17", "4,2,16", "4,3,1000", "3,0,15", "3,3,333", "2,1,64", "2,3,100"})
    void roundTripWithinPrecision(int version, int degree, int n) throws IOException {
        GaussianCloud c = SyntheticClouds.random(n, degree, SharedData.seed("spz v" + version + " d" + degree, 100 + n));
        Path f = dir.resolve("c.spz");
        SceneFiles.write(f, c, WriteOptions.DEFAULT.withSpzVersion(version));
        GaussianCloud back = SceneFiles.read(f);
        Clouds.assertClose(c, back, version == 2 ? SPZ_V2 : SPZ);
        SceneHeader h = SceneFiles.probe(f);
        assertEquals("spz", h.format());
        assertEquals(n, h.count());
        assertEquals(degree, h.shDegree());
        assertEquals(Integer.toString(version), h.details().get("version"));
        byte[] b = Files.readAllBytes(f);
        if (version == 4) {
            assertEquals('N', b[0]);
            assertEquals(degree == 0 ? 5 : 6, b[15], "numStreams");
        } else {
            assertEquals(0x1f, b[0] & 0xff);
        }
    }

    @Test
    void storesRubAxesOnDisk() throws IOException {
        GaussianCloud c = GaussianCloud.create(1, 1);
        c.means()[0] = 1;
        c.means()[1] = 2;
        c.means()[2] = 3;
        Path f = dir.resolve("axes.spz");
        SceneFiles.write(f, c);
        byte[] b = Files.readAllBytes(f);
        SpzHeader h = SpzReader.v4Header(f, b);
        long comp = SpzReader.i64(b, 32);
        byte[] pos = new byte[9];
        new ZstdDecompressor().decompress(b, 32 + h.numStreams() * 16, (int) comp, pos, 0, 9);
        int[] fixed = new int[3];
        for (int a = 0; a < 3; a++) {
            fixed[a] = (pos[a * 3] & 0xff) | (pos[a * 3 + 1] & 0xff) << 8 | pos[a * 3 + 2] << 16;
        }
        // RDF (1, 2, 3) is RUB (1, -2, -3), in units of 2^-12.
        assertEquals(4096, fixed[0]);
        assertEquals(-2 * 4096, fixed[1]);
        assertEquals(-3 * 4096, fixed[2]);
    }

    @Test
    void smallestThreeRoundTrips() {
        SplittableRandom r = new SplittableRandom(SharedData.seed("smallest three", 3));
        float[] q = new float[4], back = new float[4];
        byte[] buf = new byte[4];
        for (int t = 0; t < 10000; t++) {
            double n2 = 0;
            for (int a = 0; a < 4; a++) {
                q[a] = (float) r.nextGaussian();
                n2 += q[a] * q[a];
            }
            for (int a = 0; a < 4; a++) {
                q[a] /= (float) Math.sqrt(n2);
            }
            SpzPacked.packSmallestThree(q, buf, 0);
            SpzPacked.unpackSmallestThree(buf, 0, back);
            double dot = 0;
            for (int a = 0; a < 4; a++) {
                dot += q[a] * back[a];
            }
            for (int a = 0; a < 4; a++) {
                float expect = dot < 0 ? -q[a] : q[a];
                assertEquals(expect, back[a], 0.003, "component " + a + " of trial " + t);
            }
        }
    }

    @Test
    void largeScenesUseFewerFractionalBits() throws IOException {
        GaussianCloud c = SyntheticClouds.random(20, 0, 4);
        c.means()[5] = 5000; // beyond 2048: 12 fractional bits would overflow 24 bits
        Path f = dir.resolve("big.spz");
        SceneFiles.write(f, c);
        assertEquals("10", SceneFiles.probe(f).details().get("fractional bits"));
        GaussianCloud back = SceneFiles.read(f);
        assertEquals(5000, back.means()[5], 0.5 / 1024);
    }

    @Test
    void axesFlipMatchesTheSpzLibrarysTable() {
        // The SPZ library's RUB<->RDF flips for the 15 SH coefficients (3DGS order), as parities give them.
        float[] expected = {-1, -1, 1, -1, 1, 1, -1, 1, -1, 1, -1, -1, 1, -1, 1};
        for (int k = 1; k <= 15; k++) {
            assertEquals(expected[k - 1], SpzAxes.RUB.sh(k), "coefficient " + k);
        }
        assertEquals(1, SpzAxes.RUB.quat(0));
        assertEquals(-1, SpzAxes.RUB.quat(1));
        assertEquals(-1, SpzAxes.RUB.quat(2));
        SpzAxes rdf = SpzAxes.forCoordinateSystem(6);
        for (int k = 1; k <= 15; k++) {
            assertEquals(1, rdf.sh(k));
        }
        assertTrue(SpzAxes.forCoordinateSystem(9) == null, "rotated family is refused");
    }
}
