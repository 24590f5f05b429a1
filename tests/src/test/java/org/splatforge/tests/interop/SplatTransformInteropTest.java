package org.splatforge.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.io.WriteOptions;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.CloudStatistics;
import org.splatforge.core.scene.ColumnStats;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.testing.Clouds;
import org.splatforge.core.testing.SharedData;
import org.splatforge.core.testing.SplatTransform;

/**
 * Interoperability with a real peer, {@code @playcanvas/splat-transform} 2.7.1 (which
 * reads and writes SPZ through Niantic/Adobe's own spz library compiled to WebAssembly):
 * files we write are converted by it and read back by us, and files it writes are read by
 * us, comparing every attribute with the original within the precision of the lossy
 * format in between. Skipped, with the reason, when node or the tool is missing.
 */
class SplatTransformInteropTest {

    /** SPZ's quantization (see SpzFormatTest for the derivation of each bound). */
    static final Clouds.Tolerance SPZ = new Clouds.Tolerance(0.5 / 4096 + 1e-6, 1 / 32.0 + 1e-5, 0.004, 0.5 / 255 + 1e-5,
            0.5 / (0.15 * 255) + 1e-5, 4.5 / 128 + 1e-5, 8.5 / 128 + 1e-5);
    /** Our v2 writer's x, y, z to 1/127.5 with w recomputed: up to about 0.1 on components when w is near 0. */
    static final Clouds.Tolerance SPZ_V2 = new Clouds.Tolerance(SPZ.position(), SPZ.logScale(), 0.1, SPZ.opacity(), SPZ.dc(),
            SPZ.sh1(), SPZ.shRest());
    /**
     * .splat: colour and alpha to 1/255; quaternion bytes: we encode q*128+128 and
     * splat-transform decodes b/255*2-1 (a 1/255 offset from the viewer's (b-128)/128), so
     * components agree within about 0.012 after renormalising; scales pass through exp/log.
     */
    static final Clouds.Tolerance SPLAT = new Clouds.Tolerance(0, 1e-5, 0.012, 0.5 / 255 + 1e-5,
            0.5 / 255 / 0.28209479177387814 + 1e-5, 0, 0);

    @TempDir
    Path dir;

    private GaussianCloud scene(int degree, String what) {
        return SyntheticClouds.random(333, degree, SharedData.seed("interop " + what, 31 + degree));
    }

    @ParameterizedTest(name = "SH degree {0}")
    @ValueSource(ints = {0, 1, 3})
    void ourPlyThroughSplatTransformPly(int degree) throws Exception {
        SplatTransform st = SplatTransform.require();
        GaussianCloud c = scene(degree, "ply->ply " + degree);
        Path ours = dir.resolve("ours.ply"), theirs = dir.resolve("theirs.ply");
        SceneFiles.write(ours, c);
        st.convert(ours, theirs);
        Clouds.assertIdentical(c, SceneFiles.read(theirs)); // float32 to float32: lossless both ways
    }

    @ParameterizedTest(name = "splat-transform writes SPZ v{0}")
    @ValueSource(ints = {3, 4})
    void ourPlyThroughSplatTransformSpz(int version) throws Exception {
        SplatTransform st = SplatTransform.require();
        GaussianCloud c = scene(3, "ply->spz v" + version);
        Path ours = dir.resolve("ours.ply"), theirs = dir.resolve("theirs.spz");
        SceneFiles.write(ours, c);
        st.convert(ours, theirs, "--spz-version", Integer.toString(version));
        assertEquals(Integer.toString(version), SceneFiles.probe(theirs).details().get("version"));
        // Same axes on both sides: their SPZ reader and ours both map SPZ's RUB to the PLY's RDF.
        Clouds.assertClose(c, SceneFiles.read(theirs), SPZ);
    }

    @ParameterizedTest(name = "we write SPZ v{0}")
    @ValueSource(ints = {2, 3, 4})
    void ourSpzThroughSplatTransformPly(int version) throws Exception {
        SplatTransform st = SplatTransform.require();
        for (int degree : new int[] {0, 2, 3}) {
            GaussianCloud c = scene(degree, "spz v" + version + " -> ply, degree " + degree);
            Path ours = dir.resolve("ours.spz"), theirs = dir.resolve("theirs.ply");
            SceneFiles.write(ours, c, WriteOptions.DEFAULT.withSpzVersion(version));
            st.convert(ours, theirs);
            GaussianCloud back = SceneFiles.read(theirs);
            assertEquals(degree, back.shDegree());
            Clouds.assertClose(c, back, version == 2 ? SPZ_V2 : SPZ);
        }
    }

    @Test
    void ourSplatThroughSplatTransformPly() throws Exception {
        SplatTransform st = SplatTransform.require();
        GaussianCloud c = scene(0, "splat -> ply");
        Path ours = dir.resolve("ours.splat"), theirs = dir.resolve("theirs.ply");
        SceneFiles.write(ours, c);
        st.convert(ours, theirs);
        Clouds.assertClose(c, SceneFiles.read(theirs), SPLAT);
    }

    /** Our statistics agree with splat-transform's --summary on the columns it reports raw. */
    @Test
    void statisticsAgreeWithSplatTransformSummary() throws Exception {
        SplatTransform st = SplatTransform.require();
        GaussianCloud c = scene(1, "summary");
        Path ours = dir.resolve("ours.ply");
        SceneFiles.write(ours, c);
        String summary = st.run(ours.toString(), "--summary", "null");
        Map<String, double[]> theirs = new HashMap<>();
        for (String line : summary.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 8 && !cells[1].isBlank() && !cells[1].contains("Column") && !cells[1].contains("---")) {
                double[] v = new double[7];
                for (int k = 0; k < 7; k++) {
                    v[k] = Double.parseDouble(cells[2 + k].strip());
                }
                theirs.put(cells[1].strip(), v); // min max median mean stdDev nans infs
            }
        }
        List<ColumnStats> stats;
        try (CpuDevice d = new CpuDevice(2)) {
            stats = CloudStatistics.compute(SceneFiles.read(ours), d);
        }
        int compared = 0;
        for (ColumnStats s : stats) {
            // splat-transform displays f_dc, opacity and scale activated; compare the raw ones.
            if (s.name().startsWith("f_dc") || s.name().equals("opacity") || s.name().startsWith("scale")) {
                continue;
            }
            double[] t = theirs.get(s.name());
            assertTrue(t != null, "splat-transform reports column " + s.name() + ":\n" + summary);
            double[] mine = {s.min(), s.max(), s.median(), s.mean(), s.stdDev(), s.nanCount(), s.infCount()};
            for (int k = 0; k < 7; k++) {
                // they print 6 significant digits
                assertEquals(t[k], mine[k], 1e-5 * Math.max(1, Math.abs(t[k])) + 1e-6, s.name() + " statistic " + k);
            }
            compared++;
        }
        assertEquals(3 + 9 + 4, compared);
        assertTrue(Files.size(ours) > 0);
    }
}
