package org.splatforge.cli.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.splatforge.core.data.Dataset;
import org.splatforge.core.data.DatasetOptions;
import org.splatforge.core.data.Datasets;
import org.splatforge.core.util.Log;
import org.splatforge.render.train.DatasetScene;
import org.splatforge.render.train.TrainConfig;
import org.splatforge.render.train.TrainingScene;

/** Dataset loading and measurement helpers shared by {@code train}, {@code demo} and {@code bench train}. */
public final class TrainSetup {

    private TrainSetup() {
    }

    /** Loads {@code dir} as the configuration says (resolution, background, random points, seed). */
    public static TrainingScene load(Path dir, TrainConfig cfg, int threads) throws IOException {
        DatasetOptions o = DatasetOptions.defaults().withResolution(cfg.resolution).withRandomPoints(cfg.initPoints)
                .withSeed(cfg.seed).withThreads(threads).withLabels(false);
        if (cfg.background != null) {
            o = o.withBackground(cfg.background);
        }
        Dataset d = Datasets.load(dir, o);
        return DatasetScene.of(d, dir.toAbsolutePath().normalize().getFileName().toString());
    }

    /** CPU seconds this process has used so far (all threads), or -1 when the JVM cannot tell. */
    public static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? -1 : ns * 1e-9;
        }
        return -1;
    }

    /** "1.2 GiB" style. */
    public static String bytes(long b) {
        return b >= 1L << 30 ? String.format(java.util.Locale.ROOT, "%.2f GiB", b / (double) (1L << 30))
                : String.format(java.util.Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
    }

    static void info(String fmt, Object... args) {
        Log.info(fmt, args);
    }
}
