package org.splatforge.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.train.TrainSetup;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.dynamic.DeformationField;
import org.splatforge.render.dynamic.DeformedCloud;
import org.splatforge.render.dynamic.FieldConfig;
import org.splatforge.render.dynamic.FieldGradients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splat bench deform}: the deformation field's speed on random Gaussians in its box,
 * as JSON: milliseconds per call and per 100k Gaussians for the field forward (the viewer's
 * time scrub), the whole deformed cloud, and forward + backward (a training step's field
 * cost); with {@code --dynamic-fraction f}, only that fraction queries the field (Swift4D).
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

    @Override
    public Integer call() throws Exception {
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
}
