package org.splatforge.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.Images;
import org.splatforge.core.io.CorruptDataException;

/** Multi-view video: the N3V layout (poses_bounds.npy) and Splatforge's multiview.json. */
class MultiViewVideoTest {

    @TempDir
    Path root;

    static final int W = 24, H = 18;

    private List<Camera> cams(int n) {
        List<Camera> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(TestData.orbit(i, n, W, H, 1.0, 3.5));
        }
        return c;
    }

    /** Frame f of camera k: flat colour (k / 10, f / 10, 0.5), opaque RGBA as N3V frames often are. */
    private void writeFrames(Path dir, int k, int frames) throws IOException {
        for (int f = 0; f < frames; f++) {
            FloatImage img = new FloatImage(W, H, 4);
            for (int p = 0; p < W * H; p++) {
                img.data()[p * 4] = k / 10f;
                img.data()[p * 4 + 1] = f / 10f;
                img.data()[p * 4 + 2] = 0.5f;
                img.data()[p * 4 + 3] = 1f;
            }
            Images.writePng(dir.resolve(String.format("%04d.png", f)), img);
        }
    }

    private List<Camera> writeN3v(int n, int frames, double poseScale) throws IOException {
        List<Camera> c = cams(n);
        double[] rows = new double[n * 17];
        for (int k = 0; k < n; k++) {
            // Poses stated for frames twice as large (N3V ships 2704x2028 poses with downsampled frames).
            Camera big = new Camera((int) (W * poseScale), (int) (H * poseScale), c.get(k).fx() * poseScale,
                    c.get(k).fy() * poseScale, c.get(k).cx() * poseScale, c.get(k).cy() * poseScale, c.get(k).viewmat());
            System.arraycopy(TestData.llffRow(big, 0.5, 12), 0, rows, k * 17, 17);
            writeFrames(root.resolve(String.format("cam%02d/images", k)), k, frames);
        }
        Files.write(root.resolve("poses_bounds.npy"), TestData.npy(rows, n, 17));
        return c;
    }

    @Test
    void n3vCamerasTimesAndTestCamera() throws IOException {
        List<Camera> c = writeN3v(4, 5, 2.0);
        Dataset d = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(100));
        assertEquals(DatasetFormat.N3V, d.format());
        assertTrue(d.dynamic());
        assertEquals(15, d.train().size());
        assertEquals(5, d.test().size());
        assertEquals("cam00/0000", d.test().get(0).name());
        assertEquals("cam01/0000", d.train().get(0).name());
        for (View v : d.all()) {
            int k = Integer.parseInt(v.name().substring(3, 5));
            int f = Integer.parseInt(v.name().substring(6));
            Camera got = v.camera();
            assertArrayEquals(c.get(k).viewmat(), got.viewmat(), 1e-9, v.name());
            assertEquals(c.get(k).fx(), got.fx(), 1e-9, "focal scaled from the stated size to the frames");
            assertEquals(W, got.width());
            assertEquals(f / 4.0, v.time(), 1e-12);
            assertEquals(String.format("cam%02d", k), v.stream());
            FloatImage img = v.image();
            assertEquals(k / 10f, img.get(3, 4, 0), 0.5f / 255 + 1e-6f);
            assertEquals(f / 10f, img.get(3, 4, 1), 0.5f / 255 + 1e-6f);
        }
        // The fully opaque alpha channel was dropped to save memory; alpha still reads as 1.
        assertEquals((long) 20 * W * H * 3, d.retainedImageBytes());
        assertEquals(1f, d.train().get(0).alpha().get(5, 5, 0), 0);
        Dataset other = Datasets.load(root, DatasetOptions.defaults().withTestCameras(List.of("cam02")).withRandomPoints(10));
        assertTrue(other.test().stream().allMatch(v -> v.name().startsWith("cam02/")));
    }

    @Test
    void n3vBadInputIsReported() throws IOException {
        writeN3v(3, 2, 1.0);
        byte[] npy = Files.readAllBytes(root.resolve("poses_bounds.npy"));
        Files.write(root.resolve("poses_bounds.npy"), java.util.Arrays.copyOf(npy, npy.length - 8));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("poses_bounds.npy") && e.getMessage().contains("truncated")
                && e.getMessage().contains("needs 408 data bytes"), e.getMessage());

        byte[] nan = npy.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putDouble(128 + (17 + 3) * 8, Double.NaN);
        Files.write(root.resolve("poses_bounds.npy"), nan);
        e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("camera 1 (cam01)") && e.getMessage().contains("NaN"), e.getMessage());

        byte[] magic = npy.clone();
        magic[1] = 'X';
        Files.write(root.resolve("poses_bounds.npy"), magic);
        e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());

        Files.write(root.resolve("poses_bounds.npy"), TestData.npy(new double[2 * 17], 2, 17));
        e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("2 camera poses but") && e.getMessage().contains("3 camXX folders"), e.getMessage());

        Files.write(root.resolve("poses_bounds.npy"), TestData.npy(new double[3 * 15], 3, 15));
        e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("expected (N, 17)"), e.getMessage());
    }

    @Test
    void npyReadsFortranOrderFloat32AndVersion2() throws IOException {
        // float32, Fortran order, shape (2, 3): memory holds column-major [[1,2,3],[4,5,6]].
        String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }";
        header = header + " ".repeat(64 - (12 + header.length() + 1) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(12 + header.length() + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes()).put((byte) 2).put((byte) 0).putInt(header.length()).put(header.getBytes());
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) {
            b.putFloat(v);
        }
        Path f = root.resolve("a.npy");
        Files.write(f, b.array());
        Npy n = Npy.read(f);
        assertArrayEquals(new int[] {2, 3}, n.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, n.data(), 0);
        Files.writeString(f, "\u0093NUMPY\u0001\u0000");
        assertThrows(CorruptDataException.class, () -> Npy.read(f));
    }

    @Test
    void multiviewJsonLayout() throws IOException {
        List<Camera> c = cams(3);
        StringBuilder s = new StringBuilder("{ \"camera_angle_x\": 1.0, \"cameras\": [\n");
        for (int k = 0; k < 3; k++) {
            double[] m = TestData.c2wGl(c.get(k));
            s.append(String.format(java.util.Locale.ROOT, "{\"name\": \"view%d\", \"folder\": \"frames/v%d\"%s, \"transform_matrix\": "
                    + "[[%s,%s,%s,%s],[%s,%s,%s,%s],[%s,%s,%s,%s],[0,0,0,1]]}%s\n", k, k, k == 1 ? ", \"split\": \"test\"" : "",
                    m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], k < 2 ? "," : ""));
            writeFrames(root.resolve("frames/v" + k), k, 3);
        }
        s.append("]}");
        Files.writeString(root.resolve("multiview.json"), s);
        Dataset d = Datasets.load(root, DatasetOptions.defaults().withRandomPoints(10));
        assertEquals(DatasetFormat.MULTIVIEW, d.format());
        assertTrue(d.dynamic());
        assertEquals(6, d.train().size());
        assertEquals(3, d.test().size());
        assertEquals("view1/0002", d.test().get(2).name());
        assertEquals("view1", d.test().get(2).stream());
        assertEquals(1.0, d.test().get(2).time(), 0);
        assertArrayEquals(c.get(1).viewmat(), d.test().get(0).camera().viewmat(), 1e-9);
        assertEquals(0.5 * W / Math.tan(0.5), d.test().get(0).camera().fx(), 1e-9);
        assertNull(d.test().get(0).labels());

        Files.writeString(root.resolve("multiview.json"), s.toString().replace("\"split\": \"test\"", "\"split\": \"eval\""));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("cameras[1].split") && e.getMessage().contains("eval"), e.getMessage());
        Files.writeString(root.resolve("multiview.json"), s.toString().replace("frames/v2", "frames/nothing"));
        e = assertThrows(CorruptDataException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("cameras[2].folder"), e.getMessage());
    }
}
