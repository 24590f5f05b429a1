package org.splatforge.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.util.Log;

/**
 * The Neural 3D Video layout (Li et al. 2022, "Neural 3D Video Synthesis from Multi-view
 * Video"), as 4DGaussians reads it: camera folders {@code camXX/images/NNNN.png} (frames
 * extracted from {@code camXX.mp4}), and {@code poses_bounds.npy}, float64 (N, 17), one row
 * per camera in sorted folder order: a row-major 3x5 matrix in LLFF axes
 * [down, right, backwards | translation | (H, W, focal)] then near and far bounds.
 * {@code cam00} is the test camera; frame f of F is at time f / (F - 1).
 *
 * <p>LLFF's camera-to-world columns are the camera's down, right and backward axes; OpenCV
 * axes (x right, y down, z forward) are therefore columns (1, 0, -2). The focal length is
 * stated at (H, W) and scaled to the extracted frames' size.
 */
final class N3vReader {

    private N3vReader() {
    }

    static boolean detect(Path root) throws IOException {
        return Files.isRegularFile(root.resolve("poses_bounds.npy")) && !cameraDirs(root).isEmpty();
    }

    static List<Path> cameraDirs(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("cam\\d+")).sorted().toList();
        }
    }

    static ReaderResult read(Path root, DatasetOptions opts) throws IOException {
        Path pb = root.resolve("poses_bounds.npy");
        Npy npy = Npy.read(pb);
        if (npy.shape().length != 2 || npy.shape()[1] != 17) {
            throw CorruptDataException.field(pb, "shape", java.util.Arrays.toString(npy.shape())
                    + ", expected (N, 17): a 3x5 pose and near/far per camera");
        }
        int n = npy.shape()[0];
        List<Path> cams = cameraDirs(root);
        if (cams.size() != n) {
            throw CorruptDataException.field(pb, "shape", "has " + n + " camera poses but " + root + " has "
                    + cams.size() + " camXX folders " + cams.stream().map(p -> p.getFileName().toString()).toList());
        }
        List<String> testNames = opts.testCameras() != null ? opts.testCameras() : List.of("cam00");
        List<ViewSpec> train = new ArrayList<>(), test = new ArrayList<>();
        int firstCount = -1;
        for (int i = 0; i < n; i++) {
            Path camDir = cams.get(i);
            String camName = camDir.getFileName().toString();
            double[] row = java.util.Arrays.copyOfRange(npy.data(), i * 17, i * 17 + 17);
            for (int k = 0; k < 17; k++) {
                if (!Double.isFinite(row[k])) {
                    throw CorruptDataException.at(pb, -1, "camera " + i + " (" + camName + "), value " + k
                            + " (row " + k / 5 + ", column " + k % 5 + " of the 3x5 pose) is " + row[k] + ", expected a finite number");
                }
            }
            Camera nominal = llffCamera(row, pb, "camera " + i + " (" + camName + ")");
            Path framesDir = camDir.resolve("images");
            if (!Files.isDirectory(framesDir)) {
                String hint = Files.isRegularFile(root.resolve(camName + ".mp4"))
                        ? "; extract the frames first, e.g. ffmpeg -i " + camName + ".mp4 " + camName + "/images/%04d.png" : "";
                throw new java.nio.file.NoSuchFileException(framesDir.toString(), null, "frame folder of " + camName + " is missing" + hint);
            }
            List<Path> frames = FrameFolders.frames(framesDir);
            if (frames.isEmpty()) {
                throw new CorruptDataException(framesDir + ": no PNG or JPEG frames");
            }
            if (firstCount < 0) {
                firstCount = frames.size();
            } else if (frames.size() != firstCount) {
                Log.warn("%s has %d frames, %s has %d: times are per camera, f / (frames - 1)", camName, frames.size(),
                        cams.get(0).getFileName(), firstCount);
            }
            boolean isTest = testNames.contains(camName);
            String what = "camera " + i + " (" + camName + ")";
            for (int f = 0; f < frames.size(); f++) {
                Path img = frames.get(f);
                ViewSpec s = new ViewSpec(camName + "/" + FrameFolders.stem(img), img, null,
                        (w, h) -> ViewSpec.fitTo(nominal, w, h, pb, what + " (H, W)"), null, FrameFolders.time(f, frames.size()), camName);
                (isTest ? test : train).add(s);
            }
        }
        for (String t : testNames) {
            if (cams.stream().noneMatch(c -> c.getFileName().toString().equals(t))) {
                throw new IllegalArgumentException("test camera '" + t + "' is not among the camera folders of " + root);
            }
        }
        Map<Split, List<ViewSpec>> specs = ReaderResult.trainTest(train, test, opts);
        return new ReaderResult(DatasetFormat.N3V, specs, true, null, SceneJson.classNames(root));
    }

    /** The camera of one poses_bounds row (size and focal as stated in the row). */
    static Camera llffCamera(double[] row, Path file, String what) throws CorruptDataException {
        // Row-major 3x5: m(r, c) = row[r*5 + c].
        double[] c2w = new double[16];
        for (int r = 0; r < 3; r++) {
            c2w[r * 4] = row[r * 5 + 1];        // x: right
            c2w[r * 4 + 1] = row[r * 5];        // y: down
            c2w[r * 4 + 2] = -row[r * 5 + 2];   // z: forward = -backwards
            c2w[r * 4 + 3] = row[r * 5 + 3];
        }
        c2w[15] = 1;
        Poses.checkRigid(c2w, file, what + " pose (as OpenCV camera-to-world)");
        double h = row[4], w = row[9], focal = row[14];
        if (!(h >= 1 && w >= 1 && h <= 1 << 15 && w <= 1 << 15) || h != Math.rint(h) || w != Math.rint(w)) {
            throw CorruptDataException.field(file, what + " (H, W)", "is (" + h + ", " + w + "), expected whole pixel counts in 1..32768");
        }
        if (!(focal > 0)) {
            throw CorruptDataException.field(file, what + " focal", "is " + focal + ", expected > 0 pixels");
        }
        return new Camera((int) w, (int) h, focal, focal, 0.5 * w, 0.5 * h, Camera.invert(c2w));
    }
}
