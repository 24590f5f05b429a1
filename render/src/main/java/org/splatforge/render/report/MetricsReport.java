package org.splatforge.render.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.render.train.EvalResult;
import org.splatforge.render.train.PhaseTimes;
import org.splatforge.render.train.Trainer;
import org.splatforge.render.train.ViewMetrics;

/**
 * The run's {@code metrics.json}, written atomically: final test PSNR/SSIM (mean and per
 * view), the evaluations along the way, the Gaussian count, timings per phase and the
 * configuration. LPIPS is not computed (no LPIPS network ships with Splatforge); the file
 * says so in {@code test.lpips} = null and {@code test.note}.
 */
public final class MetricsReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsReport() {
    }

    /**
     * @param seconds    wall time of the training loop (this process; excludes loading)
     * @param cpuSeconds CPU time the process used meanwhile (all threads; -1 if unknown): on a
     *                   shared machine, cpuSeconds / threads estimates the wall time a quiet one needs
     * @param peakHeap   peak heap occupancy in bytes during the run, garbage included (-1 if unknown)
     * @param peakLive   peak heap left after a garbage collection (young ones included, so an upper
     *                   bound on live data), bytes (-1 if unknown)
     */
    public static ObjectNode build(Trainer t, EvalResult fin, double seconds, double cpuSeconds, long peakHeap,
                                   long peakLive) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("scene", t.scene().name());
        root.put("strategy", t.strategy().name());
        root.put("iterations", t.iteration());
        root.put("gaussians", t.cloud().size());
        num(root, "trainSeconds", seconds, 2);
        if (cpuSeconds >= 0) {
            num(root, "cpuSeconds", cpuSeconds, 2);
        }
        PhaseTimes p = t.times();
        if (p.iterations > 0) {
            num(root, "iterationsPerSecond", p.iterations / (p.totalNs() * 1e-9), 2);
            ObjectNode ph = root.putObject("msPerIteration");
            double k = 1e-6 / p.iterations;
            num(ph, "renderForward", p.forwardNs * k, 3);
            num(ph, "loss", p.lossNs * k, 3);
            num(ph, "backward", p.backwardNs * k, 3);
            num(ph, "optimizer", p.optimizerNs * k, 3);
            num(ph, "densify", p.densifyNs * k, 3);
            ph.put("iterationsMeasured", p.iterations);
        }
        if (peakHeap >= 0) {
            num(root, "peakHeapMiB", peakHeap / 1048576.0, 1);
        }
        if (peakLive >= 0) {
            num(root, "peakLiveHeapMiB", peakLive / 1048576.0, 1);
        }
        ObjectNode test = root.putObject("test");
        if (fin != null) {
            test.put("iteration", fin.iteration());
            num(test, "psnr", fin.psnr(), 4);
            num(test, "ssim", fin.ssim(), 5);
            test.putNull("lpips");
            test.put("note", "LPIPS is not computed");
            ArrayNode views = test.putArray("views");
            for (ViewMetrics v : fin.views()) {
                ObjectNode o = views.addObject();
                o.put("name", v.name());
                num(o, "psnr", v.psnr(), 4);
                num(o, "ssim", v.ssim(), 5);
            }
        } else {
            test.put("note", "no test views");
        }
        ArrayNode ev = root.putArray("evaluations");
        for (double[] e : t.history().evals()) {
            ObjectNode o = ev.addObject();
            o.put("iteration", (int) e[0]);
            num(o, "psnr", e[1], 4);
            num(o, "ssim", e[2], 5);
            o.put("gaussians", (int) e[3]);
        }
        root.set("config", JSON.readTree(t.config().toJson()));
        return root;
    }

    /** Writes {@code node} to {@code file} atomically. */
    public static void write(Path file, ObjectNode node) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(node));
    }

    /** Puts {@code v} rounded to {@code digits} decimals, or null when it is not finite (JSON has no NaN). */
    private static void num(ObjectNode o, String key, double v, int digits) {
        if (!Double.isFinite(v)) {
            o.putNull(key);
            return;
        }
        double f = Math.pow(10, digits);
        o.put(key, Math.round(v * f) / f);
    }
}
