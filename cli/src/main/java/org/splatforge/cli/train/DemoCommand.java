package org.splatforge.cli.train;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.util.Log;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;
import org.splatforge.render.train.CoreImageMetrics;
import org.splatforge.render.train.EvalResult;
import org.splatforge.render.train.RasterTrainRenderer;
import org.splatforge.render.train.TrainConfig;
import org.splatforge.render.train.Trainer;
import org.splatforge.render.train.TrainingScene;
import org.splatforge.scenes.BuiltinScenes;
import org.splatforge.scenes.GeneratedScene;
import org.splatforge.scenes.SceneOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splat demo}: the README's first command. Generates the built-in "shapes" tabletop
 * (no download; reused when already there), trains it with the 3DGS recipe, writes the PLY,
 * metrics and report, renders a turntable ({@code turntable.avi}, MJPEG: the encoder every
 * OpenCV build has), and prints the test PSNR. Sized to finish in a
 * few minutes on a 2-core laptop.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the built-in tabletop scene end to end: generate it, train, write the PLY, a report and a",
                "turntable video under --out, and print the test PSNR."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "3000", description = "Training iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "default", description = "default, mcmc or steepgs.")
    String strategy;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "120", description = "Turntable frames (default: ${DEFAULT-VALUE}; 0 = none).")
    int frames;

    @Option(names = "--seed", defaultValue = "0", description = "Seed.")
    long seed;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        GeneratedScene g = BuiltinScenes.ensure("shapes", out.resolve("dataset"), SceneOptions.defaults());
        Log.info("demo: dataset %s (%s)", g.dir(), g.reused() ? "reused" : String.format(Locale.ROOT, "generated in %.1f s", g.seconds()));
        TrainConfig cfg = TrainConfig.forIterations(iterations);
        cfg.dataset = g.dir().toString();
        cfg.seed = seed;
        cfg.evalEvery = Math.max(1, iterations / 5);
        cfg.evalViews = 0;
        cfg.checkpointEvery = 1000;
        cfg.initPoints = 30_000;
        cfg.density.strategy = strategy.toLowerCase(Locale.ROOT);
        if (cfg.density.strategy.equals("mcmc")) {
            cfg.density.maxGaussians = 50_000;
            cfg.initOpacity = 0.5f;
            cfg.initScaleFactor = 0.1f;
        }
        cfg.validate();
        EvalResult fin;
        Trainer t;
        try (Device device = deviceOptions.open()) {
            TrainingScene scene = TrainSetup.load(g.dir(), cfg, device.parallelism());
            try (RasterTrainRenderer r = new RasterTrainRenderer(Rasterizers.create(device), true)) {
                t = Trainer.create(cfg, scene, r, device, new CoreImageMetrics(device));
                int code = TrainCommand.run(t, out.resolve(TrainOutputs.CHECKPOINT), out, true);
                if (code != ExitCodes.OK) {
                    return code;
                }
                fin = t.lastEval();
            }
            if (frames > 0) {
                try (Rasterizer rast = Rasterizers.create(device)) {
                    var cams = Turntable.cameras(t.cloud(), frames, 400, 400, 25, new double[] {0, 0, 1}, null);
                    RasterSettings s = RasterSettings.defaults().withBackground(1, 1, 1);
                    Turntable.Result res = Turntable.write(out.resolve("turntable.avi"), 30, 400, 400, frames,
                            k -> rast.forward(t.cloud(), cams.get(k), s).image());
                    Log.info("demo: turntable %s", res.path());
                }
            }
        }
        double total = (System.nanoTime() - t0) * 1e-9;
        System.out.printf(Locale.ROOT, "test PSNR %.2f dB, SSIM %.4f (LPIPS not computed), %,d Gaussians, %.0f s in all;"
                + " outputs in %s%n", fin.psnr(), fin.ssim(), t.cloud().size(), total, out.toAbsolutePath().normalize());
        return ExitCodes.OK;
    }
}
