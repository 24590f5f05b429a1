package org.splatforge.compress.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.EncodeResult;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.compress.codec.SectionStat;
import org.splatforge.compress.codec.ShDecision;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.Devices;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Measures the codec on one cloud at one setting: archive bytes (total and per section,
 * per source Gaussian), the ratio against the INRIA PLY of the same cloud, encode and
 * decode time and throughput (MB of raw float parameters per second), and
 * {@link AttributeErrors}. Phase 2's {@code splat bench compress} calls {@link #measure}
 * on trained scenes and adds test-view PSNR/SSIM.
 *
 * <p>{@code main} runs it on {@link SyntheticCloud} scenes and prints a JSON array:
 * <pre>java --add-modules jdk.incubator.vector -cp compress/target/classes:splat-core/target/classes \
 *   org.splatforge.compress.bench.CodecReport [--gaussians N] [--degree D] [--threads T] [--seed S]
 *   [--quality high,medium,small,lossless] [--repeat R]</pre>
 * Timings are the fastest of R runs (default 3).
 */
public final class CodecReport {

    private CodecReport() {
    }

    /** Bytes of the INRIA PLY of {@code n} Gaussians of SH degree {@code d} (binary body plus a typical header). */
    public static long plyBytes(int n, int degree) {
        int floats = 3 + 3 + 3 + 3 * (GaussianCloud.coeffs(degree) - 1) + 1 + 3 + 4;
        int header = 200 + 25 * (floats - 14) + 14 * 20;
        return header + (long) n * floats * 4;
    }

    /** One measurement as a JSON object (timings: the fastest of one run). */
    public static String measure(Device dev, GaussianCloud cloud, CodecOptions options, String label) throws IOException {
        return measure(dev, cloud, options, label, 1);
    }

    /**
     * One measurement as a JSON object; encode and decode run {@code repeat} times and the
     * fastest run is reported (the first runs include JIT compilation).
     */
    public static String measure(Device dev, GaussianCloud cloud, CodecOptions options, String label, int repeat)
            throws IOException {
        SceneCodec codec = new SceneCodec(dev);
        EncodeResult r = null;
        double planSeconds = Double.MAX_VALUE, codeSeconds = Double.MAX_VALUE, encodeSeconds = Double.MAX_VALUE;
        double decodeSeconds = Double.MAX_VALUE;
        GaussianCloud back = null;
        for (int k = 0; k < Math.max(1, repeat); k++) {
            r = codec.encodeWithStats(cloud, options);
            planSeconds = Math.min(planSeconds, r.planSeconds());
            codeSeconds = Math.min(codeSeconds, r.codeSeconds());
            encodeSeconds = Math.min(encodeSeconds, r.planSeconds() + r.codeSeconds());
            long t0 = System.nanoTime();
            back = codec.decode(r.bytes());
            decodeSeconds = Math.min(decodeSeconds, (System.nanoTime() - t0) / 1e9);
        }
        if (back.size() != r.count()) {
            throw new IllegalStateException("decoded " + back.size() + " Gaussians, expected " + r.count());
        }
        AttributeErrors err = AttributeErrors.measure(cloud, back, r.sourceIndex());
        int n = cloud.size();
        double rawMb = n * 4.0 * (14 + 3 * (cloud.shCoeffs() - 1)) / 1e6;
        long ply = plyBytes(n, cloud.shDegree());
        StringBuilder sb = new StringBuilder();
        sb.append("{\"label\": \"").append(label).append("\", ");
        sb.append(String.format(Locale.ROOT, "\"quality\": \"%s\", \"gaussians\": %d, \"kept\": %d, \"sh_degree\": %d, "
                        + "\"archive_bytes\": %d, \"bytes_per_gaussian\": %.4f, \"ply_bytes\": %d, \"ratio_vs_ply\": %.2f, ",
                options.quality().name().toLowerCase(Locale.ROOT), n, r.count(), cloud.shDegree(), r.bytes().length,
                (double) r.bytes().length / Math.max(1, n), ply, (double) ply / r.bytes().length));
        sb.append("\"sections\": {");
        List<String> parts = new ArrayList<>();
        for (SectionStat s : r.sections()) {
            parts.add(String.format(Locale.ROOT, "\"%s\": {\"bytes\": %d, \"bytes_per_gaussian\": %.4f}", s.tag(),
                    s.bytes(), (double) s.bytes() / Math.max(1, n)));
        }
        sb.append(String.join(", ", parts)).append("}, ");
        sb.append(String.format(Locale.ROOT, "\"encode_seconds\": %.4f, \"plan_seconds\": %.4f, \"code_seconds\": %.4f, "
                        + "\"decode_seconds\": %.4f, \"encode_mb_per_s\": %.2f, \"decode_mb_per_s\": %.2f, ",
                encodeSeconds, planSeconds, codeSeconds, decodeSeconds, rawMb / encodeSeconds,
                rawMb / decodeSeconds));
        sb.append("\"errors\": ").append(err.toJson()).append(", \"sh_bands\": [");
        parts.clear();
        for (ShDecision d : r.shDecisions()) {
            parts.add(String.format(Locale.ROOT, "{\"band\": %d, \"mode\": \"%s\", \"j_drop\": %.5g, \"j_scalar\": %.5g, "
                            + "\"j_vector\": %.5g, \"scalar_bits\": %.5g, \"vector_bits\": %.5g, \"vector_k\": %d}",
                    d.band(), d.chosen().name().toLowerCase(Locale.ROOT), d.jDrop(), d.jScalar(), d.jVector(),
                    d.scalarBits(), d.vectorBits(), d.vectorK()).replace("NaN", "null"));
        }
        sb.append(String.join(", ", parts)).append("]}");
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        int n = 33_800, degree = 3, threads = 0, repeat = 3;
        long seed = 1;
        String qualities = "high,medium,small,lossless";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gaussians" -> n = Integer.parseInt(args[++i]);
                case "--degree" -> degree = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--quality" -> qualities = args[++i];
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        GaussianCloud cloud = SyntheticCloud.scene(n, degree, seed);
        List<String> out = new ArrayList<>();
        try (Device dev = Devices.open("cpu", threads)) {
            for (String q : qualities.split(",")) {
                out.add(measure(dev, cloud, CodecOptions.preset(Quality.parse(q)), "synthetic seed " + seed, repeat));
            }
        }
        System.out.println("[\n" + String.join(",\n", out) + "\n]");
    }
}
