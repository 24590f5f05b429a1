package org.splatforge.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.train.TrainSetup;
import org.splatforge.cli.train.Turntable;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.dynamic.DeformationField;
import org.splatforge.render.dynamic.DeformationFile;
import org.splatforge.render.dynamic.DeformedCloud;
import org.splatforge.render.dynamic.DynamicModel;
import org.splatforge.render.dynamic.FieldConfig;
import org.splatforge.render.dynamic.FieldGradients;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splat bench deform}: the deformation field's speed on random Gaussians in its box,
 * as JSON: milliseconds per call and per 100k Gaussians for the field forward (the viewer's
 * time scrub), the whole deformed cloud, and forward + backward (a training step's field
 * cost); with {@code --dynamic-fraction f}, only that fraction queries the field (Swift4D).
 *
 * <p>With {@code --model PLY} (a trained dynamic scene: the PLY plus its
 * {@code deformation.sfdf}) it times that model instead: deforming and deforming plus
 * rasterizing one frame on turntable cameras sweeping time, once as stored (with its
 * Swift4D mask, if any) and once with every Gaussian querying the field, interleaved
 * frame by frame so that machine noise hits both alike.
 */
@Command(name = "deform", mixinStandardHelpOptions = true, description = "Deformation field speed (ms per 100k Gaussians), as JSON.")
public final class DeformBenchCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--gaussians", paramLabel = "N", defaultValue = "100000", description = "Gaussians (default: ${DEFAULT-VALUE}).")
    int gaussians;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "10", description = "Timed repetitions (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--dynamic-fraction", paramLabel = "F", defaultValue = "1", description = "Fraction of Gaussians that query the field (default: all).")
    double fraction;

    @Option(names = "--model", paramLabel = "PLY", description = "Time a trained dynamic scene (PLY with deformation.sfdf beside it) instead of a random field.")
    Path model;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "200", description = "With --model: frame width and height (default: ${DEFAULT-VALUE}).")
    int size;

    @Override
    public Integer call() throws Exception {
        if (model != null) {
            return benchModel();
        }
        if (gaussians < 1 || gaussians > 20_000_000 || reps < 1 || !(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("--gaussians must be 1..20000000, --reps >= 1, --dynamic-fraction in (0, 1]");
        }
        FieldConfig cfg = FieldConfig.defaults();
        DeformationField field = DeformationField.create(cfg, new float[] {-1, -1, -1}, new float[] {1, 1, 1}, 3);
        SplittableRandom r = new SplittableRandom(7);
        for (int j = 0; j < field.mlp().length; j++) {
            field.mlp()[j] = (float) (r.nextDouble() - 0.5); // a trained-looking last layer, not the identity start
        }
        int n = gaussians;
        GaussianCloud cloud = GaussianCloud.create(n, 0);
        for (int i = 0; i < n * 3; i++) {
            cloud.means()[i] = (float) (r.nextDouble() * 2 - 1);
        }
        int count = (int) Math.max(1, Math.round(n * fraction));
        int[] idx = null;
        if (count < n) {
            idx = new int[count];
            for (int k = 0; k < count; k++) {
                idx[k] = (int) ((long) k * n / count);
            }
        }
        float[] out = new float[n * FieldConfig.OUTPUTS];
        float[] dOut = new float[n * FieldConfig.OUTPUTS];
        for (int i = 0; i < dOut.length; i++) {
            dOut[i] = (float) r.nextGaussian();
        }
        float[] dMeans = new float[n * 3];
        FieldGradients g = new FieldGradients(field);
        DeformedCloud deformed = new DeformedCloud();
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        try (Device dev = deviceOptions.open()) {
            for (int w = 0; w < 3; w++) {
                field.forward(dev, cloud.means(), idx, count, 0.5f, out);
                field.backward(dev, cloud.means(), idx, count, 0.5f, dOut, g, dMeans);
            }
            double cpu0 = TrainSetup.cpuSeconds();
            long t0 = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                field.forward(dev, cloud.means(), idx, count, (float) k / reps, out);
            }
            double fwd = (System.nanoTime() - t0) / 1e6 / reps;
            double cpuFwd = (TrainSetup.cpuSeconds() - cpu0) * 1e3 / reps;
            t0 = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                deformed.at(field, cloud, (float) k / reps, idx, count, true, dev);
            }
            double cloudMs = (System.nanoTime() - t0) / 1e6 / reps;
            cpu0 = TrainSetup.cpuSeconds();
            t0 = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                field.backward(dev, cloud.means(), idx, count, (float) k / reps, dOut, g, dMeans);
            }
            double bwd = (System.nanoTime() - t0) / 1e6 / reps;
            double cpuBwd = (TrainSetup.cpuSeconds() - cpu0) * 1e3 / reps;
            double per = 100_000.0 / n;
            o.put("device", dev.describe());
            o.put("gaussians", n);
            o.put("dynamic_fraction", (double) count / n);
            o.put("field", cfg.toString());
            o.put("parameters", field.parameterCount());
            o.put("forward_ms", fwd);
            o.put("backward_ms", bwd);
            o.put("deformed_cloud_ms", cloudMs);
            o.put("forward_ms_per_100k", fwd * per);
            o.put("backward_ms_per_100k", bwd * per);
            o.put("forward_cpu_ms_per_100k", cpuFwd * per);
            o.put("backward_cpu_ms_per_100k", cpuBwd * per);
            o.put("note", "backward recomputes the forward per Gaussian (no stored activations); cpu_ms is process CPU time"
                    + " (all threads) per call");
        }
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        return ExitCodes.OK;
    }

    private Integer benchModel() throws Exception {
        if (reps < 1 || size < 8 || size > 8192) {
            throw new IllegalArgumentException("--reps must be >= 1 and --size in [8, 8192]");
        }
        Path f = DynamicModel.fieldNextTo(model);
        if (f == null) {
            throw new IllegalArgumentException("--model needs a dynamic scene: no "
                    + DeformationFile.NAME + " next to " + model);
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        try (Device dev = deviceOptions.open(); Rasterizer rast =
                Rasterizers.create(dev)) {
            GaussianCloud cloud = SceneFiles.read(model);
            DeformationFile.Model file = DeformationFile.read(f);
            DynamicModel[] models = {new DynamicModel(cloud, file),
                    new DynamicModel(cloud,
                            new DeformationFile.Model(file.field(), file.deformOpacity(), null))};
            int frames = Math.max(reps, 8);
            List<Camera> cams = Turntable.cameras(cloud, frames,
                    size, size, 25, new double[] {0, 0, 1}, null);
            RasterSettings rs = RasterSettings.defaults()
                    .withShDegree(cloud.shDegree());
            RasterFrame frame = new RasterFrame();
            long[] deformNs = new long[2], renderNs = new long[2];
            for (int pass = 0; pass < 2; pass++) { // pass 0 warms up the JIT and the buffers
                for (int k = 0; k < frames; k++) {
                    double t = (double) k / (frames - 1);
                    for (int m = 0; m < 2; m++) {
                        long t0 = System.nanoTime();
                        GaussianCloud c = models[m].at(t, dev);
                        long t1 = System.nanoTime();
                        frame = rast.forward(c, cams.get(k), rs, frame);
                        long t2 = System.nanoTime();
                        if (pass == 1) {
                            deformNs[m] += t1 - t0;
                            renderNs[m] += t2 - t0;
                        }
                    }
                }
            }
            o.put("device", dev.describe());
            o.put("model", model.toString());
            o.put("gaussians", cloud.size());
            o.put("dynamic_gaussians", models[0].dynamicCount());
            o.put("frames", frames);
            o.put("size", size);
            String[] names = {"as_stored", "all_dynamic"};
            for (int m = 0; m < 2; m++) {
                ObjectNode r = o.putObject(names[m]);
                r.put("deform_ms_per_frame", deformNs[m] / 1e6 / frames);
                r.put("deform_and_render_ms_per_frame", renderNs[m] / 1e6 / frames);
            }
            o.put("note", "turntable cameras with time swept 0..1; the two variants alternate frame by frame; wall clock");
        }
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        return ExitCodes.OK;
    }
}
