package org.splatforge.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.util.Log;

/**
 * NeRF-synthetic (Mildenhall et al. 2020) and D-NeRF (Pumarola et al. 2021) layouts:
 * {@code transforms_{train,val,test}.json} beside the image folders. Each file has
 * {@code camera_angle_x} (horizontal field of view, radians) or explicit {@code fl_x}
 * [{@code fl_y}, {@code cx}, {@code cy}, {@code w}, {@code h}] (instant-ngp style, also per
 * frame), and {@code frames[]} with {@code file_path} (relative, usually without extension),
 * {@code transform_matrix} (camera-to-world, OpenGL axes) and, for D-NeRF, {@code time} in
 * [0, 1]. Optional {@code k1, k2, p1, p2} are removed by {@link Undistortion}.
 *
 * <p>Class labels: {@code labels/<file_path>.png} when {@code labels/<split>/} exists;
 * class names from {@code scene.json}'s {@code classes}.
 */
final class NerfSyntheticReader {

    private static final String[] EXTENSIONS = {"", ".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG"};

    private NerfSyntheticReader() {
    }

    static boolean detect(Path root) {
        return Files.isRegularFile(root.resolve("transforms_train.json"));
    }

    static ReaderResult read(Path root, DatasetOptions opts) throws IOException {
        Map<Split, List<ViewSpec>> specs = new EnumMap<>(Split.class);
        boolean anyTime = false;
        boolean anyNoTime = false;
        for (Split split : Split.values()) {
            Path file = root.resolve("transforms_" + split.fileName() + ".json");
            if (!opts.wants(split)) {
                continue;
            }
            if (!Files.isRegularFile(file)) {
                if (split == Split.TRAIN) {
                    throw new java.nio.file.NoSuchFileException(file.toString());
                }
                if (split == Split.TEST) {
                    Log.warn("%s not found: the dataset has no test views", file);
                }
                specs.put(split, List.of());
                continue;
            }
            List<ViewSpec> list = new ArrayList<>();
            int[] timeCounts = readSplit(root, file, split, opts, list);
            anyTime |= timeCounts[0] > 0;
            anyNoTime |= timeCounts[1] > 0;
            specs.put(split, list);
        }
        if (anyTime && anyNoTime) {
            throw CorruptDataException.field(root.resolve("transforms_train.json"), "frames[].time",
                    "some frames have a time and others do not; a dynamic dataset needs 'time' on every frame");
        }
        return new ReaderResult(DatasetFormat.NERF_SYNTHETIC, specs, anyTime, null, SceneJson.classNames(root));
    }

    /** Returns {frames with time, frames without}. */
    private static int[] readSplit(Path root, Path file, Split split, DatasetOptions opts, List<ViewSpec> out)
            throws IOException {
        JsonNode json = Json.read(file);
        JsonNode frames = json.get("frames");
        if (frames == null || !frames.isArray()) {
            throw CorruptDataException.field(file, "frames", (frames == null ? "missing" : "is " + Json.abbreviate(frames.toString()))
                    + "; expected an array of frames");
        }
        Path labelsDir = root.resolve("labels").resolve(split.fileName());
        boolean labels = opts.labels() && Files.isDirectory(labelsDir);
        int withTime = 0, withoutTime = 0;
        for (int i = 0; i < frames.size(); i++) {
            JsonNode f = frames.get(i);
            String field = "frames[" + i + "]";
            if (!f.isObject()) {
                throw CorruptDataException.field(file, field, "expected an object");
            }
            JsonNode fp = f.get("file_path");
            if (fp == null || !fp.isTextual() || fp.asText().isEmpty()) {
                throw CorruptDataException.field(file, field + ".file_path", "missing; expected the image path");
            }
            String rel = fp.asText();
            Path image = resolveImage(file.getParent(), rel);
            if (image == null) {
                throw CorruptDataException.field(file, field + ".file_path", "image '" + rel + "' not found (looked for "
                        + file.getParent().resolve(rel).normalize() + " with extensions none, .png, .jpg, .jpeg)");
            }
            double[] c2w = Json.matrix(f.get("transform_matrix"), file, field + ".transform_matrix");
            Poses.checkRigid(c2w, file, field + ".transform_matrix");
            double time = 0;
            if (Json.has(f, "time")) {
                time = Json.number(f, "time", 0, file, field + ".time");
                if (time < 0 || time > 1) {
                    Log.warn("%s: %s.time = %s is outside [0, 1]", file, field, time);
                }
                withTime++;
            } else {
                withoutTime++;
            }
            Intrinsics in = Intrinsics.parse(json, f, file, field);
            Path labelFile = null;
            if (labels) {
                Path rootRel = root.relativize(image);
                String stem = rootRel.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                Path parent = rootRel.getParent();
                labelFile = root.resolve("labels").resolve(parent == null ? Path.of(stem + ".png") : parent.resolve(stem + ".png"));
                if (!Files.isRegularFile(labelFile)) {
                    throw CorruptDataException.field(file, field + ".file_path", "label map " + labelFile
                            + " not found although " + labelsDir + " exists");
                }
            }
            String name = split.fileName() + "/" + image.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            Undistortion und = in.distortion() == null ? null : new Undistortion(in.distortion());
            out.add(new ViewSpec(name, image, labelFile, (w, h) -> in.camera(c2w, w, h, file, field), und, time));
        }
        return new int[] {withTime, withoutTime};
    }

    static Path resolveImage(Path dir, String rel) {
        for (String ext : EXTENSIONS) {
            Path p = dir.resolve(rel + ext).normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Intrinsics from a transforms file (file level, overridden per frame): either
     * {@code fl_x} [+ {@code fl_y}, {@code cx}, {@code cy}] at size {@code w} x {@code h}
     * (scaled to the image when it differs), or {@code camera_angle_x}
     * [+ {@code camera_angle_y}] (valid at any size). Principal point defaults to the
     * centre, {@code fl_y} to {@code fl_x}.
     */
    record Intrinsics(double angleX, double angleY, double flX, double flY, double cx, double cy, double w, double h,
                      double[] distortion) {

        static Intrinsics parse(JsonNode top, JsonNode frame, Path file, String field) throws CorruptDataException {
            double[] v = new double[8];
            String[] keys = {"camera_angle_x", "camera_angle_y", "fl_x", "fl_y", "cx", "cy", "w", "h"};
            for (int k = 0; k < keys.length; k++) {
                double d = Json.number(top, keys[k], Double.NaN, file, keys[k]);
                v[k] = Json.number(frame, keys[k], d, file, field + "." + keys[k]);
            }
            if (Double.isNaN(v[0]) && Double.isNaN(v[2])) {
                throw CorruptDataException.field(file, "camera_angle_x",
                        "missing; expected camera_angle_x (radians) or fl_x (pixels)");
            }
            if (!Double.isNaN(v[0]) && !(v[0] > 0 && v[0] < Math.PI)) {
                throw CorruptDataException.field(file, "camera_angle_x", "is " + v[0] + ", expected an angle in (0, pi) radians");
            }
            if (!Double.isNaN(v[2]) && !(v[2] > 0)) {
                throw CorruptDataException.field(file, "fl_x", "is " + v[2] + ", expected a focal length > 0 pixels");
            }
            double[] dist = null;
            String[] dk = {"k1", "k2", "p1", "p2"};
            for (int k = 0; k < 4; k++) {
                double d = Json.number(frame, dk[k], Json.number(top, dk[k], 0, file, dk[k]), file, field + "." + dk[k]);
                if (d != 0) {
                    if (dist == null) {
                        dist = new double[4];
                    }
                    dist[k] = d;
                }
            }
            return new Intrinsics(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], dist);
        }

        Camera camera(double[] c2w, int width, int height, Path file, String field) throws CorruptDataException {
            if (!Double.isNaN(flX)) {
                int nw = Double.isNaN(w) ? width : (int) Math.round(w);
                int nh = Double.isNaN(h) ? height : (int) Math.round(h);
                double fy = Double.isNaN(flY) ? flX : flY;
                double pcx = Double.isNaN(cx) ? 0.5 * nw : cx;
                double pcy = Double.isNaN(cy) ? 0.5 * nh : cy;
                Camera nominal = Camera.fromCameraToWorldGl(c2w, nw, nh, flX, fy, pcx, pcy);
                return ViewSpec.fitTo(nominal, width, height, file, field + ".w/h");
            }
            double fx = 0.5 * width / Math.tan(0.5 * angleX);
            double fy = Double.isNaN(angleY) ? fx : 0.5 * height / Math.tan(0.5 * angleY);
            double scaleX = Double.isNaN(w) ? 1 : width / w;
            double scaleY = Double.isNaN(h) ? 1 : height / h;
            double pcx = Double.isNaN(cx) ? 0.5 * width : cx * scaleX;
            double pcy = Double.isNaN(cy) ? 0.5 * height : cy * scaleY;
            return Camera.fromCameraToWorldGl(c2w, width, height, fx, fy, pcx, pcy);
        }
    }
}
