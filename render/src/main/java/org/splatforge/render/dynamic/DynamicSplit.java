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
 * Swift4D's divide and conquer (Wu et al., ICLR 2025): each Gaussian has a learnable dynamic
 * score {@code s} (a logit, an extra per-Gaussian parameter of the model, so it follows
 * densification); only Gaussians with {@code sigmoid(s) > 0.5} query the deformation field,
 * the others are rendered as they are.
 *
 * <p>Supervision, every {@code splitEvery} fine iterations: the scores are rendered as a
 * one-channel image {@code S} with the deformed geometry (alpha blending of
 * {@code sigmoid(s)}, as colour, on black), compared with the per-pixel temporal variation
 * {@code V} of the view ({@link VariationTargets}; for monocular data, which has no per-pixel
 * time series, the proxy {@code clamp((r - m) / 2m, 0, 1)}, {@code r = |static render - target|} per pixel
 * (mean over RGB) and {@code m} its mean over the view, with the
 * static render drawn from a snapshot of the cloud at the end of the coarse stage: the
 * pixels a static scene cannot explain), loss {@code w * mean((S - V)^2)}, and the score gradient comes back through the
 * rasterizer's colour gradient. The scores take their own Adam step (rate {@code splitLr}).
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
    private float[] vmap = new float[0];
    /** The coarse stage's static fit (monocular proxy), or null before the fine stage. */
    private GaussianCloud staticFit;

    DynamicSplit(DynamicSettings s, TrainingScene scene, TrainableCloud model, Device device) {
        this.s = s;
        this.device = device;
        this.targets = scene == null ? null : VariationTargets.of(scene);
        this.handle = model.addExtra("dynamicScore", 1, s.splitInit);
    }

    int handle() {
        return handle;
    }

    /** Keeps the coarse stage's result for the monocular proxy (called when the fine stage starts). */
    void snapshot(GaussianCloud canonical) {
        if (targets == null) {
            staticFit = canonical.copy();
        }
    }

    GaussianCloud staticFit() {
        return staticFit;
    }

    void restoreStaticFit(GaussianCloud c) {
        staticFit = c;
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
        if (iteration % s.splitEvery != 0) {
            return 0;
        }
        if (rast == null) {
            rast = Rasterizers.create(device);
        }
        int w = view.camera().width(), h = view.camera().height(), np = w * h, n = model.size();
        if (vmap.length < np) {
            vmap = new float[np];
            dImage = new float[np * 3];
        }
        float[] v = targets == null ? null : targets.map(view, bg);
        if (v == null) {
            if (staticFit == null) {
                staticFit = model.cloud().copy(); // resumed from a checkpoint written before the snapshot existed
            }
            RasterSettings rs = RasterSettings.defaults().withShDegree(shDegree).withBackground(bg[0], bg[1], bg[2]);
            frame = rast.forward(staticFit, view.camera(), rs, frame);
            float[] img = frame.image();
            double sum = 0;
            for (int p = 0; p < np; p++) {
                float d = (Math.abs(img[p * 3] - target[p * 3]) + Math.abs(img[p * 3 + 1] - target[p * 3 + 1])
                        + Math.abs(img[p * 3 + 2] - target[p * 3 + 2])) / 3;
                vmap[p] = d;
                sum += d;
            }
            // relative to the view's mean residual m: (r - m) / 2m clamped to [0, 1], so an imperfect
            // static fit does not mark everything dynamic; only what it explains worst
            float m = (float) Math.max(1e-4, sum / np);
            for (int p = 0; p < np; p++) {
                vmap[p] = Math.min(1f, Math.max(0f, (vmap[p] - m) / (2 * m)));
            }
            v = vmap;
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
