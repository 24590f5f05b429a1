package org.splatforge.render.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.render.checkpoint.CheckpointData;
import org.splatforge.render.checkpoint.CheckpointFile;
import org.splatforge.render.optim.Adam;
import org.splatforge.render.optim.TrainableCloud;

/**
 * A trainer's complete state in a {@link CheckpointFile}:
 * <ul>
 *   <li>{@code meta} (JSON): format, version, iteration, strategy, thread count, RNG state,
 *       view cursor, Gaussian count, SH degree, Adam groups; {@code config}: the
 *       {@link TrainConfig} as JSON</li>
 *   <li>{@code cloud/means|logScales|quats|opacityLogits|sh}: the Gaussians (SoA, raw)</li>
 *   <li>{@code adam/<group>/m|v}: moments; {@code adam/steps}: step counts in group order</li>
 *   <li>{@code views/order}: the epoch's view permutation; {@code strategy/...}: the density
 *       strategy's statistics; {@code history/...}: the curves; {@code eval/last} (JSON)</li>
 *   <li>dynamic runs: {@code deform/...}, the deformer's state (the field, its Adam moments,
 *       Swift4D scores; see {@code org.splatforge.render.dynamic.FieldDeformer}); extra
 *       per-Gaussian groups (the scores' moments) are among {@code adam/<group>}</li>
 * </ul>
 * Restoring all of it makes the continuation bit-identical to an uninterrupted run with the
 * same thread count (a different count is allowed, with a warning: results then differ in
 * the last bits).
 */
public final class TrainCheckpoint {

    public static final String FORMAT = "splatforge-train-checkpoint";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainCheckpoint() {
    }

    static void save(Trainer t, Path file) throws IOException {
        CheckpointData d = new CheckpointData();
        GaussianCloud c = t.model.cloud();
        int n = c.size();
        Adam adam = t.model.adam();
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("iteration", t.iteration);
        meta.put("strategy", t.strategy.name());
        meta.put("threads", t.device.parallelism());
        meta.put("rngState", t.rng.state());
        meta.put("viewCursor", t.viewCursor);
        meta.put("trainViews", t.viewOrder.length);
        meta.put("gaussians", n);
        meta.put("shDegree", c.shDegree());
        meta.put("scene", t.scene.name());
        var groups = meta.putArray("adamGroups");
        long[] steps = new long[adam.groupCount()];
        for (int g = 0; g < adam.groupCount(); g++) {
            groups.add(adam.group(g).name());
            steps[g] = adam.group(g).step();
        }
        d.putText("meta", meta.toString());
        d.putText("config", t.cfg.toJson());
        d.put("cloud/means", Arrays.copyOf(c.means(), n * 3));
        d.put("cloud/logScales", Arrays.copyOf(c.logScales(), n * 3));
        d.put("cloud/quats", Arrays.copyOf(c.quats(), n * 4));
        d.put("cloud/opacityLogits", Arrays.copyOf(c.opacityLogits(), n));
        d.put("cloud/sh", Arrays.copyOf(c.sh(), n * c.shCoeffs() * 3));
        d.put("adam/steps", steps);
        for (int g = 0; g < adam.groupCount(); g++) {
            Adam.Group gr = adam.group(g);
            int len = gr.rows() * gr.stride();
            d.put("adam/" + gr.name() + "/m", Arrays.copyOf(gr.m(), len));
            d.put("adam/" + gr.name() + "/v", Arrays.copyOf(gr.v(), len));
        }
        d.put("views/order", t.viewOrder.clone());
        t.strategy.save(d, "strategy/");
        if (t.deformer != null) {
            t.deformer.save(d, "deform/");
        }
        t.history.save(d);
        if (t.lastEval() != null) {
            d.putText("eval/last", JSON.writeValueAsString(t.lastEval()));
        }
        CheckpointFile.write(file, d);
    }

    /** Reads and validates a checkpoint file (no training state is built yet). */
    public static CheckpointData read(Path file) throws IOException {
        CheckpointData d = CheckpointFile.read(file);
        JsonNode meta = json(d, "meta");
        if (!FORMAT.equals(meta.path("format").asText()) || meta.path("version").asInt() != VERSION) {
            throw CorruptDataException.field(file, "meta.format", "expected " + FORMAT + " version " + VERSION
                    + ", found " + meta.path("format").asText() + " version " + meta.path("version").asText());
        }
        return d;
    }

    /** The configuration stored in a checkpoint. */
    public static TrainConfig config(CheckpointData d) throws CorruptDataException {
        try {
            TrainConfig cfg = TrainConfig.fromJson(d.text("config"));
            cfg.validate();
            return cfg;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw CorruptDataException.field(d.source(), "config", "not a valid training configuration: " + e.getMessage());
        }
    }

    /** The last completed iteration stored in a checkpoint. */
    public static int iteration(CheckpointData d) throws CorruptDataException {
        return json(d, "meta").path("iteration").asInt();
    }

    static Trainer load(CheckpointData d, TrainingScene scene, TrainRenderer renderer, Device device, ImageMetrics metrics,
                        CloudDeformer.Factory deformers) throws IOException {
        Path file = d.source();
        JsonNode meta = json(d, "meta");
        TrainConfig cfg = config(d);
        int trainViews = meta.path("trainViews").asInt(-1);
        if (trainViews != scene.train().size()) {
            throw new IllegalArgumentException(file + " was written for a dataset with " + trainViews
                    + " training views; this one has " + scene.train().size() + " (same dataset and --resolution?)");
        }
        int threads = meta.path("threads").asInt();
        if (threads != device.parallelism()) {
            Log.warn("resuming with %d threads, the checkpoint was written with %d: the run stays valid but is no"
                    + " longer bit-identical to an uninterrupted one", device.parallelism(), threads);
        }
        Trainer t = new Trainer(cfg, scene, renderer, device, metrics);
        int n = meta.path("gaussians").asInt(-1);
        int deg = meta.path("shDegree").asInt(-1);
        if (n < 0 || deg != cfg.shDegree) {
            throw CorruptDataException.field(file, "meta.gaussians", "missing or inconsistent count/SH degree");
        }
        int k3 = GaussianCloud.coeffs(deg) * 3;
        GaussianCloud c = GaussianCloud.wrap(n, deg, d.floats("cloud/means", n * 3L), d.floats("cloud/logScales", n * 3L),
                d.floats("cloud/quats", n * 4L), d.floats("cloud/opacityLogits", n), d.floats("cloud/sh", (long) n * k3));
        int bad = c.firstNonFinite();
        if (bad >= 0) {
            throw CorruptDataException.field(file, "cloud", "Gaussian " + bad + " has a NaN or infinite parameter");
        }
        Adam adam = new Adam(device);
        t.model = new TrainableCloud(c, adam, cfg.shRestFactor);
        if (cfg.dynamic.enabled) {
            if (deformers == null) {
                throw new IllegalArgumentException(file + " holds a dynamic run: resume it as one (splat train --dynamic)");
            }
            t.deformer = deformers.create(cfg, scene, t.model, device); // registers its Adam groups before the restore below
        }
        List<String> names = new ArrayList<>();
        meta.path("adamGroups").forEach(x -> names.add(x.asText()));
        long[] steps = d.longs("adam/steps", adam.groupCount());
        if (names.size() != adam.groupCount()) {
            throw CorruptDataException.field(file, "meta.adamGroups", "expected " + adam.groupCount() + " groups, found " + names);
        }
        for (int g = 0; g < adam.groupCount(); g++) {
            Adam.Group gr = adam.group(g);
            if (!gr.name().equals(names.get(g))) {
                throw CorruptDataException.field(file, "meta.adamGroups", "group " + g + " is '" + names.get(g)
                        + "', expected '" + gr.name() + "'");
            }
            long len = (long) n * gr.stride();
            adam.restore(g, n, steps[g], d.floats("adam/" + gr.name() + "/m", len), d.floats("adam/" + gr.name() + "/v", len));
        }
        t.rng.setState(meta.path("rngState").asLong());
        int[] order = d.ints("views/order", scene.train().size());
        for (int v : order) {
            if (v < 0 || v >= order.length) {
                throw CorruptDataException.field(file, "views/order", "view index " + v + " out of range");
            }
        }
        t.viewOrder = order;
        t.viewCursor = meta.path("viewCursor").asInt();
        t.iteration = meta.path("iteration").asInt();
        if (t.iteration < 0 || t.iteration > cfg.iterations || t.viewCursor < 0 || t.viewCursor > order.length) {
            throw CorruptDataException.field(file, "meta.iteration", "iteration " + t.iteration + " / view cursor "
                    + t.viewCursor + " out of range");
        }
        if (!t.strategy.name().equals(meta.path("strategy").asText())) {
            throw CorruptDataException.field(file, "meta.strategy", "strategy '" + meta.path("strategy").asText()
                    + "' does not match the configuration's '" + t.strategy.name() + "'");
        }
        t.strategy.load(d, "strategy/", n);
        if (t.deformer != null) {
            t.deformer.load(d, "deform/");
        }
        t.history.load(d, t.iteration);
        if (d.has("eval/last")) {
            try {
                t.setLastEval(JSON.readValue(d.text("eval/last"), EvalResult.class));
            } catch (JsonProcessingException e) {
                throw CorruptDataException.field(file, "eval/last", "not a valid evaluation record: " + e.getOriginalMessage());
            }
        }
        return t;
    }

    private static JsonNode json(CheckpointData d, String name) throws CorruptDataException {
        try {
            return JSON.readTree(d.text(name));
        } catch (JsonProcessingException e) {
            throw CorruptDataException.field(d.source(), name, "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
