package org.splatforge.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.metrics.Psnr;
import org.splatforge.core.metrics.Ssim;
import org.splatforge.core.metrics.SsimReference;
import org.splatforge.core.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splat bench metrics}: SSIM (fast and reference) and PSNR on random images of a
 * given size, as JSON: milliseconds per call and the fast/reference difference.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true, description = "SSIM/PSNR speed, as JSON.")
public final class MetricsBenchCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "400", description = "Square image size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "50", description = "Timed repetitions (default: ${DEFAULT-VALUE}).")
    int reps;

    @Override
    public Integer call() throws Exception {
        if (size < 1 || size > 8192 || reps < 1) {
            throw new IllegalArgumentException("--size must be 1..8192 and --reps >= 1");
        }
        SplittableRandom rnd = new SplittableRandom(7);
        FloatImage a = new FloatImage(size, size, 3), b = new FloatImage(size, size, 3);
        for (int i = 0; i < a.data().length; i++) {
            a.data()[i] = (float) rnd.nextDouble();
            b.data()[i] = Math.min(1f, Math.max(0f, a.data()[i] + (float) (rnd.nextDouble() - 0.5) * 0.2f));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode r = json.createObjectNode();
        try (Device dev = deviceOptions.open()) {
            Ssim fast = new Ssim(dev);
            Ssim serial = new Ssim(null);
            double vFast = 0, vSerial = 0;
            for (int i = 0; i < 10; i++) {
                vFast = fast.ssim(a, b);
                vSerial = serial.ssim(a, b);
            }
            long t = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                vFast = fast.ssim(a, b);
            }
            double fastMs = (System.nanoTime() - t) / 1e6 / reps;
            t = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                vSerial = serial.ssim(a, b);
            }
            double serialMs = (System.nanoTime() - t) / 1e6 / reps;
            t = System.nanoTime();
            double vRef = SsimReference.ssim(a, b);
            double refMs = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            double psnr = 0;
            for (int i = 0; i < reps; i++) {
                psnr = Psnr.psnr(a, b);
            }
            double psnrMs = (System.nanoTime() - t) / 1e6 / reps;
            r.put("image", size + "x" + size + "x3");
            r.put("device", dev.describe());
            r.put("ssim_fast_ms", fastMs);
            r.put("ssim_fast_single_thread_ms", serialMs);
            r.put("ssim_reference_ms", refMs);
            r.put("ssim_fast", vFast);
            r.put("ssim_fast_single_thread", vSerial);
            r.put("ssim_reference", vRef);
            r.put("ssim_abs_diff", Math.abs(vFast - vRef));
            r.put("psnr_ms", psnrMs);
            r.put("psnr_db", psnr);
        }
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        return ExitCodes.OK;
    }
}
