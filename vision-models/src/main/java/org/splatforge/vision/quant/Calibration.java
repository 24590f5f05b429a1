package org.splatforge.vision.quant;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.infer.VitReference;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.train.Patches;

/**
 * Activation ranges of a ViT over a calibration set, per quantisation point and block (the
 * points {@link VitReference} observes; {@code qkv} is split into {@code q}, {@code k},
 * {@code v}). The range of a point is its largest |value| ({@link Method#MINMAX}) or a high
 * percentile of |value| ({@link Method#PERCENTILE}, which clips rare outliers for finer steps).
 */
public final class Calibration {

    public enum Method { MINMAX, PERCENTILE }

    /** Values kept per point for percentiles (a strided sample beyond this). */
    private static final int KEEP = 400_000;

    private final Map<String, float[]> samples = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, Double> maxAbs = new HashMap<>();
    private long stride = 1, seen;

    private Calibration() {
    }

    /** Runs the reference forward over the first {@code images} images of {@code set}. */
    public static Calibration collect(VitWeights w, ImageSet set, int images) {
        Calibration cal = new Calibration();
        int n = Math.min(images, set.count());
        float[] patches = new float[w.config.patches() * w.config.patchDim()];
        // Keep about KEEP values per point: estimate the per-point volume from one image.
        cal.stride = Math.max(1, (long) n * w.config.tokens() * Math.max(w.config.mlp(), w.config.tokens()) / KEEP);
        int dim = w.config.dim();
        for (int i = 0; i < n; i++) {
            Patches.extract(w.config, set.pixels(), i * set.pixelsPerImage(), patches, 0, false, 0, 0);
            VitReference.forward(w, patches, 0, (point, layer, v, count) -> {
                if (point.equals("qkv")) {
                    for (int part = 0; part < 3; part++) {
                        String name = key(part == 0 ? "q" : part == 1 ? "k" : "v", layer);
                        for (int j = 0; j < count; j++) {
                            if ((j % (3 * dim)) / dim == part) {
                                cal.add(name, v[j]);
                            }
                        }
                    }
                } else {
                    String name = key(point, layer);
                    for (int j = 0; j < count; j++) {
                        cal.add(name, v[j]);
                    }
                }
            });
            cal.seen++;
        }
        return cal;
    }

    private void add(String name, double v) {
        double a = Math.abs(v);
        maxAbs.merge(name, a, Math::max);
        int c = counts.merge(name, 1, Integer::sum);
        if ((c - 1) % stride == 0) {
            float[] s = samples.computeIfAbsent(name, k -> new float[1024]);
            int idx = (int) ((c - 1) / stride);
            if (idx >= s.length) {
                s = Arrays.copyOf(s, Math.max(idx + 1, s.length * 2));
                samples.put(name, s);
            }
            s[idx] = (float) a;
        }
    }

    static String key(String point, int layer) {
        return layer < 0 ? point : point + "." + layer;
    }

    /** The range (largest |value| to represent) of a point; {@code percentile} in (0, 100]. */
    public double range(String point, int layer, Method method, double percentile) {
        String k = key(point, layer);
        Double mx = maxAbs.get(k);
        if (mx == null) {
            throw new IllegalArgumentException("no calibration data for " + k);
        }
        if (method == Method.MINMAX || percentile >= 100) {
            return Math.max(mx, 1e-8);
        }
        int kept = (int) ((counts.get(k) - 1) / stride) + 1;
        float[] s = Arrays.copyOf(samples.get(k), kept);
        Arrays.sort(s);
        int idx = (int) Math.min(kept - 1, Math.ceil(percentile / 100 * kept) - 1);
        return Math.max(s[Math.max(0, idx)], 1e-8);
    }

    public long images() {
        return seen;
    }
}
