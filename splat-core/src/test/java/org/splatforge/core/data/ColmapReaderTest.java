package org.splatforge.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.colmap.Colmap;
import org.splatforge.core.data.colmap.ColmapCameraModel;
import org.splatforge.core.data.colmap.ColmapModel;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.Images;
import org.splatforge.core.io.CorruptDataException;

/** COLMAP models, binary and text, written from COLMAP's documented layout by {@link TestData}. */
class ColmapReaderTest {

    @TempDir
    Path root;

    static final int W = 36, H = 24;
    static final float[] XYZ = {0.1f, -0.2f, 0.3f, 0.5f, 0.5f, -0.5f, -0.4f, 0.0f, 0.2f};
    static final int[] RGB = {255, 0, 10, 20, 128, 255, 0, 0, 0};

    private List<Camera> cameras(int n) {
        List<Camera> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(TestData.orbit(i, n, W, H, 0.9, 3.0));
        }
        return c;
    }

    /** n images named img_XX.png (written in reverse id order, to check sorting by name). */
    private List<TestData.ColmapImg> writeImages(List<Camera> cams) throws IOException {
        List<TestData.ColmapImg> imgs = new ArrayList<>();
        for (int i = cams.size() - 1; i >= 0; i--) {
            String name = String.format("img_%02d.png", i);
            imgs.add(TestData.colmapPose(100 + i, cams.get(i), 1, name));
            FloatImage rgb = new FloatImage(W, H, 3);
            java.util.Arrays.fill(rgb.data(), i / 20f);
            Images.writePng(root.resolve("images").resolve(name), rgb);
        }
        return imgs;
    }

    private static TestData.ColmapCam pinhole(double fx, double fy) {
        return new TestData.ColmapCam(1, 1, "PINHOLE", W, H, new double[] {fx, fy, W / 2.0, H / 2.0});
    }

    @Test
    void binaryAndTextGiveTheSameDatasetWithTheHoldoutSplit() throws IOException {
        List<Camera> cams = cameras(17);
        List<TestData.ColmapImg> imgs = writeImages(cams);
        TestData.writeColmapBin(root.resolve("sparse/0"), List.of(pinhole(30, 31)), imgs, XYZ, RGB);
        TestData.writeColmapTxt(root.resolve("sparse/0_text"), List.of(pinhole(30, 31)), imgs, XYZ, RGB);
        Dataset bin = Datasets.load(root);
        Dataset txt = Datasets.load(root, DatasetOptions.defaults().withColmapModel("sparse/0_text"));
        assertEquals(DatasetFormat.COLMAP, bin.format());
        // Sorted by name, every 8th (0, 8, 16) is a test view.
        assertEquals(List.of("img_00", "img_08", "img_16"), bin.test().stream().map(View::name).toList());
        assertEquals(14, bin.train().size());
        assertEquals("img_01", bin.train().get(0).name());
        for (Dataset d : new Dataset[] {bin, txt}) {
            assertFalse(d.randomInit());
            assertEquals(3, d.initialPoints().count());
            assertArrayEquals(XYZ, d.initialPoints().positions(), 1e-6f);
            assertEquals(10 / 255f, d.initialPoints().colors()[2], 1e-7f);
        }
        for (int i = 0; i < bin.train().size(); i++) {
            Camera b = bin.train().get(i).camera(), t = txt.train().get(i).camera();
            int idx = Integer.parseInt(bin.train().get(i).name().substring(4));
            assertArrayEquals(cams.get(idx).viewmat(), b.viewmat(), 1e-9, "pose of " + bin.train().get(i).name());
            assertArrayEquals(b.viewmat(), t.viewmat(), 1e-12);
            assertEquals(30, b.fx(), 0);
            assertEquals(31, b.fy(), 0);
            assertEquals(idx / 20f, bin.train().get(i).image().get(3, 3, 1), 0.5f / 255 + 1e-6f);
        }
        Dataset all = Datasets.load(root, DatasetOptions.defaults().withHoldout(0));
        assertEquals(17, all.train().size());
        assertTrue(all.test().isEmpty());
    }

    @Test
    void simpleModelsMapToPinhole() {
        assertArrayEquals(new double[] {5, 5, 1, 2}, ColmapCameraModel.SIMPLE_PINHOLE.pinhole(new double[] {5, 1, 2}), 0);
        assertArrayEquals(new double[] {0.1, 0, 0, 0}, ColmapCameraModel.SIMPLE_RADIAL.opencvDistortion(new double[] {5, 1, 2, 0.1}), 0);
        assertArrayEquals(new double[] {0.1, 0.2, 0, 0}, ColmapCameraModel.RADIAL.opencvDistortion(new double[] {5, 1, 2, 0.1, 0.2}), 0);
        assertArrayEquals(new double[] {1, 2, 3, 4}, ColmapCameraModel.OPENCV.opencvDistortion(new double[] {9, 9, 9, 9, 1, 2, 3, 4}), 0);
        assertEquals(null, ColmapCameraModel.PINHOLE.opencvDistortion(new double[] {1, 1, 1, 1}));
        assertFalse(ColmapCameraModel.OPENCV_FISHEYE.supported());
    }

    /**
     * An OPENCV camera with strong distortion: the distorted image is g(u, v) sampled at its
     * pixel centres, so after undistortion pixel p' of the pinhole camera must show
     * g(K distort(K'^-1 p')), which only needs the forward model (COLMAP's OpenCV model).
     */
    @Test
    void distortedCamerasAreUndistortedToPinhole() throws IOException {
        int w = 64, h = 48;
        double fx = 50, fy = 52, cx = 31.5, cy = 24.5, k1 = -0.2, k2 = 0.05, p1 = 0.003, p2 = -0.002;
        Camera pose = TestData.orbit(0, 1, w, h, 1.0, 3.0);
        FloatImage img = new FloatImage(w, h, 3);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                img.set(j, i, 0, (float) g(j + 0.5, i + 0.5));
                img.set(j, i, 1, 0.5f);
                img.set(j, i, 2, 0.25f);
            }
        }
        Images.writePng(root.resolve("images/a.png"), img);
        TestData.ColmapCam cam = new TestData.ColmapCam(1, 4, "OPENCV", w, h, new double[] {fx, fy, cx, cy, k1, k2, p1, p2});
        TestData.writeColmapBin(root.resolve("sparse/0"), List.of(cam), List.of(TestData.colmapPose(1, pose, 1, "a.png")), XYZ, RGB);
        Dataset d = Datasets.load(root, DatasetOptions.defaults().withHoldout(0));
        View v = d.train().get(0);
        Camera k = v.camera();
        assertArrayEquals(pose.viewmat(), k.viewmat(), 1e-9);
        assertTrue(Math.abs(k.fx() - fx) > 0.5, "a new pinhole camera was chosen: fx " + k.fx());
        FloatImage out = v.image();
        double worst = 0;
        int checked = 0;
        for (int i = 4; i < h - 4; i++) {
            for (int j = 4; j < w - 4; j++) {
                double x = (j + 0.5 - k.cx()) / k.fx(), y = (i + 0.5 - k.cy()) / k.fy();
                double r2 = x * x + y * y, rad = 1 + k1 * r2 + k2 * r2 * r2;
                double xd = x * rad + 2 * p1 * x * y + p2 * (r2 + 2 * x * x);
                double yd = y * rad + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y;
                double u = fx * xd + cx, vv = fy * yd + cy;
                worst = Math.max(worst, Math.abs(out.get(j, i, 0) - g(u, vv)));
                checked++;
            }
        }
        System.out.println("[undistort] worst abs error " + worst + " over " + checked + " pixels");
        assertTrue(checked > 1000);
        // Bilinear sampling of a smooth pattern plus 8-bit rounding give ~0.005; a one-pixel
        // error in the model gives ~0.06. (A half-pixel error in the principal-point convention
        // shifts both cameras alike and moves this only to ~0.007: too subtle to pin here.)
        assertTrue(worst < 0.01, "undistorted pixels match the model, worst " + worst);
        assertEquals(0.5f, out.get(10, 10, 1), 0.5f / 255 + 1e-6f);
    }

    /** A smooth pattern over pixel coordinates, in [0.1, 0.9]. */
    private static double g(double u, double v) {
        return 0.5 + 0.4 * Math.sin(u * 0.15) * Math.cos(v * 0.12);
    }

    // ------------------------------------------------------------------ bad input

    private void writeSmallModel(Path dir) throws IOException {
        List<Camera> cams = cameras(3);
        TestData.writeColmapBin(dir, List.of(pinhole(30, 30)), writeImages(cams), XYZ, RGB);
    }

    @Test
    void unknownAndUnsupportedModelsAreNamed() throws IOException {
        List<TestData.ColmapImg> imgs = writeImages(cameras(2));
        TestData.writeColmapBin(root.resolve("sparse/0"),
                List.of(new TestData.ColmapCam(1, 42, "?", W, H, new double[] {1, 2, 3})), imgs, XYZ, RGB);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("cameras.bin") && e.getMessage().contains("unknown camera model id 42"), e.getMessage());

        TestData.writeColmapTxt(root.resolve("t"), List.of(new TestData.ColmapCam(1, 0, "WEIRD_MODEL", W, H, new double[] {1, 2, 3})),
                imgs, XYZ, RGB);
        e = assertThrows(CorruptDataException.class, () -> Colmap.read(root.resolve("t")));
        assertTrue(e.getMessage().contains("cameras.txt") && e.getMessage().contains("line 2")
                && e.getMessage().contains("WEIRD_MODEL"), e.getMessage());

        TestData.writeColmapBin(root.resolve("sparse/0"),
                List.of(new TestData.ColmapCam(1, 5, "OPENCV_FISHEYE", W, H, new double[] {30, 30, 18, 12, 0, 0, 0, 0})), imgs, XYZ, RGB);
        e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("OPENCV_FISHEYE") && e.getMessage().contains("not supported"), e.getMessage());

        TestData.writeColmapTxt(root.resolve("u"), List.of(new TestData.ColmapCam(1, 1, "PINHOLE", W, H, new double[] {1, 2, 3})),
                imgs, XYZ, RGB);
        e = assertThrows(CorruptDataException.class, () -> Colmap.read(root.resolve("u")));
        assertTrue(e.getMessage().contains("takes 4 parameters"), e.getMessage());
    }

    @Test
    void truncatedBinaryFilesFailWithTheOffsetAtEveryCut() throws IOException {
        Path dir = root.resolve("sparse/0");
        writeSmallModel(dir);
        for (String f : new String[] {"cameras.bin", "images.bin", "points3D.bin"}) {
            byte[] full = Files.readAllBytes(dir.resolve(f));
            for (int cut = 0; cut < full.length; cut += Math.max(1, full.length / 37)) {
                Files.write(dir.resolve(f), java.util.Arrays.copyOf(full, cut));
                CorruptDataException e = assertThrows(CorruptDataException.class, () -> Colmap.read(dir), f + " cut at " + cut);
                assertTrue(e.getMessage().contains(f), e.getMessage());
                assertTrue(e.getMessage().contains("byte") || e.getMessage().contains("truncated"), e.getMessage());
            }
            Files.write(dir.resolve(f), full);
        }
        assertEquals(3, Colmap.read(dir).images().size());
    }

    @Test
    void countsBeyondTheFileAndNanPosesAreReported() throws IOException {
        Path dir = root.resolve("sparse/0");
        writeSmallModel(dir);
        byte[] pts = Files.readAllBytes(dir.resolve("points3D.bin"));
        ByteBuffer.wrap(pts).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(dir.resolve("points3D.bin"), pts);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Colmap.read(dir));
        assertTrue(e.getMessage().contains("points3D.bin") && e.getMessage().contains("exceeds the file")
                && e.getMessage().contains("at byte 0"), e.getMessage());
        writeSmallModel(dir);
        byte[] imgs = Files.readAllBytes(dir.resolve("images.bin"));
        // First image: u64 count (8), u32 id (4), qvec (32), then tvec[0] at byte 44.
        ByteBuffer.wrap(imgs).order(ByteOrder.LITTLE_ENDIAN).putDouble(44, Double.NaN);
        Files.write(dir.resolve("images.bin"), imgs);
        e = assertThrows(CorruptDataException.class, () -> Colmap.read(dir));
        assertTrue(e.getMessage().contains("images.bin") && e.getMessage().contains("at byte 44")
                && e.getMessage().contains("tvec[0]") && e.getMessage().contains("NaN"), e.getMessage());
        writeSmallModel(dir);
        byte[] cams = Files.readAllBytes(dir.resolve("cameras.bin"));
        Files.write(dir.resolve("cameras.bin"), java.util.Arrays.copyOf(cams, cams.length + 3));
        e = assertThrows(CorruptDataException.class, () -> Colmap.read(dir));
        assertTrue(e.getMessage().contains("unexpected bytes"), e.getMessage());
    }

    @Test
    void imagesMissingOrOfUnknownCamerasAreReported() throws IOException {
        Path dir = root.resolve("sparse/0");
        writeSmallModel(dir);
        Files.delete(root.resolve("images/img_01.png"));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("images.bin") && e.getMessage().contains("img_01.png")
                && e.getMessage().contains("not found"), e.getMessage());
        List<TestData.ColmapImg> imgs = writeImages(cameras(2));
        List<TestData.ColmapImg> bad = List.of(imgs.get(0), new TestData.ColmapImg(7, imgs.get(1).q(), imgs.get(1).t(), 9, "img_00.png"));
        TestData.writeColmapBin(dir, List.of(pinhole(30, 30)), bad, XYZ, RGB);
        e = assertThrows(CorruptDataException.class, () -> Colmap.read(dir));
        assertTrue(e.getMessage().contains("camera_id") && e.getMessage().contains("9"), e.getMessage());
    }

    @Test
    void textModelReadsCommentsAndEmptyPointLines() throws IOException {
        List<Camera> cams = cameras(4);
        List<TestData.ColmapImg> imgs = writeImages(cams);
        TestData.writeColmapTxt(root.resolve("m"), List.of(pinhole(30, 30)), imgs, XYZ, RGB);
        ColmapModel m = Colmap.read(root.resolve("m"));
        assertFalse(m.binary());
        assertEquals(4, m.images().size());
        assertEquals(2, m.images().get(0).numPoints2D());
        assertEquals(0, m.images().get(3).numPoints2D());
        assertEquals(3, m.pointCount());
        Files.writeString(root.resolve("m/points3D.txt"), "1 0.1 0.2 nan 1 2 3 0.5\n");
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Colmap.read(root.resolve("m")));
        assertTrue(e.getMessage().contains("points3D.txt: line 1") && e.getMessage().contains("Z of point 1"), e.getMessage());
    }
}
