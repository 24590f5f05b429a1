package org.splatforge.render.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import org.splatforge.render.densify.DensityConfig;

/**
 * Every setting of a training run (public fields; stored as JSON in checkpoints and the
 * metrics file). Defaults are the 3DGS recipe (Kerbl et al. 2023 and the INRIA code's
 * {@code OptimizationParams}) for a 30k-iteration run; {@link #forIterations} scales the
 * iteration-based schedules to a shorter or longer run.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class TrainConfig {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The dataset folder (informational; resuming checks it). */
    public String dataset = "";
    /** Image downscale factor the dataset is loaded at (3DGS --resolution; 2 = half size). */
    public double resolution = 1;
    /** Random initial points for datasets without their own (NeRF-synthetic; 3DGS: 100k). */
    public int initPoints = 100_000;
    /** Training iterations (one view each). */
    public int iterations = 30_000;
    /** Seed of every random choice (view order, backgrounds, densification samples, noise). */
    public long seed = 0;
    /** Largest SH degree (0..3). */
    public int shDegree = 3;
    /** Raise the active SH degree by one every this many iterations (3DGS: 1000). */
    public int shDegreeEvery = 1000;
    /** Weight of the D-SSIM term: loss = (1 - w) L1 + w (1 - SSIM) (3DGS: 0.2). */
    public float ssimWeight = 0.2f;
    /** Position learning rate at the start, times the scene extent (3DGS: 1.6e-4). */
    public float meansLr = 1.6e-4f;
    /** ... at the end of the decay, times the scene extent (3DGS: 1.6e-6); exponential in between. */
    public float meansLrFinal = 1.6e-6f;
    /** Iterations of the position decay; 0 = the whole run (3DGS: 30000 = iterations). */
    public int meansLrSteps = 0;
    /** SH DC learning rate (3DGS feature_lr: 2.5e-3). */
    public float shLr = 2.5e-3f;
    /** Factor of the higher SH bands' rate (3DGS: 1/20). */
    public float shRestFactor = 0.05f;
    /** Opacity-logit learning rate (3DGS paper code 0.05; gsplat and later INRIA code 0.025). */
    public float opacityLr = 0.025f;
    /** Log-scale learning rate (3DGS: 5e-3). */
    public float scaleLr = 5e-3f;
    /** Quaternion learning rate (3DGS: 1e-3). */
    public float quatLr = 1e-3f;
    /** Composite renders and targets on a fresh random background every iteration. */
    public boolean randomBackground = false;
    /** Fixed background RGB, or null for the dataset's. */
    public float[] background = null;
    /** Opacity of the initial Gaussians (3DGS: 0.1; 3DGS-MCMC: 0.5). */
    public float initOpacity = 0.1f;
    /** Multiplier of the initial scales (mean distance to the 3 nearest points; MCMC: 0.1). */
    public float initScaleFactor = 1f;
    /** Evaluate on the test views every this many iterations (0 = only at the end). */
    public int evalEvery = 0;
    /** Test views used by intermediate evaluations (0 = all); the final one uses all. */
    public int evalViews = 0;
    /** Write a checkpoint every this many iterations (0 = only at the end). */
    public int checkpointEvery = 1000;
    /** Density control (strategy and its schedule). */
    public DensityConfig density = new DensityConfig();
    /** Dynamic (4D) training: canonical cloud plus deformation field (off by default). */
    public DynamicSettings dynamic = new DynamicSettings();

    /** The 3DGS recipe with its iteration schedules scaled to {@code iterations}. */
    public static TrainConfig forIterations(int iterations) {
        TrainConfig c = new TrainConfig();
        c.iterations = iterations;
        c.density = c.density.scaledTo(iterations);
        c.dynamic.coarseIterations = Math.min(3000, iterations * 3 / 20);
        if (iterations < 30_000) {
            // Reach the full SH degree by 40% of a short run rather than at 3000 iterations.
            c.shDegreeEvery = Math.max(100, Math.min(1000, iterations * 4 / 30));
        }
        return c;
    }

    /** Position learning rate (world units) at 1-based iteration {@code it}, for a scene of {@code extent}. */
    public float meansLrAt(int it, double extent) {
        int steps = meansLrSteps > 0 ? meansLrSteps : iterations;
        double t = Math.min(1.0, Math.max(0.0, (double) it / steps));
        // 3DGS get_expon_lr_func with no delay: log-linear interpolation.
        return (float) (extent * Math.exp(Math.log(meansLr) * (1 - t) + Math.log(meansLrFinal) * t));
    }

    /** Active SH degree at 1-based iteration {@code it} (raised at multiples of shDegreeEvery). */
    public int shDegreeAt(int it) {
        return Math.min(shDegree, it / shDegreeEvery);
    }

    /** Throws IllegalArgumentException naming the first bad setting. */
    public void validate() {
        if (iterations <= 0) {
            throw new IllegalArgumentException("iterations must be > 0, got " + iterations);
        }
        if (shDegree < 0 || shDegree > 3) {
            throw new IllegalArgumentException("SH degree must be 0..3, got " + shDegree);
        }
        if (shDegreeEvery <= 0) {
            throw new IllegalArgumentException("shDegreeEvery must be > 0, got " + shDegreeEvery);
        }
        if (!(ssimWeight >= 0 && ssimWeight <= 1)) {
            throw new IllegalArgumentException("ssimWeight must be in [0, 1], got " + ssimWeight);
        }
        for (float lr : new float[] {meansLr, meansLrFinal, shLr, opacityLr, scaleLr, quatLr, shRestFactor}) {
            if (!(lr >= 0) || !Float.isFinite(lr)) {
                throw new IllegalArgumentException("learning rates must be finite and >= 0, got " + lr);
            }
        }
        if (!(meansLr > 0 && meansLrFinal > 0)) {
            throw new IllegalArgumentException("position learning rates must be > 0 (exponential decay)");
        }
        if (background != null && background.length != 3) {
            throw new IllegalArgumentException("background must have 3 values (RGB), got " + background.length);
        }
        if (!(initOpacity > 0 && initOpacity < 1)) {
            throw new IllegalArgumentException("initOpacity must be in (0, 1), got " + initOpacity);
        }
        if (!(initScaleFactor > 0)) {
            throw new IllegalArgumentException("initScaleFactor must be > 0, got " + initScaleFactor);
        }
        if (!(resolution >= 1) || !Double.isFinite(resolution)) {
            throw new IllegalArgumentException("resolution must be a finite factor >= 1, got " + resolution);
        }
        if (initPoints <= 0) {
            throw new IllegalArgumentException("initPoints must be > 0, got " + initPoints);
        }
        if (evalEvery < 0 || checkpointEvery < 0 || evalViews < 0) {
            throw new IllegalArgumentException("evalEvery, evalViews and checkpointEvery must be >= 0");
        }
        density.validate();
        dynamic.validate(iterations);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrainConfig fromJson(String json) throws com.fasterxml.jackson.core.JsonProcessingException {
        return JSON.readValue(json, TrainConfig.class);
    }
}
