package org.splatforge.cli.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.util.Log;
import org.splatforge.vision.data.FashionMnist;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.infer.MemoryReport;
import org.splatforge.vision.infer.Schedule;
import org.splatforge.vision.infer.VitExecutor;
import org.splatforge.vision.model.BuiltinModels;
import org.splatforge.vision.model.VitCheckpoint;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.onnx.OnnxCodec;
import org.splatforge.vision.onnx.OnnxVitExporter;
import org.splatforge.vision.ops.CpuFp32Ops;
import org.splatforge.vision.quant.Calibration;
import org.splatforge.vision.quant.QuantCheckpoint;
import org.splatforge.vision.quant.QuantizedVit;
import org.splatforge.vision.quant.VitQuantizer;
import org.splatforge.vision.quant.integer.IntVitExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splat bench vision}: latency per image (batch 1, median) and throughput (images/s at
 * {@code --batch}) of our fp32 path, our integer-only path and ONNX Runtime's fp32 CPU run of the
 * same model exported to ONNX, with the same thread count; plus the logit agreement with ORT and
 * peak activation bytes (planned vs naive schedules). JSON on stdout.
 */
@Command(name = "vision", mixinStandardHelpOptions = true,
        description = "ViT inference speed: fp32, integer-only int8 and ONNX Runtime fp32 on the same model; peak activation bytes. JSON.")
public final class BenchVisionCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--model", defaultValue = BuiltinModels.FASHION, description = "fp32 model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--int8", paramLabel = "FILE", description = "Integer model from `splat vision quantize` (default: quantize now with 256 calibration images).")
    Path int8;

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist", paramLabel = "DIR")
    Path data;

    @Option(names = "--batch", defaultValue = "64") int batch;

    @Option(names = "--seconds", defaultValue = "3", description = "Time per measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("--batch must be >= 1 and --seconds > 0");
        }
        VitWeights w = BuiltinModels.isBuiltin(model) ? BuiltinModels.load(model) : VitCheckpoint.read(Path.of(model));
        VitConfig c = w.config;
        ImageSet images = FashionMnist.available(data) ? FashionMnist.test(data).head(batch) : random(c, batch);
        QuantizedVit q;
        if (int8 != null) {
            q = QuantCheckpoint.read(int8);
        } else {
            ImageSet calib = FashionMnist.available(data) ? FashionMnist.train(data).head(256) : random(c, 256);
            q = VitQuantizer.quantize(w, Calibration.collect(w, calib, 256), VitQuantizer.Options.defaults());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("config", c.toString());
        out.put("batch", batch);
        try (Device device = deviceOptions.open()) {
            int threads = device.parallelism();
            out.put("threads", threads);
            VitExecutor<float[]> fp = new VitExecutor<>(new CpuFp32Ops(device), w);
            IntVitExecutor ip = new IntVitExecutor(q.model(), device);
            float[] fl = new float[batch * c.classes()];
            int[] il = new int[batch * c.classes()];
            byte[] px = images.pixels();
            out.put("fp32", measure(n -> fp.forward(px, 0, n, Schedule.PLANNED, fl)));
            out.put("int8", measure(n -> ip.forward(px, 0, n, il)));
            byte[] onnx = OnnxCodec.encode(OnnxVitExporter.export(w, OnnxVitExporter.Style.TIMM));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
                so.setIntraOpNumThreads(threads);
                so.setInterOpNumThreads(1);
                so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                try (OrtSession s = env.createSession(onnx, so)) {
                    float[] input = normalise(c, px, batch);
                    OnnxTensor[] in = new OnnxTensor[batch + 1];
                    in[1] = OnnxTensor.createTensor(env, FloatBuffer.wrap(input, 0, c.pixels()), new long[] {1, c.channels(), c.imageSize(), c.imageSize()});
                    in[batch] = batch == 1 ? in[1] : OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {batch, c.channels(), c.imageSize(), c.imageSize()});
                    float[][][] last = new float[1][][];
                    out.put("ort_fp32", measure(n -> {
                        try (OrtSession.Result r = s.run(Map.of("input", in[n]))) {
                            last[0] = (float[][]) r.get(0).getValue();
                        } catch (ai.onnxruntime.OrtException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                    fp.forward(px, 0, batch, Schedule.PLANNED, fl);
                    double worst = 0;
                    for (int b = 0; b < batch; b++) {
                        for (int j = 0; j < c.classes(); j++) {
                            float o = last[0][b][j];
                            // relative to the logit, absolute below 1 (the tests' 1e-4 criterion)
                            worst = Math.max(worst, Math.abs(o - fl[b * c.classes() + j]) / Math.max(1, Math.abs(o)));
                        }
                    }
                    out.put("fp32_vs_ort_max_logit_diff_rel_or_abs_below_1", worst);
                    in[1].close();
                    if (batch > 1) {
                        in[batch].close();
                    }
                }
            }
            double fpLat = latency(out, "fp32"), intLat = latency(out, "int8"), ortLat = latency(out, "ort_fp32");
            out.put("int8_latency_over_fp32", intLat / fpLat);
            out.put("fp32_latency_over_ort", fpLat / ortLat);
            out.put("fp32_throughput_over_ort", throughput(out, "fp32") / throughput(out, "ort_fp32"));
            MemoryReport m1 = fp.memory(1), mb = fp.memory(batch);
            Map<String, Object> mem = new LinkedHashMap<>();
            mem.put("fp32_planned_bytes_batch1", m1.plannedBytes());
            mem.put("fp32_naive_bytes_batch1", m1.naiveBytes());
            mem.put("fp32_naive_with_frees_bytes_batch1", m1.naiveLivenessBytes());
            mem.put("fp32_planned_bytes", mb.plannedBytes());
            mem.put("fp32_naive_bytes", mb.naiveBytes());
            mem.put("fp32_naive_with_frees_bytes", mb.naiveLivenessBytes());
            mem.put("naive_over_planned", mb.reduction());
            mem.put("naive_with_frees_over_planned", mb.reductionVsLiveness());
            mem.put("int8_activation_bytes", ip.activationBytes(batch));
            out.put("peak_activation", mem);
        }
        System.out.println(json(out));
        return ExitCodes.OK;
    }

    /** Runs a batch-n forward. */
    private interface Run {
        void run(int n);
    }

    private Map<String, Object> measure(Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) { // warm up: JIT, arenas
            r.run(1);
            r.run(batch);
        }
        double[] lat = timeRuns(r, 1);
        double[] thr = timeRuns(r, batch);
        m.put("latency_ms_per_image_batch1", lat[0]);
        m.put("latency_ms_per_image_batch", thr[0] / batch);
        m.put("images_per_s", 1000.0 * batch / thr[0]);
        m.put("runs", (long) (lat[1] + thr[1]));
        return m;
    }

    /** Median milliseconds per call over at least {@code seconds}, and the call count. */
    private double[] timeRuns(Run r, int n) {
        java.util.List<Double> times = new java.util.ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end || times.size() < 5) {
            long t = System.nanoTime();
            r.run(n);
            times.add((System.nanoTime() - t) / 1e6);
        }
        java.util.Collections.sort(times);
        Log.info("batch %d: median %.3f ms over %d runs", n, times.get(times.size() / 2), times.size());
        return new double[] {times.get(times.size() / 2), times.size()};
    }

    @SuppressWarnings("unchecked")
    private static double latency(Map<String, Object> out, String key) {
        return (double) ((Map<String, Object>) out.get(key)).get("latency_ms_per_image_batch1");
    }

    @SuppressWarnings("unchecked")
    private static double throughput(Map<String, Object> out, String key) {
        return (double) ((Map<String, Object>) out.get(key)).get("images_per_s");
    }

    private static float[] normalise(VitConfig c, byte[] px, int n) {
        float[] out = new float[n * c.pixels()];
        int hw = c.imageSize() * c.imageSize();
        for (int i = 0; i < out.length; i++) {
            int ch = (i / hw) % c.channels();
            out[i] = (px[i] & 0xff) * (1f / (255f * c.std()[ch])) + (-c.mean()[ch] / c.std()[ch]);
        }
        return out;
    }

    private static ImageSet random(VitConfig c, int n) {
        byte[] px = new byte[n * c.pixels()];
        new SplittableRandom(1).nextBytes(px);
        return new ImageSet(n, c.channels(), c.imageSize(), px, new byte[n], java.util.List.of("?"));
    }

    @SuppressWarnings("unchecked")
    private static String json(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(json(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.6g", d);
        }
        if (v instanceof Number) {
            return v.toString();
        }
        return "\"" + v.toString().replace("\"", "'") + "\"";
    }
}
