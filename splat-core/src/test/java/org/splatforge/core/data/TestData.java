package org.splatforge.core.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.Images;
import org.splatforge.core.image.LabelImage;

/**
 * Builds small datasets on disk for the reader tests: cameras on a sphere around the
 * origin, analytic images (a lit sphere with an exact silhouette), NeRF transforms files,
 * COLMAP models (binary and text, written here from COLMAP's documented layout) and .npy
 * files.
 */
final class TestData {

    private TestData() {
    }

    /** Camera {@code i} of {@code n} on a sphere of radius {@code dist} around the origin, z up. */
    static Camera orbit(int i, int n, int w, int h, double fovX, double dist) {
        double az = 2 * Math.PI * i / n + 0.3;
        double el = Math.toRadians(-50 + 100.0 * (i + 0.5) / n); // below and above the equator
        double[] eye = {dist * Math.cos(el) * Math.cos(az), dist * Math.cos(el) * Math.sin(az), dist * Math.sin(el)};
        double fovY = 2 * Math.atan(Math.tan(fovX / 2) * h / w);
        return Camera.lookAt(eye, new double[] {0, 0, 0}, new double[] {0, 0, 1}, w, h, fovY);
    }

    /** Camera-to-world in OpenGL axes (a NeRF transform_matrix), 16 values row-major. */
    static double[] c2wGl(Camera c) {
        double[] m = c.cameraToWorld();
        for (int r = 0; r < 3; r++) {
            m[r * 4 + 1] = -m[r * 4 + 1];
            m[r * 4 + 2] = -m[r * 4 + 2];
        }
        return m;
    }

    /**
     * A sphere of radius {@code r} at {@code centre}, ray traced at pixel centres: straight
     * RGBA, colour from the normal (so every pixel differs), alpha 1 on the sphere, 0 off it.
     */
    static FloatImage sphere(Camera cam, double[] centre, double r) {
        int w = cam.width(), h = cam.height();
        FloatImage img = new FloatImage(w, h, 4);
        double[] o = cam.center();
        double[] m = cam.viewmat();
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double x = (j + 0.5 - cam.cx()) / cam.fx(), y = (i + 0.5 - cam.cy()) / cam.fy();
                double dx = m[0] * x + m[4] * y + m[8], dy = m[1] * x + m[5] * y + m[9], dz = m[2] * x + m[6] * y + m[10];
                double n = Math.sqrt(dx * dx + dy * dy + dz * dz);
                dx /= n;
                dy /= n;
                dz /= n;
                double lx = o[0] - centre[0], ly = o[1] - centre[1], lz = o[2] - centre[2];
                double b = lx * dx + ly * dy + lz * dz, c = lx * lx + ly * ly + lz * lz - r * r;
                double disc = b * b - c;
                if (disc < 0) {
                    continue;
                }
                double t = -b - Math.sqrt(disc);
                double px = (lx + t * dx) / r, py = (ly + t * dy) / r, pz = (lz + t * dz) / r;
                img.set(j, i, 0, (float) (0.5 + 0.5 * px));
                img.set(j, i, 1, (float) (0.5 + 0.5 * py));
                img.set(j, i, 2, (float) (0.5 + 0.5 * pz));
                img.set(j, i, 3, 1f);
            }
        }
        return img;
    }

    /** Label map: 1 where alpha > 0.5, else 0. */
    static LabelImage labelsFromAlpha(FloatImage rgba) {
        short[] l = new short[rgba.width() * rgba.height()];
        for (int i = 0; i < l.length; i++) {
            l[i] = (short) (rgba.data()[i * 4 + 3] > 0.5f ? 1 : 0);
        }
        return LabelImage.compact(rgba.width(), rgba.height(), l);
    }

    /**
     * Writes {@code transforms_<split>.json} and the images ({@code <split>/r_NNN.png}),
     * with labels under {@code labels/<split>/} when asked, and {@code time} when
     * {@code times} is not null.
     */
    static List<Camera> writeNerf(Path root, String split, List<Camera> cams, double fovX,
                                  Function<Camera, FloatImage> render, double[] times, boolean labels) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode top = json.createObjectNode();
        top.put("camera_angle_x", fovX);
        ArrayNode frames = top.putArray("frames");
        List<Camera> out = new ArrayList<>();
        for (int i = 0; i < cams.size(); i++) {
            Camera c = cams.get(i);
            String name = String.format("r_%03d", i);
            ObjectNode f = frames.addObject();
            f.put("file_path", "./" + split + "/" + name);
            if (times != null) {
                f.put("time", times[i]);
            }
            ArrayNode m = f.putArray("transform_matrix");
            double[] g = c2wGl(c);
            for (int r = 0; r < 4; r++) {
                ArrayNode row = m.addArray();
                for (int k = 0; k < 4; k++) {
                    row.add(g[r * 4 + k]);
                }
            }
            FloatImage img = render.apply(c);
            Images.writePng(root.resolve(split).resolve(name + ".png"), img);
            if (labels) {
                Images.writeLabels(root.resolve("labels").resolve(split).resolve(name + ".png"), labelsFromAlpha(img));
            }
            out.add(c);
        }
        Files.createDirectories(root);
        Files.write(root.resolve("transforms_" + split + ".json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(top));
        return out;
    }

    // ------------------------------------------------------------------ COLMAP

    /** One image of a COLMAP model to write: pose as COLMAP stores it. */
    record ColmapImg(int id, double[] q, double[] t, int cameraId, String name) {
    }

    /** One camera: COLMAP model id and name, size, params. */
    record ColmapCam(int id, int modelId, String model, int w, int h, double[] params) {
    }

    /** The COLMAP pose (qvec w, x, y, z; tvec) of a world-to-camera OpenCV view matrix. */
    static ColmapImg colmapPose(int id, Camera c, int camId, String name) {
        double[] m = c.viewmat();
        double m00 = m[0], m11 = m[5], m22 = m[10];
        double tr = m00 + m11 + m22;
        double w, x, y, z;
        if (tr > 0) {
            double s = Math.sqrt(tr + 1) * 2;
            w = 0.25 * s;
            x = (m[9] - m[6]) / s;
            y = (m[2] - m[8]) / s;
            z = (m[4] - m[1]) / s;
        } else if (m00 > m11 && m00 > m22) {
            double s = Math.sqrt(1 + m00 - m11 - m22) * 2;
            w = (m[9] - m[6]) / s;
            x = 0.25 * s;
            y = (m[1] + m[4]) / s;
            z = (m[2] + m[8]) / s;
        } else if (m11 > m22) {
            double s = Math.sqrt(1 + m11 - m00 - m22) * 2;
            w = (m[2] - m[8]) / s;
            x = (m[1] + m[4]) / s;
            y = 0.25 * s;
            z = (m[6] + m[9]) / s;
        } else {
            double s = Math.sqrt(1 + m22 - m00 - m11) * 2;
            w = (m[4] - m[1]) / s;
            x = (m[2] + m[8]) / s;
            y = (m[6] + m[9]) / s;
            z = 0.25 * s;
        }
        return new ColmapImg(id, new double[] {w, x, y, z}, new double[] {m[3], m[7], m[11]}, camId, name);
    }

    /** cameras.bin, images.bin (each image with 2 dummy 2D points), points3D.bin (track length 2). */
    static void writeColmapBin(Path dir, List<ColmapCam> cams, List<ColmapImg> imgs, float[] xyz, int[] rgb) throws IOException {
        Files.createDirectories(dir);
        ByteBuffer b = le(1 << 16);
        b.putLong(cams.size());
        for (ColmapCam c : cams) {
            b.putInt(c.id()).putInt(c.modelId()).putLong(c.w()).putLong(c.h());
            for (double p : c.params()) {
                b.putDouble(p);
            }
        }
        write(dir.resolve("cameras.bin"), b);
        b = le(1 << 20);
        b.putLong(imgs.size());
        for (ColmapImg im : imgs) {
            b.putInt(im.id());
            for (double v : im.q()) {
                b.putDouble(v);
            }
            for (double v : im.t()) {
                b.putDouble(v);
            }
            b.putInt(im.cameraId());
            b.put(im.name().getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            b.putLong(2);
            for (int k = 0; k < 2; k++) {
                b.putDouble(10.5 + k).putDouble(20.5).putLong(k == 0 ? 1 : -1);
            }
        }
        write(dir.resolve("images.bin"), b);
        int n = xyz.length / 3;
        b = le(1 << 20);
        b.putLong(n);
        for (int i = 0; i < n; i++) {
            b.putLong(i + 1);
            for (int a = 0; a < 3; a++) {
                b.putDouble(xyz[i * 3 + a]);
            }
            for (int a = 0; a < 3; a++) {
                b.put((byte) rgb[i * 3 + a]);
            }
            b.putDouble(0.5);
            b.putLong(2);
            b.putInt(imgs.get(0).id()).putInt(0).putInt(imgs.get(imgs.size() - 1).id()).putInt(1);
        }
        write(dir.resolve("points3D.bin"), b);
    }

    /** The same model as COLMAP's text format (comments, empty POINTS2D line for the last image). */
    static void writeColmapTxt(Path dir, List<ColmapCam> cams, List<ColmapImg> imgs, float[] xyz, int[] rgb) throws IOException {
        Files.createDirectories(dir);
        StringBuilder s = new StringBuilder("# Camera list with one line of data per camera:\n");
        for (ColmapCam c : cams) {
            s.append(c.id()).append(' ').append(c.model()).append(' ').append(c.w()).append(' ').append(c.h());
            for (double p : c.params()) {
                s.append(' ').append(p);
            }
            s.append('\n');
        }
        Files.writeString(dir.resolve("cameras.txt"), s);
        s = new StringBuilder("# Image list with two lines of data per image:\n# Number of images: " + imgs.size() + "\n");
        for (int k = 0; k < imgs.size(); k++) {
            ColmapImg im = imgs.get(k);
            s.append(im.id());
            for (double v : im.q()) {
                s.append(' ').append(v);
            }
            for (double v : im.t()) {
                s.append(' ').append(v);
            }
            s.append(' ').append(im.cameraId()).append(' ').append(im.name()).append('\n');
            s.append(k == imgs.size() - 1 ? "" : "10.5 20.5 1 11.5 20.5 -1").append('\n');
        }
        Files.writeString(dir.resolve("images.txt"), s);
        s = new StringBuilder("# 3D point list with one line of data per point:\n");
        for (int i = 0; i < xyz.length / 3; i++) {
            s.append(i + 1).append(' ').append(xyz[i * 3]).append(' ').append(xyz[i * 3 + 1]).append(' ').append(xyz[i * 3 + 2])
                    .append(' ').append(rgb[i * 3]).append(' ').append(rgb[i * 3 + 1]).append(' ').append(rgb[i * 3 + 2])
                    .append(" 0.5 ").append(imgs.get(0).id()).append(" 0\n");
        }
        Files.writeString(dir.resolve("points3D.txt"), s);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void write(Path f, ByteBuffer b) throws IOException {
        Files.write(f, java.util.Arrays.copyOf(b.array(), b.position()));
    }

    // ------------------------------------------------------------------ npy

    /** A version-1 .npy of float64 values with the given shape (C order). */
    static byte[] npy(double[] data, int... shape) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims.toString().replaceAll(", $", shape.length == 1 ? "," : "") + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = le(10 + header.length() + data.length * 8);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : data) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** The LLFF poses_bounds row (3x5 [down, right, backwards | t | hwf], near, far) of a camera. */
    static double[] llffRow(Camera c, double near, double far) {
        double[] cv = c.cameraToWorld(); // columns: right, down, forward (OpenCV)
        double[] row = new double[17];
        for (int r = 0; r < 3; r++) {
            row[r * 5] = cv[r * 4 + 1];       // down
            row[r * 5 + 1] = cv[r * 4];       // right
            row[r * 5 + 2] = -cv[r * 4 + 2];  // backwards
            row[r * 5 + 3] = cv[r * 4 + 3];
        }
        row[4] = c.height();
        row[9] = c.width();
        row[14] = c.fx();
        row[15] = near;
        row[16] = far;
        return row;
    }
}
