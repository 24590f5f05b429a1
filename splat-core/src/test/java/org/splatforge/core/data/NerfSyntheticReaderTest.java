package org.splatforge.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.Images;
import org.splatforge.core.image.LabelImage;
import org.splatforge.core.io.CorruptDataException;

/** NeRF-synthetic / D-NeRF reading on small datasets written by {@link TestData}. */
class NerfSyntheticReaderTest {

    static final double FOV = 0.9;
    static final double[] ORIGIN = {0, 0, 0};

    @TempDir
    Path root;

    private List<Camera> cams(int n, int w, int h) {
        List<Camera> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(TestData.orbit(i, n, w, h, FOV, 4.0));
        }
        return c;
    }

    private void writeScene(int train, int test, int w, int h, double[] times, boolean labels) throws IOException {
        TestData.writeNerf(root, "train", cams(train, w, h), FOV, c -> TestData.sphere(c, ORIGIN, 0.8), times, labels);
        TestData.writeNerf(root, "test", cams(test, w, h).reversed(), FOV, c -> TestData.sphere(c, ORIGIN, 0.8),
                times == null ? null : java.util.Arrays.copyOf(times, test), labels);
    }

    @Test
    void camerasImagesAndCompositingMatchWhatWasWritten() throws IOException {
        writeScene(12, 3, 34, 18, null, true);
        Dataset d = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(1000));
        assertEquals(DatasetFormat.NERF_SYNTHETIC, d.format());
        assertEquals(12, d.train().size());
        assertEquals(3, d.test().size());
        assertFalse(d.dynamic());
        List<Camera> expect = cams(12, 34, 18);
        for (int i = 0; i < 12; i++) {
            Camera got = d.train().get(i).camera(), want = expect.get(i);
            assertArrayEquals(want.viewmat(), got.viewmat(), 1e-6, "view " + i);
            assertEquals(0.5 * 34 / Math.tan(FOV / 2), got.fx(), 1e-9);
            assertEquals(got.fx(), got.fy(), 1e-12);
            assertEquals(17.0, got.cx(), 1e-12);
            assertEquals(9.0, got.cy(), 1e-12);
            assertEquals(String.format("train/r_%03d", i), d.train().get(i).name());
            assertEquals(d.train().get(i).name(), d.train().get(i).stream());
        }
        // Composited on white by default: sphere pixels keep their colour, the rest is 1.
        View v = d.train().get(4);
        FloatImage src = TestData.sphere(expect.get(4), ORIGIN, 0.8);
        FloatImage img = v.image();
        FloatImage alpha = v.alpha();
        assertNotNull(alpha);
        int onSphere = 0;
        for (int p = 0; p < 34 * 18; p++) {
            float a = src.data()[p * 4 + 3];
            for (int c = 0; c < 3; c++) {
                float want = a > 0 ? src.data()[p * 4 + c] : 1f;
                assertEquals(want, img.data()[p * 3 + c], 0.5f / 255 + 1e-6f);
            }
            assertEquals(a, alpha.data()[p], 0);
            onSphere += a > 0 ? 1 : 0;
        }
        assertTrue(onSphere > 50, "the sphere is in the picture: " + onSphere);
        // Another background: transparent pixels take it.
        FloatImage black = v.image(DatasetOptions.BLACK);
        for (int p = 0; p < 34 * 18; p++) {
            if (src.data()[p * 4 + 3] == 0) {
                assertEquals(0f, black.data()[p * 3], 0);
            }
        }
        // Labels follow the alpha.
        LabelImage l = v.labels();
        for (int p = 0; p < 34 * 18; p++) {
            assertEquals(src.data()[p * 4 + 3] > 0.5f ? 1 : 0, l.get(p));
        }
        assertTrue(d.hasLabels());
        // 3DGS's normalisation: centre = mean camera centre, extent = 1.1 * max distance.
        double[] c = SceneBounds.cameraCenter(expect);
        assertArrayEquals(c, d.center(), 1e-6);
        double max = 0;
        for (Camera k : expect) {
            double[] p = k.center();
            max = Math.max(max, Math.sqrt(Math.pow(p[0] - c[0], 2) + Math.pow(p[1] - c[1], 2) + Math.pow(p[2] - c[2], 2)));
        }
        assertEquals(1.1 * max, d.extent(), 1e-6);
    }

    @Test
    void resolutionDownscalesImagesCamerasAndLabels() throws IOException {
        writeScene(6, 1, 40, 24, null, true);
        Dataset full = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(10));
        Dataset half = Datasets.load(root, DatasetOptions.defaults().withResolution(2).withRandomPoints(10));
        for (int i = 0; i < 6; i++) {
            Camera f = full.train().get(i).camera(), h = half.train().get(i).camera();
            assertEquals(20, h.width());
            assertEquals(12, h.height());
            assertEquals(f.fx() / 2, h.fx(), 1e-9);
            assertEquals(f.cx() / 2, h.cx(), 1e-9);
            assertArrayEquals(f.viewmat(), h.viewmat(), 0);
            // Area filtering commutes with compositing: the half-size composite is the 2x2 mean
            // of the full-size composite (on any background).
            for (float[] bg : new float[][] {DatasetOptions.WHITE, {0.2f, 0.5f, 0.9f}}) {
                FloatImage a = full.train().get(i).image(bg), b = half.train().get(i).image(bg);
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 20; x++) {
                        for (int c = 0; c < 3; c++) {
                            float m = (a.get(2 * x, 2 * y, c) + a.get(2 * x + 1, 2 * y, c) + a.get(2 * x, 2 * y + 1, c)
                                    + a.get(2 * x + 1, 2 * y + 1, c)) / 4;
                            assertEquals(m, b.get(x, y, c), 1.01f / 255, "view " + i + " (" + x + "," + y + "," + c + ")");
                        }
                    }
                }
            }
            LabelImage lf = full.train().get(i).labels(), lh = half.train().get(i).labels();
            assertEquals(20, lh.width());
            assertEquals(lf.get(2 * 7 + 1, 2 * 5 + 1), lh.get(7, 5));
        }
    }

    @Test
    void lazyLoadingGivesTheSamePixelsAndKeepsNone() throws IOException {
        writeScene(5, 2, 30, 20, null, false);
        Dataset eager = Datasets.load(root, DatasetOptions.defaults().withResolution(2).withRandomPoints(10));
        Dataset lazy = Datasets.load(root, DatasetOptions.defaults().withResolution(2).withLazyImages(true).withRandomPoints(10));
        assertEquals(0, lazy.retainedImageBytes());
        assertTrue(eager.retainedImageBytes() > 0);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(eager.train().get(i).image().data(), lazy.train().get(i).image().data(), 0f);
        }
        assertNull(eager.train().get(0).labels());
        assertFalse(eager.hasLabels());
    }

    @Test
    void timesMakeADynamicDatasetAndSubsamplingSpansThem() throws IOException {
        double[] times = new double[10];
        for (int i = 0; i < 10; i++) {
            times[i] = i / 9.0;
        }
        writeScene(10, 3, 16, 16, times, false);
        Dataset d = Datasets.load(root, DatasetOptions.defaults().withMaxViews(4).withRandomPoints(10));
        assertTrue(d.dynamic());
        assertEquals(4, d.train().size());
        assertEquals(0.0, d.train().get(0).time(), 0);
        assertEquals(times[7], d.train().get(3).time(), 1e-12); // evenly spaced: 0, 2, 5, 7
        assertEquals(d.train().get(3).time(), d.train().get(3).camera().time(), 0);
        Dataset trainOnly = Datasets.load(root, DatasetOptions.defaults().withSplits(EnumSet.of(Split.TRAIN)).withRandomPoints(10));
        assertTrue(trainOnly.test().isEmpty());
    }

    @Test
    void randomInitialPointsAreDeterministicAndInBounds() throws IOException {
        writeScene(16, 1, 32, 32, null, false);
        double[] box = {-1, -2, -3, 1, 2, 3};
        Dataset a = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(5000).withRandomBounds(box).withSeed(7));
        Dataset b = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(5000).withRandomBounds(box).withSeed(7));
        assertTrue(a.randomInit());
        assertEquals(5000, a.initialPoints().count());
        assertArrayEquals(a.initialPoints().positions(), b.initialPoints().positions(), 0f);
        double[] got = a.initialPoints().bounds();
        for (int k = 0; k < 3; k++) {
            assertTrue(got[k] >= box[k] && got[k + 3] <= box[k + 3]);
            assertTrue(got[k + 3] - got[k] > 0.95 * (box[k + 3] - box[k]), "points fill the box");
        }
        for (float c : a.initialPoints().colors()) {
            assertTrue(c >= 0 && c <= 1);
        }
        // Estimated bounds: the carved hull of a sphere of radius 0.8 seen from all round.
        Dataset auto = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(100));
        double[] bb = auto.bounds();
        for (int k = 0; k < 3; k++) {
            assertTrue(bb[k] <= -0.8 && bb[k + 3] >= 0.8, "box holds the sphere: " + java.util.Arrays.toString(bb));
            assertTrue(bb[k] > -1.4 && bb[k + 3] < 1.4, "box is tight around the sphere: " + java.util.Arrays.toString(bb));
        }
    }

    // ------------------------------------------------------------------ bad input

    private String transforms() throws IOException {
        return Files.readString(root.resolve("transforms_train.json"));
    }

    private CorruptDataException corrupt() {
        return assertThrows(CorruptDataException.class, () -> Datasets.load(root, DatasetOptions.defaults().withRandomPoints(10)));
    }

    @Test
    void missingImageNamesTheFrameAndFile() throws IOException {
        writeScene(4, 1, 8, 8, null, false);
        Files.delete(root.resolve("train/r_002.png"));
        CorruptDataException e = corrupt();
        assertTrue(e.getMessage().contains("transforms_train.json") && e.getMessage().contains("frames[2].file_path")
                && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void nanAndNonRigidPosesNameTheField() throws IOException {
        writeScene(3, 1, 8, 8, null, false);
        String t = transforms();
        // Python's json.dump writes a NaN as a bare NaN token.
        String nan = t.replaceFirst("(\"transform_matrix\" : \\[ \\[ )[-0-9.Ee]+", "$1NaN");
        Files.writeString(root.resolve("transforms_train.json"), nan);
        CorruptDataException e = corrupt();
        assertTrue(e.getMessage().contains("frames[0].transform_matrix[0][0]") && e.getMessage().contains("NaN"), e.getMessage());
        String scaled = t.replaceFirst("(\"transform_matrix\" : \\[ \\[ )[-0-9.Ee]+", "$13.0");
        Files.writeString(root.resolve("transforms_train.json"), scaled);
        e = corrupt();
        assertTrue(e.getMessage().contains("frames[0].transform_matrix") && e.getMessage().contains("rotation"), e.getMessage());
    }

    @Test
    void missingIntrinsicsMixedTimesAndBadJsonAreReported() throws IOException {
        writeScene(3, 1, 8, 8, null, false);
        String t = transforms();
        Files.writeString(root.resolve("transforms_train.json"), t.replaceFirst("\"camera_angle_x\"", "\"angle\""));
        CorruptDataException e = corrupt();
        assertTrue(e.getMessage().contains("camera_angle_x") && e.getMessage().contains("missing"), e.getMessage());
        Files.writeString(root.resolve("transforms_train.json"), t.replaceFirst("\"file_path\"", "\"time\" : 0.5, \"file_path\""));
        e = corrupt();
        assertTrue(e.getMessage().contains("time"), e.getMessage());
        Files.writeString(root.resolve("transforms_train.json"), t.substring(0, t.length() / 2));
        e = corrupt();
        assertTrue(e.getMessage().contains("transforms_train.json") && e.getMessage().contains("line"), e.getMessage());
        Files.writeString(root.resolve("transforms_train.json"), t.replaceFirst("\"frames\"", "\"framez\""));
        e = corrupt();
        assertTrue(e.getMessage().contains("'frames'"), e.getMessage());
    }

    @Test
    void labelMapOfTheWrongSizeOrMissingIsReported() throws IOException {
        writeScene(3, 1, 8, 8, null, true);
        Images.writeLabels(root.resolve("labels/train/r_001.png"), new LabelImage(4, 4, new byte[16]));
        CorruptDataException e = corrupt();
        assertTrue(e.getMessage().contains("r_001.png") && e.getMessage().contains("label map is 4x4"), e.getMessage());
        Files.delete(root.resolve("labels/train/r_001.png"));
        e = corrupt();
        assertTrue(e.getMessage().contains("frames[1]") && e.getMessage().contains("label map"), e.getMessage());
        // Without asking for labels, the broken label folder does not matter.
        Dataset d = Datasets.load(root, DatasetOptions.defaults().withLabels(false).withRandomPoints(10));
        assertEquals(3, d.train().size());
    }

    @Test
    void notADatasetIsANoSuchFile() throws IOException {
        Files.writeString(root.resolve("readme.txt"), "hello");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("not a dataset"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> Datasets.load(root.resolve("absent")));
    }

    @Test
    void instantNgpIntrinsicsAreScaledToTheImage() throws IOException {
        writeScene(2, 1, 20, 10, null, false);
        String t = transforms().replaceFirst("\"camera_angle_x\" : [0-9.Ee-]+",
                "\"fl_x\" : 50.0, \"fl_y\" : 60.0, \"cx\" : 21.0, \"cy\" : 9.0, \"w\" : 40, \"h\" : 20");
        Files.writeString(root.resolve("transforms_train.json"), t);
        Camera c = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(10)).train().get(0).camera();
        assertEquals(25.0, c.fx(), 1e-9); // stated for 40x20, the image is 20x10
        assertEquals(30.0, c.fy(), 1e-9);
        assertEquals(10.5, c.cx(), 1e-9);
        assertEquals(4.5, c.cy(), 1e-9);
    }
}
