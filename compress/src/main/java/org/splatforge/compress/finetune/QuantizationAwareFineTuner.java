package org.splatforge.compress.finetune;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.splatforge.compress.batch.FineTuneFactory;
import org.splatforge.compress.codec.CodecPlan;
import org.splatforge.compress.codec.FineTuneHook;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.sh.ShBandMode;
import org.splatforge.core.data.SceneBounds;
import org.splatforge.core.data.View;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.render.loss.PhotometricLoss;
import org.splatforge.render.optim.Adam;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.optim.LearningRates;
import org.splatforge.render.optim.TrainableCloud;
import org.splatforge.render.raster.GaussianGradients;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;

/**
 * Quantization-aware fine-tuning ({@link FineTuneHook}): after the codec has fixed its
 * quantizers, continue the 3DGS optimisation against the training views while rendering
 * what the decoder will return, so the raw parameters settle where their quantized values
 * render well (CompGS, Niedermayr et al. CVPR 2024 sec. 3.3; LightGaussian sec. 3.4 does the
 * same for its vector quantizer).
 *
 * <p>Each step: render {@code theta + delta} ({@link StraightThrough}; {@code delta} the
 * quantization offset, recomputed every {@link FineTuneConfig#reprojectEvery} steps with
 * {@link CodecPlan#project}) with the rasterizer, the 3DGS loss {@code 0.8 L1 + 0.2 (1 - SSIM)}
 * against the view ({@link PhotometricLoss}), the rasterizer's backward, then one Adam step
 * of {@code theta} ({@link TrainableCloud}; the trainer's optimizer and loss). Gradients of
 * SH bands the plan drops are zeroed, so those stay what the decoder gives (zero). No
 * densification, no pruning: Gaussian i stays Gaussian i, as the hook's contract requires.
 * At the end the decoded training-view loss with and without fine-tuning are compared and
 * the better parameters returned, so fine-tuning never makes an archive worse on the views
 * it was given. Deterministic for a fixed thread count.
 */
public final class QuantizationAwareFineTuner implements FineTuneHook {

    private final SceneViews views;
    private final Device device;
    private final FineTuneConfig cfg;
    private double firstEpochLoss = Double.NaN;
    private double lastEpochLoss = Double.NaN;
    private double lossBefore = Double.NaN;
    private double lossAfter = Double.NaN;

    public QuantizationAwareFineTuner(SceneViews views, Device device, FineTuneConfig cfg) {
        this.views = views;
        this.device = device;
        this.cfg = cfg;
    }

    /** Makes a fine-tuner per compression job. */
    public static FineTuneFactory factory(FineTuneConfig cfg) {
        return (views, device) -> new QuantizationAwareFineTuner(views, device, cfg);
    }

    /** Mean training-view loss of the decoded scene without fine-tuning, in the last {@link #refine}. */
    public double lossBefore() {
        return lossBefore;
    }

    /** Mean training-view loss of the decoded scene with fine-tuning, in the last {@link #refine}. */
    public double lossAfter() {
        return lossAfter;
    }

    /** Mean loss of the first epoch of the last {@link #refine} (NaN before). */
    public double firstEpochLoss() {
        return firstEpochLoss;
    }

    /** Mean loss of the last epoch (the last {@code min(views, iterations)} steps) of the last {@link #refine}. */
    public double lastEpochLoss() {
        return lastEpochLoss;
    }

    @Override
    public GaussianCloud refine(GaussianCloud cloud, CodecPlan plan) {
        int n = cloud.size(), iters = cfg.iterations();
        if (n == 0 || iters == 0) {
            return cloud;
        }
        List<View> train = views.train();
        double extent = SceneBounds.cameraExtent(views.trainCameras());
        if (!(extent > 1e-9)) {
            extent = 1;
        }
        int degree = plan.shDegree();
        boolean[] dropped = droppedCoefficients(cloud.shDegree(), plan);
        GaussianCloud original = cloud.copy();
        TrainableCloud model = new TrainableCloud(cloud, new Adam(device), cfg.shRestFactor());
        GaussianCloud delta = GaussianCloud.create(n, cloud.shDegree());
        GaussianCloud render = GaussianCloud.create(n, cloud.shDegree());
        RasterSettings settings = views.rasterSettings().withShDegree(degree);
        float[] bg = views.background();
        PhotometricLoss loss = new PhotometricLoss(device, cfg.ssimWeight());
        RasterFrame frame = new RasterFrame();
        GaussianGradients gg = new GaussianGradients();
        CloudGradients cg = new CloudGradients();
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        int[] order = new int[train.size()];
        int cursor = order.length;
        int epoch = Math.min(train.size(), iters);
        double first = 0, last = 0;
        float[] target = new float[0];
        float[] dImage = new float[0];
        long t0 = System.nanoTime();
        try (Rasterizer r = Rasterizers.create(device)) {
            for (int it = 0; it < iters; it++) {
                if (it % cfg.reprojectEvery() == 0) {
                    StraightThrough.offsets(model.cloud(), plan.project(model.cloud(), device), delta, device);
                }
                StraightThrough.apply(model.cloud(), delta, render, device);
                if (cursor >= order.length) {
                    shuffle(order, rnd);
                    cursor = 0;
                }
                View v = train.get(order[cursor++]);
                int w = v.width(), h = v.height(), px3 = w * h * 3;
                if (target.length < px3) {
                    target = new float[px3];
                    dImage = new float[px3];
                }
                v.image(bg, target, 0);
                r.forward(render, v.camera(), settings, frame);
                double l = loss.evaluate(frame.image(), target, w, h, 3, dImage);
                if (it < epoch) {
                    first += l / epoch;
                }
                if (it >= iters - epoch) {
                    last += l / epoch;
                }
                r.backward(frame, dImage, null, null, gg);
                zeroDropped(gg.sh(), n, cloud.shCoeffs() * 3, dropped);
                cg.wrap(n, cloud.shCoeffs(), gg.means(), gg.logScales(), gg.quats(), gg.opacityLogits(), gg.sh());
                model.step(cg, rates(it, extent), degree);
            }
            // Guard: fine-tuning must not make the decoded scene worse on the training views (it
            // can, when quantization cost almost nothing and the steps only hop across
            // quantization boundaries); compare the two projections over every training view.
            lossBefore = meanLoss(r, plan.project(original, device), settings, bg, loss, frame);
            // Diverged steps (rates far too high for a scene) leave non-finite parameters the
            // quantizers must not see: such a run counts as infinitely worse.
            lossAfter = model.cloud().firstNonFinite() >= 0 ? Double.POSITIVE_INFINITY
                    : meanLoss(r, plan.project(model.cloud(), device), settings, bg, loss, frame);
        }
        firstEpochLoss = first;
        lastEpochLoss = last;
        double before = lossBefore, after = lossAfter;
        boolean keep = after <= before;
        Log.info("fine-tune: %d steps over %d views in %.1f s; decoded training loss %.5f -> %.5f%s", iters,
                train.size(), (System.nanoTime() - t0) / 1e9, before, after,
                keep ? "" : " (worse: keeping the parameters from before fine-tuning)");
        return keep ? model.cloud() : original;
    }

    /** Mean 3DGS loss of {@code c} over every training view. */
    private double meanLoss(Rasterizer r, GaussianCloud c, RasterSettings settings, float[] bg, PhotometricLoss loss,
                            RasterFrame frame) {
        double sum = 0;
        float[] target = new float[0];
        float[] grad = new float[0];
        for (View v : views.train()) {
            int px3 = v.width() * v.height() * 3;
            if (target.length < px3) {
                target = new float[px3];
                grad = new float[px3];
            }
            v.image(bg, target, 0);
            r.forward(c, v.camera(), settings, frame);
            sum += loss.evaluate(frame.image(), target, v.width(), v.height(), 3, grad);
        }
        return sum / views.train().size();
    }

    /** The rates of step {@code it}: exponential decay to {@code finalLrFactor} at the last step. */
    LearningRates rates(int it, double extent) {
        double f = cfg.iterations() <= 1 ? 1 : Math.pow(cfg.finalLrFactor(), it / (cfg.iterations() - 1.0));
        return new LearningRates((float) (cfg.meansLr() * extent * f), (float) (cfg.scaleLr() * f),
                (float) (cfg.quatLr() * f), (float) (cfg.opacityLr() * f), (float) (cfg.shLr() * f));
    }

    /** Per SH float of a Gaussian ({@code K*3}), whether its band is dropped by the plan. */
    static boolean[] droppedCoefficients(int sourceDegree, CodecPlan plan) {
        int k3 = GaussianCloud.coeffs(sourceDegree) * 3;
        boolean[] d = new boolean[k3];
        for (int l = 1; l <= sourceDegree; l++) {
            boolean drop = l > plan.storedBands()
                    || plan.band(l).mode() == ShBandMode.DROP || l > plan.shDegree();
            for (int j = l * l * 3; j < (l + 1) * (l + 1) * 3; j++) {
                d[j] = drop;
            }
        }
        return d;
    }

    private static void zeroDropped(float[] sh, int n, int k3, boolean[] dropped) {
        for (int j = 0; j < k3; j++) {
            if (!dropped[j]) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                sh[i * k3 + j] = 0f;
            }
        }
    }

    private static void shuffle(int[] order, SplittableRandom rnd) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "fine-tune(%d steps, reproject every %d)", cfg.iterations(),
                cfg.reprojectEvery());
    }
}
