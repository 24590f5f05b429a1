package org.splatforge.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.view.ReportJson;
import org.splatforge.cli.view.SceneSpecs;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.metrics.Psnr;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.Devices;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;
import org.splatforge.cli.view.ViewCommand;
import org.splatforge.render.viewer.FrameReport;
import org.splatforge.render.viewer.Viewer;
import org.splatforge.render.viewer.ViewerOptions;
import org.splatforge.render.viewer.input.CameraPath;
import org.splatforge.render.viewer.scene.SceneSource;
import org.splatforge.render.viewer.scene.StaticSceneSource;
import org.splatforge.scenes.synthetic.SyntheticScene;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code splat bench view}: the viewer's frame rate on a synthetic scene (issue 7's target:
 * 100k splats at 800x600 >= 10 FPS on llvmpipe, no sort stall over a frame time). Orbits
 * the scene once with sorting behind the camera, as a person would, and prints the
 * frame-time and sort percentiles as JSON.
 */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Viewer frame rate on a synthetic scene (needs a display with OpenGL 4.3; use xvfb-run without one).")
public final class BenchViewCommand implements Callable<Integer> {

    @Option(names = "--splats", paramLabel = "N", defaultValue = "100000", description = "Gaussians (default: ${DEFAULT-VALUE}).")
    int splats;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "800x600", description = "Frame size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "120", description = "Frames over one orbit (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10", description = "Frames rendered and not measured first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Scene seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scene", paramLabel = "SCENE",
            description = "Measure this scene instead (a file or folder as `splat view` takes); --splats and --seed are then ignored.")
    String scene;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "FLOAT32",
            description = "Blending buffer: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ViewerOptions.Precision precision;

    @Option(names = "--quads", paramLabel = "MODE", defaultValue = "AUTO",
            description = "How splat quads reach GL: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: pulled on software GL, instanced on GPUs).")
    ViewerOptions.QuadMode quads;

    @Option(names = "--hidden", description = "Do not show the window.")
    boolean hidden;

    @Option(names = "--compare", description = "Also render the first frame's camera with the CPU rasterizer and report "
            + "the PSNR of the viewer's picture against it (and the rasterizer's time).")
    boolean compare;

    @Override
    public Integer call() throws java.io.IOException {
        if (splats < 1 || frames < 1 || warmup < 0) {
            throw new IllegalArgumentException("--splats and --frames must be >= 1 and --warmup >= 0");
        }
        int[] wh = ViewCommand.parseSize(size);
        long g0 = System.nanoTime();
        SceneSource source = scene != null ? SceneSpecs.open(scene)
                : new StaticSceneSource("synthetic:" + splats + ":" + seed, SyntheticScene.balls(splats, seed));
        double genMs = (System.nanoTime() - g0) / 1e6;
        ViewerOptions opts = new ViewerOptions().size(wh[0], wh[1]).visible(!hidden).vsync(false)
                .precision(precision).title("splat bench view").quadMode(quads);
        if (scene == null || SceneSpecs.isSynthetic(scene)) {
            opts.up(new double[] {0, 0, 1});
        }
        try (Viewer viewer = Viewer.open(opts)) {
            viewer.setScene(source);
            var v = viewer.view();
            CameraPath orbit = CameraPath.orbit(v.pivot(), v.distance(), Math.toRadians(20), v.up(), v.fovY());
            // A dynamic scene plays through its time range once, so per-time uploads are measured too.
            double t0 = source.startTime(), span = source.endTime() - source.startTime();
            if (warmup > 0) {
                viewer.runFrames(orbit, warmup, k -> t0, null, false);
            }
            FrameReport r = viewer.runFrames(orbit, frames, k -> t0 + span * k / Math.max(1, frames - 1), null, false);
            ObjectNode o = ReportJson.of(source.name(), r);
            if (compare) {
                compare(viewer, source, orbit.camera(0, frames, wh[0], wh[1]), t0, o);
            }
            o.put("benchmark", "view");
            o.put("warmup_frames", warmup);
            o.put("dynamic", source.dynamic());
            o.put("scene_load_ms", Math.round(genMs));
            o.put("processors", Runtime.getRuntime().availableProcessors());
            System.out.println(ReportJson.print(o));
        }
        return ExitCodes.OK;
    }

    /** The viewer's exact frame against the CPU rasterizer's image of the same camera (RGB PSNR). */
    private static void compare(Viewer viewer, SceneSource source, Camera cam, double t, ObjectNode o) {
        FloatImage gl = viewer.render(cam, t);
        float[] rgb = new float[cam.width() * cam.height() * 3];
        for (int p = 0; p < cam.width() * cam.height(); p++) {
            System.arraycopy(gl.data(), p * 4, rgb, p * 3, 3);
        }
        try (Device cpu = Devices.open("cpu", 0); Rasterizer raster = Rasterizers.create(cpu)) {
            GaussianCloud cloud = source.at(t);
            RasterSettings settings = RasterSettings.defaults().withBackground(0, 0, 0);
            raster.forward(cloud, cam, settings); // warm-up
            long c0 = System.nanoTime();
            RasterFrame f = raster.forward(cloud, cam, settings);
            o.put("cpu_rasterizer_ms", Math.round((System.nanoTime() - c0) / 1e5) / 10.0);
            double psnr = Psnr.psnr(new FloatImage(cam.width(), cam.height(), 3, rgb),
                    new FloatImage(cam.width(), cam.height(), 3, f.image()));
            o.put("psnr_vs_cpu_rasterizer_db", Math.round(psnr * 100) / 100.0);
        }
    }
}
