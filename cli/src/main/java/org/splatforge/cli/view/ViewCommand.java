package org.splatforge.cli.view;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntToDoubleFunction;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.Dataset;
import org.splatforge.core.data.DatasetOptions;
import org.splatforge.core.data.Datasets;
import org.splatforge.core.util.Log;
import org.splatforge.render.viewer.FrameReport;
import org.splatforge.render.viewer.Viewer;
import org.splatforge.render.viewer.ViewerOptions;
import org.splatforge.render.viewer.input.CameraPath;
import org.splatforge.render.viewer.scene.SceneSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splat view SCENE}: the interactive viewer, or with {@code --frames N} a scripted,
 * measured run that prints frame-time percentiles as JSON (and writes screenshots with
 * {@code --screenshot-dir}).
 */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = {"Look at a static or dynamic Gaussian scene in an OpenGL 4.3 window.",
                "SCENE is a scene file (PLY, .splat, SPZ, Arrow, .sfz; by content or extension), a folder of such files "
                        + "(one per time step: a dynamic scene), or synthetic:N[:SEED] / synthetic-dynamic:N[:SEED] (built-in balls).",
                "Press H in the window for the controls. With --frames N it renders N frames along a camera "
                        + "path without input and prints FPS and frame-time percentiles as JSON."})
public final class ViewCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENE", description = "Scene file, folder of per-time scene files, or synthetic:N[:SEED] / synthetic-dynamic:N[:SEED].")
    String scene;

    @Option(names = "--dataset", paramLabel = "DIR", description = "Dataset whose training cameras C / shift+C cycle through.")
    Path dataset;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "0",
            description = "Render N frames along --path without input, print JSON timings, then exit (0 = interactive).")
    int frames;

    @Option(names = "--screenshot-dir", paramLabel = "DIR",
            description = "With --frames: write every frame as DIR/frame-NNNNN.png. Interactive: where F12 writes (default: .).")
    Path screenshotDir;

    @Option(names = "--camera", paramLabel = "SPEC",
            description = "Start (or, with --frames, fixed) camera: lookat:EX,EY,EZ:TX,TY,TZ[:FOVY_DEG] or the index of a --dataset camera.")
    String camera;

    @Option(names = "--path", paramLabel = "PATH",
            description = "With --frames: orbit (one turn around the scene) or fixed (the --camera). Default: orbit unless --camera is given.")
    String path;

    @Option(names = "--size", paramLabel = "WxH", description = "Window size (default: 1280x800; 800x600 with --frames).")
    String size;

    @Option(names = "--time", paramLabel = "T", description = "Scene time for dynamic scenes (with --frames: fixed; default sweeps start..end).")
    Double time;

    @Option(names = "--sh-degree", paramLabel = "D", defaultValue = "3", description = "Highest SH degree to evaluate (default: ${DEFAULT-VALUE}).")
    int shDegree;

    @Option(names = "--background", paramLabel = "R,G,B", defaultValue = "0,0,0", description = "Background colour in [0,1] (default: ${DEFAULT-VALUE}).")
    String background;

    @Option(names = "--up", paramLabel = "X,Y,Z", description = "World up vector (default: from --dataset cameras, else -y; +z for synthetic scenes).")
    String up;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "FLOAT32",
            description = "Blending buffer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ViewerOptions.Precision precision;

    @Option(names = "--antialiased", description = "Mip-Splatting opacity compensation, for models trained with it.")
    boolean antialiased;

    @Option(names = "--exact-order", description = "With --frames: wait for each frame's own depth sort instead of sorting behind the camera.")
    boolean exactOrder;

    @Option(names = "--quads", paramLabel = "MODE", defaultValue = "AUTO",
            description = "How splat quads reach GL: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: pulled on software GL, instanced on GPUs).")
    ViewerOptions.QuadMode quads;

    @Option(names = "--hidden", description = "Do not show the window (off-screen rendering only).")
    boolean hidden;

    @Option(names = "--no-vsync", description = "Interactive: do not wait for the screen refresh.")
    boolean noVsync;

    @Override
    public Integer call() throws Exception {
        if (frames < 0) {
            throw new IllegalArgumentException("--frames must be >= 0, got " + frames);
        }
        if (screenshotDir != null && frames == 0 && !java.nio.file.Files.isDirectory(screenshotDir)) {
            java.nio.file.Files.createDirectories(screenshotDir);
        }
        List<Camera> cams = datasetCameras();
        SceneSource src = SceneSpecs.open(scene);
        int[] wh = parseSize(size != null ? size : frames > 0 ? "800x600" : "1280x800");
        if (size == null && frames > 0 && camera != null && !camera.startsWith("lookat:") && !cams.isEmpty()) {
            Camera c = datasetCamera(camera, cams); // render a dataset camera at its own size
            wh = new int[] {c.width(), c.height()};
        }
        float[] bg = parseVector(background, "--background", 3);
        ViewerOptions opts = new ViewerOptions().size(wh[0], wh[1]).visible(!hidden).vsync(!noVsync)
                .background(bg[0], bg[1], bg[2]).maxShDegree(shDegree).precision(precision).cameras(cams)
                .antialiased(antialiased).quadMode(quads);
        if (up != null) {
            float[] u = parseVector(up, "--up", 3);
            opts.up(new double[] {u[0], u[1], u[2]});
        } else if (SceneSpecs.isSynthetic(scene)) {
            opts.up(new double[] {0, 0, 1});
        }
        if (screenshotDir != null) {
            opts.screenshotDir(screenshotDir);
        }
        try (Viewer viewer = Viewer.open(opts)) {
            viewer.setScene(src);
            Camera start = camera == null ? null : parseCamera(camera, cams, wh[0], wh[1]);
            if (frames == 0) {
                if (start != null) {
                    viewer.view().setFrom(start);
                }
                viewer.interact();
                return ExitCodes.OK;
            }
            CameraPath camPath = cameraPath(viewer, src, start);
            IntToDoubleFunction times = timeline(src);
            FrameReport r = viewer.runFrames(camPath, frames, times, screenshotDir, exactOrder);
            System.out.println(ReportJson.print(ReportJson.of(scene, r)));
            return ExitCodes.OK;
        }
    }

    private CameraPath cameraPath(Viewer viewer, SceneSource src, Camera start) {
        String p = path != null ? path.toLowerCase(Locale.ROOT) : start != null ? "fixed" : "orbit";
        switch (p) {
            case "fixed" -> {
                if (start == null) {
                    return CameraPath.fixed(viewer.view().camera(800, 600, 0));
                }
                return CameraPath.fixed(start);
            }
            case "orbit" -> {
                var v = viewer.view();
                double[] pivot = v.pivot();
                return CameraPath.orbit(pivot, v.distance(), Math.toRadians(20), v.up(), v.fovY());
            }
            default -> throw new IllegalArgumentException("--path must be orbit or fixed, got " + path);
        }
    }

    private IntToDoubleFunction timeline(SceneSource src) {
        if (time != null) {
            double t = time;
            if (!(t >= src.startTime() && t <= src.endTime())) {
                throw new IllegalArgumentException("--time " + t + " outside the scene's time range ["
                        + src.startTime() + ", " + src.endTime() + "]");
            }
            return k -> t;
        }
        if (!src.dynamic()) {
            return k -> src.startTime();
        }
        double a = src.startTime(), b = src.endTime();
        return k -> frames == 1 ? a : a + (b - a) * k / (frames - 1);
    }

    /** The training cameras of --dataset (any layout the project reads), named, with their times. */
    private List<Camera> datasetCameras() throws java.io.IOException {
        if (dataset == null) {
            return List.of();
        }
        // Only the cameras are needed: lazy images keep memory low (each image is still
        // decoded once, so a broken dataset fails here with a clear message).
        Dataset ds = Datasets.load(dataset, DatasetOptions.defaults().withLazyImages(true));
        List<Camera> cams = ds.train().stream().map(v -> v.camera().withTime(v.time()).withName(v.name())).toList();
        Log.info("view: %s: %d training cameras (C / shift+C cycle through them)", dataset, cams.size());
        return cams;
    }

    static Camera parseCamera(String spec, List<Camera> cams, int w, int h) {
        if (spec.startsWith("lookat:")) {
            String[] parts = spec.substring(7).split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("--camera " + spec + ": expected lookat:EX,EY,EZ:TX,TY,TZ[:FOVY_DEG]");
            }
            float[] eye = parseVector(parts[0], "--camera eye", 3), at = parseVector(parts[1], "--camera target", 3);
            double fov = parts.length == 3 ? Double.parseDouble(parts[2]) : 50;
            if (!(fov > 1 && fov < 170)) {
                throw new IllegalArgumentException("--camera field of view must be in (1, 170) degrees, got " + fov);
            }
            double[] e = {eye[0], eye[1], eye[2]}, t = {at[0], at[1], at[2]};
            double[] upV = Math.abs(e[0] - t[0]) + Math.abs(e[1] - t[1]) < 1e-9 ? new double[] {0, 1, 0} : new double[] {0, 0, 1};
            return Camera.lookAt(e, t, upV, w, h, Math.toRadians(fov));
        }
        return datasetCamera(spec, cams).resized(w, h);
    }

    /** The --dataset camera named by its index or name, at its own size. */
    static Camera datasetCamera(String spec, List<Camera> cams) {
        try {
            int i = Integer.parseInt(spec);
            if (i < 0 || i >= cams.size()) {
                throw new IllegalArgumentException("--camera " + i + ": the dataset has " + cams.size() + " cameras"
                        + (cams.isEmpty() ? " (give --dataset DIR, or use lookat:...)" : " (0.." + (cams.size() - 1) + ")"));
            }
            return cams.get(i);
        } catch (NumberFormatException e) {
            for (Camera c : cams) {
                if (c.name().equals(spec)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("--camera " + spec + ": not lookat:... and no dataset camera of that index or name");
        }
    }

    /** Parses WIDTHxHEIGHT (each 16..16384). */
    public static int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim()), h = Integer.parseInt(p[1].trim());
                if (w >= 16 && h >= 16 && w <= 16384 && h <= 16384) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("--size " + s + ": expected WIDTHxHEIGHT, each 16..16384, e.g. 800x600");
    }

    static float[] parseVector(String s, String what, int n) {
        String[] p = s.split(",");
        if (p.length != n) {
            throw new IllegalArgumentException(what + " " + s + ": expected " + n + " comma-separated numbers");
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            try {
                v[i] = Float.parseFloat(p[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " " + s + ": '" + p[i] + "' is not a number");
            }
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " " + s + ": values must be finite");
            }
        }
        return v;
    }
}
