package org.splatforge.core.data.colmap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.io.CorruptDataException;

/**
 * COLMAP's binary model ({@code cameras.bin}, {@code images.bin}, {@code points3D.bin}),
 * little-endian, as written by COLMAP's {@code WriteCamerasBinary} / {@code
 * WriteImagesBinary} / {@code WritePoints3DBinary} (src/colmap/scene/reconstruction_io.cc):
 * <pre>
 * cameras:  u64 n; n x { u32 id, i32 model_id, u64 width, u64 height, f64 params[model] }
 * images:   u64 n; n x { u32 id, f64 qvec[4], f64 tvec[3], u32 camera_id, char name[] NUL,
 *                        u64 n2d, n2d x { f64 x, f64 y, u64 point3D_id } }
 * points3D: u64 n; n x { u64 id, f64 xyz[3], u8 rgb[3], f64 error,
 *                        u64 track_len, track_len x { u32 image_id, u32 point2D_idx } }
 * </pre>
 */
final class ColmapBinaryReader {

    private ColmapBinaryReader() {
    }

    static Map<Integer, ColmapCamera> cameras(Path file) throws IOException {
        BinaryCursor in = BinaryCursor.open(file);
        long n = in.u64("camera count");
        in.checkCount(n, 0, 4 + 4 + 8 + 8 + 3 * 8, "camera");
        Map<Integer, ColmapCamera> out = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) {
            long recordAt = in.offset();
            int id = in.u32("camera_id of camera #" + i);
            long modelAt = in.offset();
            int modelId = in.u32("model_id of camera " + id);
            ColmapCameraModel model = ColmapCameraModel.byId(modelId);
            if (model == null) {
                throw CorruptDataException.at(file, modelAt, "camera " + id + ": unknown camera model id " + modelId
                        + " (COLMAP defines ids 0.." + (ColmapCameraModel.values().length - 1) + ")");
            }
            long w = in.u64("width of camera " + id);
            long h = in.u64("height of camera " + id);
            checkSize(file, recordAt, id, w, h);
            double[] params = new double[model.numParams()];
            for (int p = 0; p < params.length; p++) {
                params[p] = in.finite("parameter " + p + " of camera " + id + " (" + model.name() + ": " + model.paramNames() + ")");
            }
            if (out.put(id, new ColmapCamera(id, model, (int) w, (int) h, params)) != null) {
                throw CorruptDataException.at(file, recordAt, "camera id " + id + " appears twice");
            }
        }
        in.expectEnd("camera");
        return out;
    }

    static void checkSize(Path file, long at, int id, long w, long h) throws CorruptDataException {
        if (w < 1 || h < 1 || w > 1 << 15 || h > 1 << 15) {
            throw CorruptDataException.at(file, at, "camera " + id + " is " + w + "x" + h + ", expected 1..32768 pixels a side");
        }
    }

    static List<ColmapImage> images(Path file) throws IOException {
        BinaryCursor in = BinaryCursor.open(file);
        long n = in.u64("image count");
        in.checkCount(n, 0, 4 + 32 + 24 + 4 + 1 + 8, "image");
        List<ColmapImage> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            int id = in.u32("image_id of image #" + i);
            double[] q = new double[4];
            double[] t = new double[3];
            for (int k = 0; k < 4; k++) {
                q[k] = in.finite("qvec[" + k + "] of image " + id);
            }
            for (int k = 0; k < 3; k++) {
                t[k] = in.finite("tvec[" + k + "] of image " + id);
            }
            int cam = in.u32("camera_id of image " + id);
            String name = in.cString("name of image " + id, 4096);
            long countAt = in.offset();
            long n2d = in.u64("num_points2D of image " + id);
            if (n2d < 0 || n2d > in.remaining() / 24) {
                throw CorruptDataException.at(file, countAt, "image " + id + " ('" + name + "'): num_points2D "
                        + Long.toUnsignedString(n2d) + " exceeds the file (24 bytes each, " + in.remaining() + " bytes left)");
            }
            in.skip(n2d, 24, "points2D of image " + id);
            ColmapText.checkQuaternion(q, file, "image " + id + " qvec");
            out.add(new ColmapImage(id, q, t, cam, name, n2d));
        }
        in.expectEnd("image");
        return out;
    }

    static Points points(Path file) throws IOException {
        BinaryCursor in = BinaryCursor.open(file);
        long n = in.u64("point count");
        in.checkCount(n, 0, 8 + 24 + 3 + 8 + 8, "point");
        int count = (int) n;
        float[] pos = new float[count * 3];
        float[] col = new float[count * 3];
        long[] ids = new long[count];
        float[] err = new float[count];
        for (int i = 0; i < count; i++) {
            long id = in.u64("point3D_id of point #" + i);
            ids[i] = id;
            for (int a = 0; a < 3; a++) {
                pos[i * 3 + a] = (float) in.finite("xyz[" + a + "] of point " + id);
            }
            for (int a = 0; a < 3; a++) {
                col[i * 3 + a] = in.u8("rgb[" + a + "] of point " + id) / 255f;
            }
            err[i] = (float) in.f64("error of point " + id);
            long lenAt = in.offset();
            long len = in.u64("track_length of point " + id);
            if (len < 0 || len > in.remaining() / 8) {
                throw CorruptDataException.at(file, lenAt, "point " + id + ": track_length " + Long.toUnsignedString(len)
                        + " exceeds the file (8 bytes each, " + in.remaining() + " bytes left)");
            }
            in.skip(len, 8, "track of point " + id);
        }
        in.expectEnd("point");
        return new Points(pos, col, ids, err);
    }
}
