package org.splatforge.vision.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.vision.model.SafeTensors;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;
import org.splatforge.vision.model.VitWeights;

/**
 * Everything a training run needs to continue exactly where it stopped: the options, the
 * optimised weights, their moving average (when {@link TrainOptions#emaDecay()} is on), the
 * AdamW moments and step count, and the number of finished epochs. The shuffling and
 * augmentation generators are derived from (seed, epoch), so resuming at an epoch boundary
 * replays the same batches as an uninterrupted run (a test checks the weights bit for bit).
 *
 * <p>File: safetensors ({@link SafeTensors}) with {@code weights, ema, adam.m, adam.v: F32[P]}
 * (flat, in {@link VitLayout} order), {@code adam.t, epochs_done: I64[1]},
 * {@code config: I32[8]}, {@code config.mean, config.std: F32[channels]}, {@code config.ln_eps: F32[1]}
 * and the options as metadata strings.
 */
public final class TrainState {

    public final TrainOptions options;
    /** The weights the optimiser updates. */
    public final VitWeights weights;
    /** Exponential moving average of {@link #weights} (same layout), or null when off. */
    public final float[] ema;
    public final AdamW adam;
    int epochsDone;

    private TrainState(TrainOptions options, VitWeights weights, float[] ema, AdamW adam, int epochsDone) {
        this.options = options;
        this.weights = weights;
        this.ema = ema;
        this.adam = adam;
        this.epochsDone = epochsDone;
    }

    /** A new run starting from {@code weights} (fresh or pre-trained): zero moments, EMA = weights. */
    public static TrainState start(VitWeights weights, TrainOptions options) {
        return new TrainState(options, weights, options.emaDecay() > 0 ? weights.data.clone() : null,
                newAdam(weights.layout), 0);
    }

    private static AdamW newAdam(VitLayout lay) {
        boolean[] decay = new boolean[lay.total];
        for (VitLayout.Tensor t : lay.tensors()) {
            if (t.decay()) {
                java.util.Arrays.fill(decay, t.offset(), t.offset() + t.size(), true);
            }
        }
        return new AdamW(lay.total, decay, 0.9f, 0.999f, 1e-8f);
    }

    public int epochsDone() {
        return epochsDone;
    }

    /** The weights to ship: the moving average when it is on, else the optimised weights. */
    public VitWeights model() {
        return ema == null ? weights : new VitWeights(weights.config, ema.clone());
    }

    /** Writes the state atomically. */
    public void write(Path file) throws IOException {
        VitConfig c = weights.config;
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("config", new int[] {c.imageSize(), c.channels(), c.patch(), c.dim(), c.depth(), c.heads(), c.mlp(), c.classes()});
        t.put("config.mean", c.mean());
        t.put("config.std", c.std());
        t.put("config.ln_eps", new float[] {c.lnEps()});
        t.put("weights", weights.data);
        if (ema != null) {
            t.put("ema", ema);
        }
        t.put("adam.m", adam.firstMoment());
        t.put("adam.v", adam.secondMoment());
        t.put("adam.t", new long[] {adam.steps()});
        t.put("epochs_done", new long[] {epochsDone});
        Map<String, String> m = new LinkedHashMap<>();
        TrainOptions o = options;
        m.put("format", "splatforge-vit-train-state");
        m.put("epochs", Integer.toString(o.epochs()));
        m.put("batch", Integer.toString(o.batch()));
        m.put("lr", Float.toString(o.lr()));
        m.put("warmup_steps", Integer.toString(o.warmupSteps()));
        m.put("min_lr_factor", Float.toString(o.minLrFactor()));
        m.put("weight_decay", Float.toString(o.weightDecay()));
        m.put("label_smoothing", Float.toString(o.labelSmoothing()));
        m.put("flip", Boolean.toString(o.flip()));
        m.put("max_shift", Integer.toString(o.maxShift()));
        m.put("erase", Float.toString(o.erase()));
        m.put("ema_decay", Float.toString(o.emaDecay()));
        m.put("seed", Long.toString(o.seed()));
        m.put("limit", Integer.toString(o.limit()));
        SafeTensors.write(file, t, m);
    }

    /** Reads a state written by {@link #write}; every field is checked and named on error. */
    public static TrainState read(Path file) throws IOException {
        SafeTensors.Contents in = SafeTensors.read(file);
        Map<String, String> m = in.metadata();
        if (!"splatforge-vit-train-state".equals(m.get("format"))) {
            throw CorruptDataException.field(file, "__metadata__.format", "expected 'splatforge-vit-train-state', got '"
                    + m.get("format") + "' (a model checkpoint goes to --init, a training state to --resume)");
        }
        VitConfig c;
        TrainOptions o;
        try {
            int[] s = get(file, in, "config", int[].class);
            if (s.length != 8) {
                throw CorruptDataException.field(file, "config", "expected 8 integers, got " + s.length);
            }
            c = new VitConfig(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], get(file, in, "config.mean", float[].class),
                    get(file, in, "config.std", float[].class), get(file, in, "config.ln_eps", float[].class)[0]);
            o = new TrainOptions(Integer.parseInt(meta(file, m, "epochs")), Integer.parseInt(meta(file, m, "batch")),
                    Float.parseFloat(meta(file, m, "lr")), Integer.parseInt(meta(file, m, "warmup_steps")),
                    Float.parseFloat(meta(file, m, "min_lr_factor")), Float.parseFloat(meta(file, m, "weight_decay")),
                    Float.parseFloat(meta(file, m, "label_smoothing")), Boolean.parseBoolean(meta(file, m, "flip")),
                    Integer.parseInt(meta(file, m, "max_shift")), Float.parseFloat(meta(file, m, "erase")),
                    Float.parseFloat(meta(file, m, "ema_decay")), Long.parseLong(meta(file, m, "seed")),
                    Integer.parseInt(meta(file, m, "limit")));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw CorruptDataException.field(file, "__metadata__", "invalid configuration or options: " + e.getMessage());
        }
        int total = new VitLayout(c).total;
        VitWeights w = new VitWeights(c, sized(file, get(file, in, "weights", float[].class), "weights", total));
        float[] ema = null;
        if (o.emaDecay() > 0) {
            ema = sized(file, get(file, in, "ema", float[].class), "ema", total);
        }
        AdamW adam = newAdam(w.layout);
        long t = get(file, in, "adam.t", long[].class)[0];
        long done = get(file, in, "epochs_done", long[].class)[0];
        if (t < 0 || done < 0 || done > o.epochs()) {
            throw CorruptDataException.field(file, "epochs_done", done + " epochs done and step " + t + " for a run of "
                    + o.epochs() + " epochs");
        }
        adam.restore(sized(file, get(file, in, "adam.m", float[].class), "adam.m", total),
                sized(file, get(file, in, "adam.v", float[].class), "adam.v", total), t);
        int bad = w.firstNonFinite();
        if (bad >= 0) {
            throw CorruptDataException.field(file, "weights", "parameter " + w.nameOf(bad) + " is not finite");
        }
        return new TrainState(o, w, ema, adam, (int) done);
    }

    private static String meta(Path file, Map<String, String> m, String key) throws CorruptDataException {
        String v = m.get(key);
        if (v == null) {
            throw CorruptDataException.field(file, "__metadata__." + key, "missing");
        }
        return v;
    }

    private static <T> T get(Path file, SafeTensors.Contents in, String name, Class<T> type) throws CorruptDataException {
        Object v = in.tensors().get(name);
        if (!type.isInstance(v) || java.lang.reflect.Array.getLength(v) == 0) {
            throw CorruptDataException.field(file, name, "missing or not " + type.getComponentType() + "[]");
        }
        return type.cast(v);
    }

    private static float[] sized(Path file, float[] a, String name, int total) throws CorruptDataException {
        if (a.length != total) {
            throw CorruptDataException.field(file, name, "expected " + total + " values for the configured model, got " + a.length);
        }
        return a;
    }
}
