package org.splatforge.render.dynamic;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.optim.TrainableCloud;
import org.splatforge.render.raster.GaussianGradients;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;
import org.splatforge.render.train.DynamicSettings;
import org.splatforge.render.train.TrainingScene;
import org.splatforge.render.train.TrainingView;

/**
 * Swift4D's divide and conquer (Wu et al., ICLR 2025): each Gaussian has a dynamic score
 * {@code s} (a logit, an extra per-Gaussian parameter of the model, so it follows
 * densification); only Gaussians with {@code sigmoid(s) > 0.5} query the deformation field,
 * the others are rendered as they are.
 *
 * <p>Fixed cameras (multi-view video): the paper's supervision. Every {@code splitEvery} fine
 * iterations the scores are rendered as a one-channel image {@code S} with the deformed
 * geometry (alpha blending of {@code sigmoid(s)}, as colour, on black) and compared with the
 * per-pixel temporal variation {@code V} of the view ({@link VariationTargets}), loss
 * {@code w * mean((S - V)^2)}; the score gradient comes back through the rasterizer's colour
 * gradient and the scores take their own Adam step (rate {@code splitLr}).
 *
 * <p>Monocular video (D-NeRF) has no per-pixel time series, so there is no {@code V} ({@code
 * splitSignal} "motion" chooses this for any data). There
 * every Gaussian starts dynamic when the field is created; after {@code splitWarmup} fine
 * iterations, and every {@code splitGateEvery} after that, {@link MotionGate} samples the
 * field over time for all Gaussians and sets each score to +1 (dynamic) or -1 (static) by how
 * much the field changes it, freezing the Gaussians that turn static at their mean deformed
 * state. A static Gaussian stays static: the field where it sits is shaped by its dynamic
 * neighbours, and letting it back in copied their motion onto it (on tabletop-dynamic 5,705
 * Gaussians returning at once, among them platform under the moving objects, took training
 * PSNR from 27 to 14 dB). (An earlier stand-in, the residual of the coarse static fit
 * rendered against the view, marked too few of the moving Gaussians: 3.2 dB lost on
 * tabletop-dynamic.)
 */
final class DynamicSplit {

    private static final double SH_C0 = 0.28209479177387814;

    private final DynamicSettings s;
    private final Device device;
    private final VariationTargets targets;
    private final int handle;
    private int[] idx = new int[0];
    private int count;
    private Rasterizer rast;
    private RasterFrame frame = new RasterFrame();
    private final GaussianGradients raw = new GaussianGradients();
    private float[] scoreSh = new float[0];
    private float[] scoreGrad = new float[0];
    private float[] dImage = new float[0];
    private final MotionGate gate = new MotionGate();

    DynamicSplit(DynamicSettings s, TrainingScene scene, TrainableCloud model, Device device) {
        this.s = s;
        this.device = device;
        this.targets = scene == null ? null : VariationTargets.of(scene);
        if (targets == null && "variation".equals(s.splitSignal)) {
            throw new IllegalArgumentException("dynamic.splitSignal=variation needs cameras seen at " + VariationTargets.MIN_FRAMES
                    + " or more times (multi-view video); this dataset has none: use auto or motion");
        }
        this.handle = model.addExtra("dynamicScore", 1, s.splitInit);
    }

    int handle() {
        return handle;
    }

    /**
     * True when {@link MotionGate} decides instead of the per-pixel supervision: monocular data
     * ({@code splitSignal} "auto" without a camera time series) or {@code splitSignal} "motion".
     */
    boolean motionDecides() {
        return targets == null || "motion".equals(s.splitSignal);
    }

    /** Called when the field is created: when the field's motion decides, every Gaussian starts dynamic. */
    void start(TrainableCloud model) {
        if (motionDecides()) {
            java.util.Arrays.fill(model.extra(handle), 0, model.size(), 1f);
        }
    }

    /**
     * When the field's motion decides ({@link #motionDecides()}): after fine iteration
     * {@code fineIteration}, when the schedule says so
     * ({@code splitWarmup}, then every {@code splitGateEvery}), turns the dynamic Gaussians the
     * field hardly changes static (score -1, baked: see {@link MotionGate#bake}); the others get
     * score +1. Returns true when it ran.
     */
    boolean gate(TrainableCloud model, DeformationField field, int fineIteration, boolean deformOpacity) {
        if (!motionDecides() || fineIteration < s.splitWarmup || (fineIteration - s.splitWarmup) % s.splitGateEvery != 0) {
            return false;
        }
        GaussianCloud c = model.cloud();
        double diag = 0;
        for (int a = 0; a < 3; a++) {
            diag += (double) (field.hi()[a] - field.lo()[a]) * (field.hi()[a] - field.lo()[a]);
        }
        MotionGate.Thresholds th = new MotionGate.Thresholds((float) (s.splitMotion * Math.sqrt(diag)), s.splitOpacity,
                s.splitScale, s.splitRotation);
        boolean[] dyn = gate.measure(field, c, th, device);
        float[] score = model.extra(handle);
        int n = c.size(), demoted = 0, dynamic = 0;
        for (int i = 0; i < n; i++) {
            if (score[i] > 0 && !dyn[i]) {
                gate.bake(c, i, 1, deformOpacity);
                score[i] = -1f;
                demoted++;
            } else if (score[i] > 0) {
                score[i] = 1f;
                dynamic++;
            }
        }
        org.splatforge.core.util.Log.info("static/dynamic split at fine iteration %d: %,d of %,d Gaussians dynamic (%.1f%%),"
                + " %,d turned static", fineIteration, dynamic, n, 100.0 * dynamic / Math.max(1, n), demoted);
        return true;
    }

    /** Rebuilds the list of dynamic Gaussians from the scores; returns it (its first {@link #count()} entries). */
    int[] select(TrainableCloud model) {
        float[] score = model.extra(handle);
        int n = model.size();
        if (idx.length < n) {
            idx = new int[n];
        }
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (score[i] > 0) { // sigmoid(s) > 0.5
                idx[c++] = i;
            }
        }
        count = c;
        return idx;
    }

    int count() {
        return count;
    }

    /** 0/1 per Gaussian, for the model file. */
    int[] mask(TrainableCloud model) {
        float[] score = model.extra(handle);
        int[] m = new int[model.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = score[i] > 0 ? 1 : 0;
        }
        return m;
    }

    /** One supervision step (see the class comment); {@code deformed} is the cloud rendered this iteration. */
    double supervise(TrainableCloud model, GaussianCloud deformed, TrainingView view, float[] target, float[] bg,
                     int shDegree, int iteration) {
        if (motionDecides() || iteration % s.splitEvery != 0) {
            return 0;
        }
        float[] v = targets.map(view, bg);
        if (v == null) {
            return 0; // this view's camera has no time series
        }
        if (rast == null) {
            rast = Rasterizers.create(device);
        }
        int w = view.camera().width(), h = view.camera().height(), np = w * h, n = model.size();
        if (dImage.length < np * 3) {
            dImage = new float[np * 3];
        }
        float[] score = model.extra(handle);
        if (scoreSh.length < n * 3) {
            scoreSh = new float[n * 3];
            scoreGrad = new float[n];
        }
        for (int i = 0; i < n; i++) {
            float sig = (float) (1 / (1 + Math.exp(-score[i])));
            float dc = (float) ((sig - 0.5) / SH_C0);
            scoreSh[i * 3] = dc;
            scoreSh[i * 3 + 1] = dc;
            scoreSh[i * 3 + 2] = dc;
        }
        GaussianCloud sc = GaussianCloud.wrap(n, 0, deformed.means(), deformed.logScales(), deformed.quats(),
                deformed.opacityLogits(), scoreSh);
        frame = rast.forward(sc, view.camera(), RasterSettings.defaults().withShDegree(0).withBackground(0, 0, 0), frame);
        float[] img = frame.image();
        double loss = 0;
        float scale = 2f * s.splitWeight / np;
        for (int p = 0; p < np; p++) {
            float d = img[p * 3] - v[p];
            loss += (double) d * d;
            dImage[p * 3] = scale * d;
            dImage[p * 3 + 1] = 0;
            dImage[p * 3 + 2] = 0;
        }
        rast.backward(frame, dImage, null, null, raw);
        float[] gsh = raw.sh();
        for (int i = 0; i < n; i++) {
            float sig = (float) (1 / (1 + Math.exp(-score[i])));
            // colour = SH_C0 * dc + 0.5 = sigmoid(s): dL/dsigmoid = dL/ddc / SH_C0
            scoreGrad[i] = (float) (gsh[i * 3] / SH_C0) * sig * (1 - sig);
        }
        model.adam().step(model.extraGroup(handle), score, scoreGrad, n, s.splitLr);
        return s.splitWeight * loss / np;
    }
}
