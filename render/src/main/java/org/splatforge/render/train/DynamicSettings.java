package org.splatforge.render.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Settings of dynamic (4D) training, part of {@link TrainConfig} (stored with it in
 * checkpoints and metrics). Defaults follow 4DGaussians (Wu et al. 2024, D-NeRF config),
 * with a smaller HexPlane and MLP for CPU training. Ignored unless {@link #enabled}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class DynamicSettings {

    /** Train a canonical cloud plus a deformation field (set by {@code splat train --dynamic}). */
    public boolean enabled = false;
    /** Iterations of the coarse (static) stage before the field is switched on (4DGaussians: 3000 of 23000). */
    public int coarseIterations = 3000;
    /** HexPlane cells per spatial axis at the coarsest scale (4DGaussians: 64). */
    public int spatialRes = 16;
    /** HexPlane scales (resolution doubles per scale; 4DGaussians multires [1, 2]). */
    public int scales = 2;
    /** HexPlane cells along time (4DGaussians D-NeRF: 25). */
    public int timeRes = 24;
    /** Feature channels per plane. */
    public int features = 8;
    /** MLP width (4DGaussians: 64) and hidden layers. */
    public int hidden = 32;
    public int hiddenLayers = 2;
    /**
     * HexPlane learning rate at the start and end of the fine stage, times the scene extent.
     * 4DGaussians uses 1.6e-3 to 1.6e-5 over ~20k fine iterations; CPU runs here are a few
     * thousand, and 10x those rates fitted the tiny moving test scene 5 dB better (36.2 vs
     * 31.1 dB after 600 fine iterations), so the defaults are 10x.
     */
    public float planeLr = 1.6e-2f;
    public float planeLrFinal = 1.6e-4f;
    /** MLP learning rate, same schedule (4DGaussians deformation_lr 1.6e-4 to 1.6e-6, here 10x as above). */
    public float mlpLr = 1.6e-3f;
    public float mlpLrFinal = 1.6e-5f;
    /** The field also deforms opacity (the 11th output); false keeps canonical opacity. */
    public boolean deformOpacity = true;
    /**
     * HexPlane smoothness weights ({@link org.splatforge.render.dynamic.PlaneSmoothness}):
     * spatial and temporal second differences, and the time planes' L1 distance from 1
     * (4DGaussians' D-NeRF values: 2e-4, 1e-3, 1e-4; 0 switches a term off).
     *
     * <p>Only the temporal term is on by default. On tabletop-dynamic (monocular, test views
     * at unseen times) it lifted test PSNR by 2 to 3 dB at every seed tried, because the field
     * must interpolate motion between training times. The spatial term is off: the MLP's
     * output layer starts at zero, so the planes get no data gradient at first, and Adam
     * turned the regulariser's tiny gradient into full steps that flattened the spatial
     * planes (one seed stayed at 22 dB). Time planes start at exactly 1, where the temporal
     * and L1 terms are zero, so they cannot do that.
     */
    public float planeTv = 0f;
    public float timeSmoothness = 1e-3f;
    public float l1TimePlanes = 0f;
    /** Padding of the field's box around the canonical cloud, as a fraction of its size per side. */
    public float boxPad = 0.1f;
    /** Swift4D static/dynamic split: only Gaussians with a dynamic score above 0.5 query the field. */
    public boolean split = false;
    /** Weight of the split's supervision loss (mean squared error of the rendered score vs the per-pixel temporal variation). */
    public float splitWeight = 1f;
    /**
     * What sets the split: "variation" (Swift4D's per-pixel temporal variation; needs fixed
     * cameras seen over time), "motion" (the field's own motion per Gaussian, the monocular
     * stand-in) or "auto" (variation where the data has it, motion otherwise).
     */
    public String splitSignal = "auto";
    /** Learning rate of the per-Gaussian dynamic score logit. */
    public float splitLr = 0.05f;
    /** Supervise the score every this many fine iterations (each costs a score render and its backward). */
    public int splitEvery = 5;
    /**
     * Monocular runs (no per-pixel time series): fine iterations with every Gaussian dynamic
     * before the field's motion first decides the split, and fine iterations between later
     * decisions ({@link org.splatforge.render.dynamic.MotionGate}). An earlier first decision
     * saves more training time but freezes Gaussians whose motion the field has not learnt
     * yet: on tabletop-dynamic (seed 0, 1 thread) warm-ups of 250 / 500 / 1000 gave 28.82 /
     * 29.20 / 29.79 dB against 29.70 without the split, in 469 / 501 / 623 CPU s against 768.
     */
    public int splitWarmup = 1000;
    public int splitGateEvery = 500;
    /**
     * Monocular runs: a Gaussian is dynamic when, over time, the field moves it more than
     * {@code splitMotion} times the field box's diagonal, changes its opacity by more than
     * {@code splitOpacity}, any log-scale by more than {@code splitScale}, or its quaternion
     * by more than {@code splitRotation} of the quaternion's norm. Applied after training to a
     * tabletop-dynamic model trained without the split (box diagonal 8.5), position
     * thresholds from 0.05 to 0.15 world units all left 68-69% of Gaussians dynamic and cost at
     * most 0.02 dB of test PSNR: the moving Gaussians move much more than that, the rest much less.
     */
    public float splitMotion = 0.01f;
    public float splitOpacity = 0.1f;
    public float splitScale = 0.5f;
    public float splitRotation = 0.1f;
    /**
     * Initial dynamic score logit: -0.1 (sigmoid 0.475) starts every Gaussian just static, so
     * Gaussians the supervision never reaches (culled, transparent) stay static and skip the
     * field, and the first supervised steps lift those in moving regions above 0.5.
     */
    public float splitInit = -0.1f;

    /** Throws IllegalArgumentException naming the first bad setting. */
    public void validate(int iterations) {
        if (!enabled) {
            return;
        }
        if (coarseIterations < 0 || coarseIterations >= iterations) {
            throw new IllegalArgumentException("dynamic.coarseIterations must be in [0, iterations), got " + coarseIterations);
        }
        for (float lr : new float[] {planeLr, planeLrFinal, mlpLr, mlpLrFinal, splitLr}) {
            if (!(lr > 0) || !Float.isFinite(lr)) {
                throw new IllegalArgumentException("dynamic learning rates must be finite and > 0, got " + lr);
            }
        }
        for (float w : new float[] {planeTv, timeSmoothness, l1TimePlanes}) {
            if (!(w >= 0) || !Float.isFinite(w)) {
                throw new IllegalArgumentException("dynamic smoothness weights must be finite and >= 0, got " + w);
            }
        }
        if (!(boxPad >= 0 && boxPad <= 10) || !(splitWeight >= 0) || splitEvery < 1 || !Float.isFinite(splitInit)) {
            throw new IllegalArgumentException("dynamic.boxPad must be in [0, 10], splitWeight >= 0, splitEvery >= 1, splitInit finite");
        }
        if (!java.util.List.of("auto", "motion", "variation").contains(splitSignal)) {
            throw new IllegalArgumentException("dynamic.splitSignal must be auto, motion or variation, got " + splitSignal);
        }
        if (splitWarmup < 0 || splitGateEvery < 1) {
            throw new IllegalArgumentException("dynamic.splitWarmup must be >= 0 and splitGateEvery >= 1");
        }
        for (float t : new float[] {splitMotion, splitOpacity, splitScale, splitRotation}) {
            if (!(t >= 0) || !Float.isFinite(t)) {
                throw new IllegalArgumentException("dynamic split thresholds must be finite and >= 0, got " + t);
            }
        }
        // The field's shape is range-checked by the deformer when the trainer is built.
    }
}
