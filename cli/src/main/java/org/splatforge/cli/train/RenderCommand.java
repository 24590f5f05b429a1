package org.splatforge.cli.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.Dataset;
import org.splatforge.core.data.DatasetOptions;
import org.splatforge.core.data.Datasets;
import org.splatforge.core.data.Split;
import org.splatforge.core.data.View;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.Images;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.metrics.Psnr;
import org.splatforge.core.metrics.Ssim;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.render.dynamic.DynamicModel;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splat render MODEL}: either a dataset split's views to PNG (with PSNR/SSIM when the
 * dataset has ground truth), or a turntable ({@code --orbit N}) to a video through OpenCV's
 * VideoWriter, falling back to numbered PNG frames when no codec is available.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render a trained scene: the views of a dataset split to PNG (printing PSNR/SSIM against the",
                "ground truth), or a turntable video with --orbit N --out video.mp4. Dynamic scenes (a deformation.sfdf",
                "next to MODEL) render at each view's time, at --time T, or sweeping time with --orbit N --sweep."})
public final class RenderCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Scene file (.ply, .splat, .spz, .arrow).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--dataset", paramLabel = "DIR", description = "Render this dataset's cameras.")
        Path dataset;

        @Option(names = "--orbit", paramLabel = "N", description = "Render N frames of a turntable.")
        Integer orbit;
    }

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output folder (--dataset) or video file (--orbit; .mp4 or .avi).")
    Path out;

    @Option(names = "--split", paramLabel = "S", defaultValue = "test", description = "Dataset split: train, val or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--resolution", paramLabel = "R", defaultValue = "1", description = "Downscale the dataset's images and cameras by R.")
    double resolution;

    @Option(names = "--background", paramLabel = "RGB", description = "white, black or r,g,b (default: the dataset's; black for --orbit).")
    String background;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "400x400", description = "Turntable frame size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--fps", defaultValue = "30", description = "Turntable frames per second.")
    int fps;

    @Option(names = "--elevation", paramLabel = "DEG", defaultValue = "25", description = "Turntable camera elevation above the horizon, degrees.")
    double elevation;

    @Option(names = "--up", paramLabel = "X,Y,Z", defaultValue = "0,0,1", description = "World up axis of the turntable (default z, as Blender/NeRF-synthetic; COLMAP scenes often use 0,-1,0).")
    String up;

    @Option(names = "--distance", paramLabel = "D", description = "Turntable camera distance from the centre (default: 2.2 x the scene radius).")
    Double distance;

    @Option(names = "--time", paramLabel = "T", description = {"Dynamic scenes: render at time T in [0, 1] (default: each dataset view's own time;",
            "0 for --orbit)."})
    Double time;

    @Option(names = "--sweep", description = "Dynamic scenes with --orbit: sweep time from 0 to 1 over the frames.")
    boolean sweep;

    @Option(names = "--field", paramLabel = "FILE", description = "Deformation field of a dynamic scene (default: deformation.sfdf next to MODEL, when present).")
    Path field;

    @Mixin
    DeviceOptions deviceOptions;

    private DynamicModel dynamic;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(model)) {
            throw new NoSuchFileException(model.toString());
        }
        try (Device device = deviceOptions.open(); Rasterizer rast = Rasterizers.create(device)) {
            GaussianCloud cloud = SceneFiles.read(model, ReadOptions.DEFAULT.withDevice(device));
            Log.info("%s: %,d Gaussians, SH degree %d", model, cloud.size(), cloud.shDegree());
            Path f = field != null ? field : DynamicModel.fieldNextTo(model);
            if (field != null && !Files.exists(field)) {
                throw new NoSuchFileException(field.toString());
            }
            if (f != null) {
                dynamic = DynamicModel.load(cloud, f);
                Log.info("dynamic scene: field %s (%,d parameters), %,d of %,d Gaussians deform", f,
                        dynamic.field().parameterCount(), dynamic.dynamicCount(), cloud.size());
            } else if (time != null || sweep) {
                throw new IllegalArgumentException("--time/--sweep need a dynamic scene: no "
                        + org.splatforge.render.dynamic.DeformationFile.NAME + " next to " + model + " (pass --field FILE)");
            }
            if (time != null && !(time >= 0 && time <= 1)) {
                throw new IllegalArgumentException("--time must be in [0, 1], got " + time);
            }
            this.device = device;
            return mode.dataset != null ? renderDataset(cloud, rast, device) : renderOrbit(cloud, rast);
        }
    }

    private int renderDataset(GaussianCloud cloud, Rasterizer rast, Device device) throws Exception {
        Split s = switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> Split.TRAIN;
            case "val" -> Split.VAL;
            case "test" -> Split.TEST;
            default -> throw new IllegalArgumentException("--split must be train, val or test, got " + split);
        };
        DatasetOptions o = DatasetOptions.defaults().withResolution(resolution).withSplits(java.util.EnumSet.of(s))
                .withLabels(false).withThreads(device.parallelism());
        if (background != null) {
            o = o.withBackground(TrainCommand.parseBackground(background));
        }
        Dataset d = Datasets.load(mode.dataset, o);
        List<View> views = d.views(s);
        if (views.isEmpty()) {
            throw new IllegalArgumentException(mode.dataset + " has no " + split + " views");
        }
        float[] bg = d.background();
        RasterSettings settings = RasterSettings.defaults().withBackground(bg[0], bg[1], bg[2]);
        Files.createDirectories(out);
        Ssim ssim = new Ssim(device);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("model", model.toString());
        root.put("dataset", mode.dataset.toString());
        root.put("split", split);
        ArrayNode arr = root.putArray("views");
        RasterFrame f = new RasterFrame();
        double sp = 0, ss = 0;
        long t0 = System.nanoTime();
        long renderNs = 0;
        org.splatforge.render.dynamic.TemporalFlicker flicker = new org.splatforge.render.dynamic.TemporalFlicker();
        for (View v : views) {
            long r0 = System.nanoTime();
            f = rast.forward(cloudAt(cloud, time != null ? time : v.camera().time()), v.camera(), settings, f);
            renderNs += System.nanoTime() - r0;
            int w = v.width(), h = v.height();
            FloatImage img = new FloatImage(w, h, 3, java.util.Arrays.copyOf(f.image(), w * h * 3));
            String name = v.name().replace('/', '_') + ".png";
            Images.writePng(out.resolve(name), img);
            FloatImage gt = v.image();
            flicker.add(v.camera(), img.data(), gt.data());
            double p = Psnr.psnr(img, gt), q = ssim.ssim(img, gt);
            sp += p;
            ss += q;
            ObjectNode o2 = arr.addObject();
            o2.put("name", v.name());
            o2.put("file", name);
            o2.put("psnr", Math.round(p * 1e4) / 1e4);
            o2.put("ssim", Math.round(q * 1e5) / 1e5);
            System.out.printf(Locale.ROOT, "%-24s PSNR %7.3f dB  SSIM %.4f%n", v.name(), p, q);
        }
        int n = views.size();
        root.put("psnr", Math.round(sp / n * 1e4) / 1e4);
        root.put("ssim", Math.round(ss / n * 1e5) / 1e5);
        root.put("render_ms_per_frame", renderNs / 1e6 / n);
        if (flicker.pairs() > 0) {
            ObjectNode fl = root.putObject("temporal_flicker");
            fl.put("pairs", flicker.pairs());
            fl.put("render_change", flicker.renderChange());
            fl.put("truth_change", flicker.truthChange());
            fl.put("flicker", flicker.flicker());
            fl.put("note", "mean |frame(t) - frame(t-1)| per pixel and channel over same-pose pairs, renders minus ground truth");
            System.out.printf(Locale.ROOT, "temporal flicker over %d same-camera frame pairs: %.5f (renders %.5f, ground truth %.5f)%n",
                    flicker.pairs(), flicker.flicker(), flicker.renderChange(), flicker.truthChange());
        }
        root.putNull("lpips");
        root.put("note", "LPIPS is not computed");
        AtomicFiles.write(out.resolve("metrics.json"), json.writeValueAsBytes(root));
        System.out.printf(Locale.ROOT, "mean over %d %s views: PSNR %.3f dB  SSIM %.4f  (LPIPS not computed)%n", n, split, sp / n, ss / n);
        Log.info("rendered %d views to %s in %.2f s (%.1f ms per frame to deform and rasterize, PNG writing excluded)", n, out,
                (System.nanoTime() - t0) * 1e-9, renderNs / 1e6 / n);
        return ExitCodes.OK;
    }

    private int renderOrbit(GaussianCloud cloud, Rasterizer rast) throws Exception {
        if (mode.orbit <= 0 || mode.orbit > 100_000) {
            throw new IllegalArgumentException("--orbit must be 1..100000 frames, got " + mode.orbit);
        }
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("--size expects WxH, got " + size);
        }
        int w = Integer.parseInt(wh[0].trim()), h = Integer.parseInt(wh[1].trim());
        float[] bg = background == null ? new float[3] : TrainCommand.parseBackground(background);
        double[] upv = parseVector(up);
        List<Camera> cams = Turntable.cameras(cloud, mode.orbit, w, h, elevation, upv, distance);
        RasterSettings settings = RasterSettings.defaults().withBackground(bg[0], bg[1], bg[2]);
        long t0 = System.nanoTime();
        double t0s = time != null ? time : 0;
        int frames = cams.size();
        Turntable.Result r = Turntable.write(out, fps, w, h, frames, k -> rast.forward(
                cloudAt(cloud, sweep ? (frames == 1 ? 0 : (double) k / (frames - 1)) : t0s), cams.get(k), settings).image());
        Log.info("turntable: %d frames (%dx%d) %s %s in %.1f s", cams.size(), w, h, r.video() ? "video" : "PNG frames in",
                r.path(), (System.nanoTime() - t0) * 1e-9);
        return ExitCodes.OK;
    }

    private Device device;

    /** The cloud to draw at time t: the model itself for static scenes. */
    private GaussianCloud cloudAt(GaussianCloud cloud, double t) {
        return dynamic == null ? cloud : dynamic.at(t, device);
    }

    static double[] parseVector(String s) {
        String[] p = s.split(",");
        if (p.length != 3) {
            throw new IllegalArgumentException("expected x,y,z, got '" + s + "'");
        }
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            v[i] = Double.parseDouble(p[i].trim());
        }
        return v;
    }
}
