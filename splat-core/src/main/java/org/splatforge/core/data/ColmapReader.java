package org.splatforge.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.colmap.Colmap;
import org.splatforge.core.data.colmap.ColmapCamera;
import org.splatforge.core.data.colmap.ColmapCameraModel;
import org.splatforge.core.data.colmap.ColmapImage;
import org.splatforge.core.data.colmap.ColmapModel;
import org.splatforge.core.io.CorruptDataException;

/**
 * A COLMAP scene: a sparse model in {@code sparse/0} (or {@code sparse}, or the root, or
 * {@link DatasetOptions#withColmapModel}) and its images in {@code images/} beside
 * {@code sparse/}. Registered images sorted by name; every {@code holdout}-th (index 0, 8,
 * 16, ... by default) is a test view, as 3DGS's {@code --eval}. Initial points are
 * points3D. Distorted camera models are undistorted to pinhole ({@link Undistortion}).
 */
final class ColmapReader {

    private ColmapReader() {
    }

    static Path modelDir(Path root, DatasetOptions opts) {
        if (opts.colmapModel() != null) {
            return root.resolve(opts.colmapModel());
        }
        for (String c : new String[] {"sparse/0", "sparse", "."}) {
            Path d = root.resolve(c).normalize();
            if (Colmap.isModelDir(d)) {
                return d;
            }
        }
        return null;
    }

    static boolean detect(Path root) {
        return modelDir(root, DatasetOptions.defaults()) != null;
    }

    static ReaderResult read(Path root, DatasetOptions opts) throws IOException {
        Path dir = modelDir(root, opts);
        if (dir == null || !Colmap.isModelDir(dir)) {
            throw new NoSuchFileException(String.valueOf(dir == null ? root.resolve("sparse/0") : dir), null,
                    "no COLMAP model (cameras.bin or cameras.txt) here");
        }
        Path imagesDir = root.resolve(opts.imagesDir());
        if (!Files.isDirectory(imagesDir)) {
            throw new NoSuchFileException(imagesDir.toString(), null, "the COLMAP images folder is missing");
        }
        ColmapModel model = Colmap.read(dir);
        Path imagesFile = dir.resolve(model.binary() ? "images.bin" : "images.txt");
        Path camerasFile = dir.resolve(model.binary() ? "cameras.bin" : "cameras.txt");

        Map<Integer, Undistortion> undistortions = new HashMap<>();
        for (ColmapCamera c : model.cameras().values()) {
            if (!c.model().supported()) {
                throw CorruptDataException.field(camerasFile, "camera " + c.id() + " model", c.model().name() + " (id "
                        + c.model().id() + ") is not supported; supported models: " + ColmapCameraModel.supportedNames()
                        + ". Undistort with 'colmap image_undistorter' first, which writes a PINHOLE model.");
            }
            double[] d = c.model().opencvDistortion(c.params());
            if (d != null) {
                undistortions.put(c.id(), new Undistortion(d));
            }
            double[] k = c.model().pinhole(c.params());
            if (!(k[0] > 0) || !(k[1] > 0)) {
                throw CorruptDataException.field(camerasFile, "camera " + c.id() + " focal length",
                        "is " + k[0] + ", " + k[1] + "; expected > 0 pixels");
            }
        }

        List<ColmapImage> sorted = new ArrayList<>(model.images());
        sorted.sort(Comparator.comparing(ColmapImage::name));
        List<ViewSpec> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            ColmapImage im = sorted.get(i);
            Path file = imagesDir.resolve(im.name()).normalize();
            if (!Files.isRegularFile(file)) {
                throw CorruptDataException.field(imagesFile, "image " + im.id() + " name", "'" + im.name()
                        + "' not found in " + imagesDir);
            }
            ColmapCamera cam = model.cameras().get(im.cameraId());
            double[] k = cam.model().pinhole(cam.params());
            Camera nominal = Camera.fromColmap(im.qvec(), im.tvec(), cam.width(), cam.height(), k[0], k[1], k[2], k[3]);
            String field = "image " + im.id() + " ('" + im.name() + "')";
            String stem = im.name().replaceFirst("\\.[^.]+$", "");
            ViewSpec spec = new ViewSpec(stem, file, null,
                    (w, h) -> ViewSpec.fitTo(nominal, w, h, camerasFile, field + " camera " + cam.id()),
                    undistortions.get(cam.id()), 0.0);
            boolean isTest = opts.holdout() > 0 && i % opts.holdout() == 0;
            (isTest ? test : train).add(spec);
        }
        Map<Split, List<ViewSpec>> specs = ReaderResult.trainTest(train, test, opts);
        PointCloud pts = new PointCloud(model.pointCount(), model.pointPositions(), model.pointColors());
        return new ReaderResult(DatasetFormat.COLMAP, specs, false, pts, SceneJson.classNames(root));
    }
}
