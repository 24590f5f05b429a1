package org.splatforge.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.train.SharedPaths;
import org.splatforge.cli.train.TrainSetup;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.util.Log;
import org.splatforge.render.raster.Rasterizers;
import org.splatforge.render.train.CoreImageMetrics;
import org.splatforge.render.train.PhaseTimes;
import org.splatforge.render.train.RasterTrainRenderer;
import org.splatforge.render.train.StepResult;
import org.splatforge.render.train.TrainConfig;
import org.splatforge.render.train.Trainer;
import org.splatforge.render.train.TrainingScene;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splat bench train}: trains tabletop-static at 200x200 (the reference run)
 * with the default recipe for a fixed number of iterations and prints JSON: iterations per
 * second and milliseconds per iteration in each phase (render forward, loss, backward,
 * optimizer, densify), the rasterizer's own split (project, sort, blend; backward blend and
 * reduction), over the whole run and over its last quarter (after densification has
 * settled), with Gaussian counts, threads and the machine's load average (the 2 cores are
 * shared, so compare runs taken at similar load).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training speed per phase on tabletop-static at 200x200 (JSON on stdout).")
public final class TrainBenchCommand implements Callable<Integer> {

    @Option(names = "--dataset", paramLabel = "DIR", description = "Dataset (default: ../shared/datasets/tabletop-static).")
    Path dataset;

    @Option(names = "--resolution", defaultValue = "2", description = "Downscale factor (default: ${DEFAULT-VALUE}, 200x200).")
    double resolution;

    @Option(names = "--iterations", defaultValue = "1000", description = "Iterations of the measured run (schedule scaled to it; default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--strategy", defaultValue = "default", description = "Density strategy (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--init-points", defaultValue = "100000", description = "Random initial points (default: ${DEFAULT-VALUE}).")
    int initPoints;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        Path dir = dataset != null ? dataset : SharedPaths.require("datasets/tabletop-static");
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        TrainConfig cfg = TrainConfig.forIterations(iterations);
        cfg.resolution = resolution;
        cfg.initPoints = initPoints;
        cfg.density.strategy = strategy;
        cfg.checkpointEvery = 0;
        cfg.evalEvery = 0;
        if (strategy.equals("mcmc")) {
            cfg.density.maxGaussians = 60_000;
            cfg.initOpacity = 0.5f;
            cfg.initScaleFactor = 0.1f;
        }
        cfg.validate();
        try (Device device = deviceOptions.open()) {
            TrainingScene scene = TrainSetup.load(dir, cfg, device.parallelism());
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = json.createObjectNode();
            root.put("benchmark", "train");
            root.put("dataset", dir.toString());
            root.put("width", scene.train().get(0).camera().width());
            root.put("height", scene.train().get(0).camera().height());
            root.put("iterations", iterations);
            root.put("strategy", strategy);
            root.put("threads", device.parallelism());
            root.put("device", device.describe());
            root.put("loadAverageBefore", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            try (RasterTrainRenderer r = new RasterTrainRenderer(Rasterizers.create(device), true)) {
                Trainer t = Trainer.create(cfg, scene, r, device, new CoreImageMetrics(device));
                org.splatforge.cli.train.HeapWatch heap = new org.splatforge.cli.train.HeapWatch();
                root.put("gaussiansStart", t.cloud().size());
                int tail = Math.max(1, iterations / 4);
                long t0 = System.nanoTime();
                double cpu0 = TrainSetup.cpuSeconds();
                long tailStart = 0;
                int tailFrom = t.cloud().size();
                PhaseTimes all = new PhaseTimes();
                long[] rasterAll = new long[5];
                while (t.iteration() < iterations) {
                    if (t.iteration() == iterations - tail) {
                        add(all, t.times());
                        add(rasterAll, r.rasterNanos());
                        t.times().reset();
                        r.resetRasterNanos();
                        tailStart = System.nanoTime();
                        tailFrom = t.cloud().size();
                    }
                    StepResult s = t.step();
                    if (s.iteration() % 100 == 0) {
                        Log.info("bench train: iteration %d, %,d Gaussians, loss %.4f", s.iteration(), s.gaussians(), s.loss());
                    }
                }
                long end = System.nanoTime();
                PhaseTimes last = t.times();
                long[] rasterLast = r.rasterNanos();
                add(all, last);
                add(rasterAll, rasterLast);
                root.put("gaussiansEnd", t.cloud().size());
                root.put("seconds", round((end - t0) * 1e-9, 2));
                double cpu = TrainSetup.cpuSeconds() - cpu0;
                root.put("cpuSeconds", round(cpu, 2));
                // On a shared machine wall time overstates; CPU time / threads is what a quiet one needs at best.
                root.put("quietIterationsPerSecondEstimate", round(iterations / (cpu / device.parallelism()), 3));
                root.set("whole", phases(json, all, rasterAll, iterations, end - t0));
                ObjectNode lt = phases(json, last, rasterLast, tail, end - tailStart);
                lt.put("fromIteration", iterations - tail + 1);
                lt.put("gaussiansAtStart", tailFrom);
                root.set("lastQuarter", lt);
                root.put("peakHeapMiB", round(heap.peakUsed() / 1048576.0, 1));
                root.put("peakLiveHeapMiB", round(heap.peakLive() / 1048576.0, 1));
                heap.close();
                root.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
            System.out.println(json.writeValueAsString(root));
        }
        return ExitCodes.OK;
    }

    private static ObjectNode phases(ObjectMapper json, PhaseTimes p, long[] raster, int iters, long wallNs) {
        ObjectNode o = json.createObjectNode();
        o.put("iterations", iters);
        o.put("iterationsPerSecond", round(iters / (wallNs * 1e-9), 3));
        double k = 1e-6 / Math.max(1, iters);
        ObjectNode ms = o.putObject("msPerIteration");
        ms.put("renderForward", round(p.forwardNs * k, 3));
        ms.put("loss", round(p.lossNs * k, 3));
        ms.put("backward", round(p.backwardNs * k, 3));
        ms.put("optimizer", round(p.optimizerNs * k, 3));
        ms.put("densify", round(p.densifyNs * k, 3));
        ms.put("total", round(p.totalNs() * k, 3));
        ObjectNode rs = o.putObject("rasterMsPerIteration");
        rs.put("project", round(raster[0] * k, 3));
        rs.put("sort", round(raster[1] * k, 3));
        rs.put("blend", round(raster[2] * k, 3));
        rs.put("backwardBlend", round(raster[3] * k, 3));
        rs.put("backwardReduce", round(raster[4] * k, 3));
        return o;
    }

    private static void add(PhaseTimes into, PhaseTimes p) {
        into.forwardNs += p.forwardNs;
        into.lossNs += p.lossNs;
        into.backwardNs += p.backwardNs;
        into.optimizerNs += p.optimizerNs;
        into.densifyNs += p.densifyNs;
        into.iterations += p.iterations;
    }

    private static void add(long[] into, long[] a) {
        for (int i = 0; i < into.length; i++) {
            into[i] += a[i];
        }
    }

    private static double round(double v, int d) {
        double f = Math.pow(10, d);
        return Math.round(v * f) / f;
    }
}
