package org.splatforge.scenes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.Images;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.scenes.raytrace.RayTracer;
import org.splatforge.scenes.raytrace.SceneModel;

/**
 * Writes a built-in scene as a NeRF-synthetic / D-NeRF folder: for each split,
 * {@code <split>/r_NNN.png} (RGBA, straight alpha, 8-bit), {@code labels/<split>/r_NNN.png}
 * (class indices) and {@code transforms_<split>.json} ({@code camera_angle_x}; per frame
 * {@code file_path}, {@code transform_matrix} = camera-to-world in OpenGL axes, and
 * {@code time} for dynamic scenes), then {@code scene.json} (generator, options, classes).
 * Views render in parallel, one view per task.
 */
final class SceneWriter {

    static final int FORMAT_VERSION = 1;

    private SceneWriter() {
    }

    static void write(BuiltinScene scene, SceneOptions o, Path dir, int threads) throws IOException {
        List<Camera> train = CameraRig.train(o.trainViews(), o.width(), o.height(), o.seed());
        List<Camera> test = CameraRig.test(o.testViews(), o.width(), o.height(), o.seed());
        int n = train.size() + test.size();
        double[] times = new double[n];
        for (int i = 0; i < train.size(); i++) {
            times[i] = train.size() > 1 ? (double) i / (train.size() - 1) : 0; // D-NeRF: frames span [0, 1]
        }
        for (int j = 0; j < test.size(); j++) {
            times[train.size() + j] = (j + 0.5) / test.size(); // between training times
        }
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try (CpuDevice dev = new CpuDevice(workers)) {
            dev.parallelFor(n, 1, (s, e, wk) -> {
                for (int k = s; k < e; k++) {
                    Camera cam = k < train.size() ? train.get(k) : test.get(k - train.size());
                    double t = scene.dynamic() ? times[k] : 0;
                    SceneModel model = ShapesScene.at(t, scene.dynamic());
                    RayTracer.Frame f = new RayTracer(model).render(cam, o.samples());
                    try {
                        Images.writePng(dir.resolve(cam.name() + ".png"), f.rgba());
                        Images.writeLabels(dir.resolve("labels").resolve(cam.name() + ".png"), f.labels());
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        ObjectMapper json = new ObjectMapper();
        writeTransforms(json, dir.resolve("transforms_train.json"), train, times, 0, scene.dynamic());
        writeTransforms(json, dir.resolve("transforms_test.json"), test, times, train.size(), scene.dynamic());
        ObjectNode sj = json.createObjectNode();
        sj.put("generator", "splatforge scenes (Java ray tracer)");
        sj.put("format_version", FORMAT_VERSION);
        sj.put("name", scene.name());
        sj.put("kind", scene.dynamic() ? "dynamic" : "static");
        sj.put("width", o.width());
        sj.put("height", o.height());
        sj.put("train_views", o.trainViews());
        sj.put("test_views", o.testViews());
        sj.put("samples", o.samples());
        sj.put("seed", o.seed());
        ArrayNode cls = sj.putArray("classes");
        ShapesScene.CLASSES.forEach(cls::add);
        AtomicFiles.write(dir.resolve("scene.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(sj));
    }

    private static void writeTransforms(ObjectMapper json, Path file, List<Camera> cams, double[] times, int offset,
                                        boolean dynamic) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("camera_angle_x", CameraRig.FOV_X);
        ArrayNode frames = root.putArray("frames");
        for (int i = 0; i < cams.size(); i++) {
            Camera c = cams.get(i);
            ObjectNode f = frames.addObject();
            f.put("file_path", "./" + c.name());
            if (dynamic) {
                f.put("time", times[offset + i]);
            }
            double[] c2w = c.cameraToWorld();
            ArrayNode m = f.putArray("transform_matrix");
            for (int r = 0; r < 4; r++) {
                ArrayNode row = m.addArray();
                for (int col = 0; col < 4; col++) {
                    // OpenCV camera axes (x right, y down, z forward) -> OpenGL (y up, z back).
                    double v = c2w[r * 4 + col];
                    row.add(r < 3 && (col == 1 || col == 2) ? -v : v);
                }
            }
        }
        AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** Whether a scene.json describes exactly this scene and these options. */
    static boolean matches(JsonNode j, BuiltinScene scene, SceneOptions o) {
        return j.path("format_version").asInt(-1) == FORMAT_VERSION
                && scene.name().equals(j.path("name").asText())
                && j.path("width").asInt(-1) == o.width() && j.path("height").asInt(-1) == o.height()
                && j.path("train_views").asInt(-1) == o.trainViews() && j.path("test_views").asInt(-1) == o.testViews()
                && j.path("samples").asInt(-1) == o.samples() && j.path("seed").asLong(Long.MIN_VALUE) == o.seed();
    }
}
