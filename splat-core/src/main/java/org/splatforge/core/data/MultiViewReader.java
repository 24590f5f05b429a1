package org.splatforge.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.io.CorruptDataException;

/**
 * Splatforge's plain multi-view video layout: fixed cameras, one folder of frames per
 * camera, and a {@code multiview.json} describing the cameras with NeRF's vocabulary:
 * <pre>
 * {
 *   "camera_angle_x": 0.95,                 // default intrinsics (or fl_x, fl_y, cx, cy, w, h)
 *   "cameras": [
 *     { "name": "cam00",                     // required, unique
 *       "folder": "cam00",                   // frames folder relative to the file (default: name)
 *       "split": "test",                     // train (default), val or test
 *       "transform_matrix": [[...4x4...]],   // camera-to-world, OpenGL axes, as NeRF
 *       "fl_x": 311.1 }                      // optional per-camera intrinsics
 *   ]
 * }
 * </pre>
 * Frames are the folder's PNG/JPEG files sorted by name; frame f of F is at time
 * f / (F - 1). Labels come from {@code labels/<folder>/<frame>.png} when that folder exists.
 * {@link DatasetOptions#withTestCameras} overrides the file's splits.
 */
final class MultiViewReader {

    static final String FILE = "multiview.json";

    private MultiViewReader() {
    }

    static boolean detect(Path root) {
        return Files.isRegularFile(root.resolve(FILE));
    }

    static ReaderResult read(Path root, DatasetOptions opts) throws IOException {
        Path file = root.resolve(FILE);
        JsonNode json = Json.read(file);
        JsonNode cams = json.get("cameras");
        if (cams == null || !cams.isArray() || cams.isEmpty()) {
            throw CorruptDataException.field(file, "cameras", "missing or empty; expected an array of cameras");
        }
        Map<Split, List<ViewSpec>> specs = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            if (opts.wants(s)) {
                specs.put(s, new ArrayList<>());
            }
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < cams.size(); i++) {
            JsonNode c = cams.get(i);
            String field = "cameras[" + i + "]";
            JsonNode nameNode = c.get("name");
            if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
                throw CorruptDataException.field(file, field + ".name", "missing; expected the camera's name");
            }
            String name = nameNode.asText();
            if (!names.add(name)) {
                throw CorruptDataException.field(file, field + ".name", "'" + name + "' appears twice");
            }
            String folder = c.has("folder") ? c.get("folder").asText() : name;
            Split split = Split.TRAIN;
            if (opts.testCameras() != null) {
                split = opts.testCameras().contains(name) ? Split.TEST : Split.TRAIN;
            } else if (c.has("split")) {
                try {
                    split = Split.valueOf(c.get("split").asText().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw CorruptDataException.field(file, field + ".split", "is '" + c.get("split").asText()
                            + "', expected train, val or test");
                }
            }
            double[] c2w = Json.matrix(c.get("transform_matrix"), file, field + ".transform_matrix");
            Poses.checkRigid(c2w, file, field + ".transform_matrix");
            NerfSyntheticReader.Intrinsics in = NerfSyntheticReader.Intrinsics.parse(json, c, file, field);
            Path dir = root.resolve(folder).normalize();
            if (!Files.isDirectory(dir)) {
                throw CorruptDataException.field(file, field + ".folder", "frames folder " + dir + " not found");
            }
            List<Path> frames = FrameFolders.frames(dir);
            if (frames.isEmpty()) {
                throw CorruptDataException.field(file, field + ".folder", dir + " has no PNG or JPEG frames");
            }
            Path labelsDir = root.resolve("labels").resolve(folder);
            boolean labels = opts.labels() && Files.isDirectory(labelsDir);
            List<ViewSpec> out = specs.get(split);
            if (out == null) {
                continue;
            }
            Undistortion und = in.distortion() == null ? null : new Undistortion(in.distortion());
            for (int f = 0; f < frames.size(); f++) {
                Path img = frames.get(f);
                Path lab = null;
                if (labels) {
                    lab = labelsDir.resolve(FrameFolders.stem(img) + ".png");
                    if (!Files.isRegularFile(lab)) {
                        throw CorruptDataException.field(file, field, "label map " + lab + " not found although "
                                + labelsDir + " exists");
                    }
                }
                out.add(new ViewSpec(name + "/" + FrameFolders.stem(img), img, lab,
                        (w, h) -> in.camera(c2w, w, h, file, field), und, FrameFolders.time(f, frames.size()), name));
            }
        }
        return new ReaderResult(DatasetFormat.MULTIVIEW, specs, true, null, SceneJson.classNames(root));
    }
}
