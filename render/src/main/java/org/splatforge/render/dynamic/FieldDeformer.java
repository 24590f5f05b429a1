package org.splatforge.render.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.checkpoint.CheckpointData;
import org.splatforge.render.optim.Adam;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.optim.TrainableCloud;
import org.splatforge.render.train.CloudDeformer;
import org.splatforge.render.train.DynamicSettings;
import org.splatforge.render.train.TrainConfig;
import org.splatforge.render.train.TrainingScene;
import org.splatforge.render.train.TrainingView;

/**
 * 4DGaussians' two-stage schedule as a {@link CloudDeformer}: during the coarse stage
 * (iterations 1..coarseIterations) the canonical cloud is rendered as it is (a static 3DGS
 * fit of all frames); at the first fine iteration a {@link DeformationField} is created over
 * the canonical cloud's box (identity at start) and from then on every view is rendered at
 * its time. The canonical means receive the field's input gradient in addition to the
 * direct one (the deltas are additive, so the other raw parameters pass theirs through).
 * The field has its own Adam (plane and MLP groups, learning rates times the scene extent,
 * decaying exponentially over the fine stage as in 4DGaussians). Densification sees the
 * canonical cloud and the deformed render's screen statistics, indexed the same way.
 */
public final class FieldDeformer implements CloudDeformer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamicSettings s;
    private final FieldConfig fieldConfig;
    private final int iterations;
    private final long seed;
    private final Device device;
    private final DeformedCloud deformed = new DeformedCloud();
    private final Adam adam;
    private final int gPlanes;
    private final int gMlp;
    private DeformationField field;
    private FieldGradients fieldGrads;
    private float[] dOut = new float[0];
    private float lastTime;
    private boolean lastDeformed;
    private final TrainableCloud model;
    /** Swift4D's static/dynamic split, or null when off. */
    private final DynamicSplit split;
    private int[] lastIdx;
    private int lastCount;
    private GaussianCloud lastCloud;

    public FieldDeformer(TrainConfig cfg, TrainingScene scene, TrainableCloud model, Device device) {
        this.s = cfg.dynamic;
        this.fieldConfig = new FieldConfig(s.spatialRes, s.scales, s.timeRes, s.features, s.hidden, s.hiddenLayers);
        this.iterations = cfg.iterations;
        this.seed = cfg.seed;
        this.device = device;
        this.adam = new Adam(device);
        gPlanes = adam.addGroup("field/planes", 1, null, false);
        gMlp = adam.addGroup("field/mlp", 1, null, false);
        this.model = model;
        this.split = s.split ? new DynamicSplit(s, scene, model, device) : null;
    }

    /** Fraction of Gaussians that query the field (1 without the split). */
    public double dynamicFraction() {
        if (split == null || model.size() == 0) {
            return 1;
        }
        split.select(model);
        return (double) split.count() / model.size();
    }

    /** Per-Gaussian 0/1 dynamic flags for the model file, or null without the split. */
    public int[] dynamicMask() {
        return split == null ? null : split.mask(model);
    }

    /** The factory {@link org.splatforge.render.train.Trainer#create} takes for dynamic runs. */
    public static CloudDeformer.Factory factory() {
        // (cfg, scene, model, device)
        return FieldDeformer::new;
    }

    /** The field, or null during the coarse stage. */
    public DeformationField field() {
        return field;
    }

    public DynamicSettings settings() {
        return s;
    }

    private boolean fine(int iteration) {
        return iteration > s.coarseIterations;
    }

    @Override
    public boolean deforms(int iteration) {
        return fine(iteration);
    }

    @Override
    public GaussianCloud deform(TrainableCloud model, double time, int iteration) {
        if (!fine(iteration)) {
            lastDeformed = false;
            return model.cloud();
        }
        GaussianCloud c = model.cloud();
        if (field == null) {
            float[][] box = DeformationField.box(c.means(), c.size(), s.boxPad);
            field = DeformationField.create(fieldConfig, box[0], box[1], seed ^ 0x4D47L);
            org.splatforge.core.util.Log.info("deformation field created at iteration %d over the box [%.3f, %.3f, %.3f] .. [%.3f, %.3f, %.3f]"
                    + " of %,d canonical Gaussians", iteration, box[0][0], box[0][1], box[0][2], box[1][0], box[1][1], box[1][2], c.size());
            fieldGrads = new FieldGradients(field);
            if (split != null) {
                split.start(model);
            }
        }
        lastTime = (float) Math.min(1, Math.max(0, time));
        lastDeformed = true;
        lastIdx = null;
        lastCount = c.size();
        if (split != null) {
            lastIdx = split.select(model);
            lastCount = split.count();
        }
        lastCloud = deformed.at(field, c, lastTime, lastIdx, lastCount, s.deformOpacity, device);
        return lastCloud;
    }

    @Override
    public double backward(TrainableCloud model, CloudGradients grads, int iteration) {
        if (!lastDeformed) {
            return 0;
        }
        GaussianCloud c = model.cloud();
        int n = c.size();
        if (dOut.length < n * FieldConfig.OUTPUTS) {
            dOut = new float[Math.max(n, dOut.length / FieldConfig.OUTPUTS * 5 / 4) * FieldConfig.OUTPUTS];
        }
        float[] gm = grads.means(), gs = grads.logScales(), gq = grads.quats(), go = grads.opacityLogits();
        boolean op = s.deformOpacity;
        float[] d = dOut;
        device.parallelFor(n, 1024, (start, end, w) -> {
            for (int i = start; i < end; i++) {
                int r = i * FieldConfig.OUTPUTS;
                for (int a = 0; a < 3; a++) {
                    d[r + a] = gm[i * 3 + a];
                    d[r + 3 + a] = gs[i * 3 + a];
                }
                for (int a = 0; a < 4; a++) {
                    d[r + 6 + a] = gq[i * 4 + a];
                }
                d[r + 10] = op ? go[i] : 0f;
            }
        });
        field.backward(device, c.means(), lastIdx, lastCount, lastTime, dOut, fieldGrads, gm);
        return 0;
    }

    @Override
    public double supervise(TrainableCloud model, TrainingView view, float[] target, float[] background, int shDegree,
                            int iteration) {
        if (split == null || !lastDeformed) {
            return 0;
        }
        return split.supervise(model, lastCloud, view, target, background, shDegree, iteration);
    }

    @Override
    public void step(int iteration, double extent) {
        if (field == null || !fine(iteration)) {
            return;
        }
        double t = Math.min(1, (double) (iteration - s.coarseIterations) / Math.max(1, iterations - s.coarseIterations));
        PlaneSmoothness.addGradient(field.layout(), field.planes(), fieldGrads.planes(), s.planeTv, s.timeSmoothness, s.l1TimePlanes);
        adam.step(gPlanes, field.planes(), fieldGrads.planes(), field.planes().length,
                (float) (extent * decay(s.planeLr, s.planeLrFinal, t)));
        adam.step(gMlp, field.mlp(), fieldGrads.mlp(), field.mlp().length, (float) (extent * decay(s.mlpLr, s.mlpLrFinal, t)));
        if (split != null) {
            split.gate(model, field, iteration - s.coarseIterations, s.deformOpacity);
        }
    }

    /** Log-linear interpolation from {@code a} to {@code b} (3DGS/4DGaussians get_expon_lr_func without delay). */
    static double decay(double a, double b, double t) {
        return Math.exp(Math.log(a) * (1 - t) + Math.log(b) * t);
    }

    @Override
    public void save(CheckpointData d, String prefix) {
        if (split != null) {
            d.put(prefix + "score", Arrays.copyOf(model.extra(split.handle()), model.size()));
        }
        if (field == null) {
            return;
        }
        ObjectNode meta = JSON.createObjectNode();
        meta.put("planeSteps", adam.group(gPlanes).step());
        meta.put("mlpSteps", adam.group(gMlp).step());
        d.putText(prefix + "meta", meta.toString());
        DeformationFile.put(d, prefix + "field/", field, s.deformOpacity);
        d.put(prefix + "adam/planes/m", Arrays.copyOf(adam.group(gPlanes).m(), field.planes().length));
        d.put(prefix + "adam/planes/v", Arrays.copyOf(adam.group(gPlanes).v(), field.planes().length));
        d.put(prefix + "adam/mlp/m", Arrays.copyOf(adam.group(gMlp).m(), field.mlp().length));
        d.put(prefix + "adam/mlp/v", Arrays.copyOf(adam.group(gMlp).v(), field.mlp().length));
    }

    @Override
    public void load(CheckpointData d, String prefix) throws IOException {
        if (split != null) {
            model.setExtra(split.handle(), d.floats(prefix + "score", model.size()));
        }
        if (!d.has(prefix + "meta")) {
            field = null; // saved during the coarse stage
            return;
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(d.text(prefix + "meta"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CorruptDataException.field(d.source(), prefix + "meta", "not valid JSON: " + e.getOriginalMessage());
        }
        field = DeformationFile.get(d, prefix + "field/");
        if (!field.config().equals(fieldConfig)) {
            throw CorruptDataException.field(d.source(), prefix + "field/meta", "field shape " + field.config()
                    + " does not match the configuration's " + fieldConfig);
        }
        fieldGrads = new FieldGradients(field);
        int np = field.planes().length, nm = field.mlp().length;
        adam.restore(gPlanes, np, meta.path("planeSteps").asLong(), d.floats(prefix + "adam/planes/m", np),
                d.floats(prefix + "adam/planes/v", np));
        adam.restore(gMlp, nm, meta.path("mlpSteps").asLong(), d.floats(prefix + "adam/mlp/m", nm),
                d.floats(prefix + "adam/mlp/v", nm));
    }

    @Override
    public String describe() {
        FieldConfig f = fieldConfig;
        return String.format(java.util.Locale.ROOT, "HexPlane %d scale(s) from %d cells, %d time cells, %d channels; MLP %dx%d;"
                        + " %s; coarse stage until iteration %d", f.scales(), f.spatialRes(), f.timeRes(), f.features(),
                f.hiddenLayers(), f.hidden(), field == null ? "field not created yet" : field.parameterCount() + " parameters",
                s.coarseIterations) + (split != null ? "; Swift4D static/dynamic split on" : "");
    }
}
