package org.splatforge.render.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.core.util.Rng;
import org.splatforge.render.densify.DensityContext;
import org.splatforge.render.densify.DensityEvent;
import org.splatforge.render.densify.DensityStrategies;
import org.splatforge.render.densify.DensityStrategy;
import org.splatforge.render.densify.ViewStats;
import org.splatforge.render.loss.PhotometricLoss;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.optim.LearningRates;
import org.splatforge.render.optim.TrainableCloud;

/**
 * The static-scene trainer: the 3DGS optimisation loop (Kerbl et al. 2023, Algorithm 1).
 * Per iteration (1-based): pick the next training view (a fresh random permutation each
 * epoch), raise the SH degree every {@code shDegreeEvery}, render (on a random background if
 * asked, the target composited on the same one), loss {@code (1-w) L1 + w (1 - SSIM)} and
 * its image gradient, backward, the strategy's regularisers and statistics, one Adam step
 * (position rate decaying exponentially and scaled by the scene extent), then the
 * strategy's densification.
 *
 * <p>Everything that decides the trajectory (cloud, Adam moments and steps, the random
 * generator, the epoch's view order, the strategy's statistics, the iteration) is written by
 * {@link TrainCheckpoint}, so a resumed run gives the same bits as an uninterrupted one for
 * the same thread count. Evaluation and checkpointing do not touch that state.
 */
public final class Trainer {

    final TrainConfig cfg;
    final TrainingScene scene;
    final TrainRenderer renderer;
    final Device device;
    final ImageMetrics metrics;
    final PhotometricLoss loss;
    final CloudGradients grads = new CloudGradients();
    final TrainHistory history = new TrainHistory();
    final PhaseTimes times = new PhaseTimes();
    final Rng rng;
    TrainableCloud model;
    DensityStrategy strategy;
    /** Dynamic training's canonical-to-time mapping, or null for a static scene. */
    CloudDeformer deformer;
    /** Last completed iteration (0 before the first). */
    int iteration;
    /** The periodic evaluation {@link #step} took before density control, for {@link #run} to report. */
    private EvalResult pendingEval;
    int[] viewOrder;
    int viewCursor;
    private float[] target = new float[0];
    private float[] dImage = new float[0];
    private final float[] bg = new float[3];
    private EvalResult lastEval;
    private volatile boolean stopRequested;

    Trainer(TrainConfig cfg, TrainingScene scene, TrainRenderer renderer, Device device, ImageMetrics metrics) {
        cfg.validate();
        this.cfg = cfg;
        this.scene = scene;
        this.renderer = renderer;
        this.device = device;
        this.metrics = metrics;
        this.loss = new PhotometricLoss(device, cfg.ssimWeight);
        this.rng = new Rng(cfg.seed);
        this.strategy = DensityStrategies.create(cfg.density);
        this.viewOrder = new int[scene.train().size()];
        this.viewCursor = viewOrder.length; // a permutation is drawn at the first step
    }

    /** A new run: Gaussians initialised from the scene's points. */
    public static Trainer create(TrainConfig cfg, TrainingScene scene, TrainRenderer renderer, Device device,
                                 ImageMetrics metrics) {
        return create(cfg, scene, renderer, device, metrics, null);
    }

    /**
     * A new run with a deformer (dynamic scenes; {@code deformers} null for a static one):
     * the canonical cloud is initialised from the scene's points.
     */
    public static Trainer create(TrainConfig cfg, TrainingScene scene, TrainRenderer renderer, Device device,
                                 ImageMetrics metrics, CloudDeformer.Factory deformers) {
        Trainer t = new Trainer(cfg, scene, renderer, device, metrics);
        if (scene.pointCount() == 0) {
            throw new IllegalArgumentException("the dataset gives no initial points");
        }
        float[][] points = capInitialPoints(scene.positions(), scene.colors(), cfg.density.maxGaussians, cfg.seed);
        GaussianCloud cloud = GaussianInit.fromPoints(points[0], points[1], cfg.shDegree,
                cfg.initOpacity, cfg.initScaleFactor, device);
        t.model = new TrainableCloud(cloud, new org.splatforge.render.optim.Adam(device), cfg.shRestFactor);
        if (deformers != null) {
            t.deformer = deformers.create(cfg, scene, t.model, device);
        }
        return t;
    }

    /**
     * The initial points ({@code float[M*3]} positions and colours) cut to {@code max} by a
     * seeded uniform sample kept in input order, so a capped run (MCMC's {@code --max-gaussians})
     * never holds more Gaussians than asked, from the first iteration on. Unchanged when
     * {@code max} is 0 or not exceeded. The sample draws from its own generator, leaving the
     * training sequence of uncapped runs as it was.
     */
    static float[][] capInitialPoints(float[] positions, float[] colors, int max, long seed) {
        int n = positions.length / 3;
        if (max <= 0 || n <= max) {
            return new float[][] {positions, colors};
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        new Rng(seed ^ 0x5eed_ca9L).shuffle(idx, n);
        int[] keep = java.util.Arrays.copyOf(idx, max);
        java.util.Arrays.sort(keep);
        float[] p = new float[max * 3], c = new float[max * 3];
        for (int k = 0; k < max; k++) {
            System.arraycopy(positions, keep[k] * 3, p, k * 3, 3);
            System.arraycopy(colors, keep[k] * 3, c, k * 3, 3);
        }
        Log.info("init: %,d of %,d initial points kept (the Gaussian cap is %,d)", max, n, max);
        return new float[][] {p, c};
    }

    /** Continues a run from a checkpoint written by {@link #saveCheckpoint} (its stored config is used). */
    public static Trainer resume(Path checkpoint, TrainingScene scene, TrainRenderer renderer, Device device,
                                 ImageMetrics metrics) throws IOException {
        return TrainCheckpoint.load(TrainCheckpoint.read(checkpoint), scene, renderer, device, metrics, null);
    }

    /** As {@link #resume(Path, TrainingScene, TrainRenderer, Device, ImageMetrics)} from checkpoint data already read. */
    public static Trainer resume(org.splatforge.render.checkpoint.CheckpointData checkpoint, TrainingScene scene,
                                 TrainRenderer renderer, Device device, ImageMetrics metrics) throws IOException {
        return TrainCheckpoint.load(checkpoint, scene, renderer, device, metrics, null);
    }

    /** As {@link #resume(org.splatforge.render.checkpoint.CheckpointData, TrainingScene, TrainRenderer, Device, ImageMetrics)} with a deformer. */
    public static Trainer resume(org.splatforge.render.checkpoint.CheckpointData checkpoint, TrainingScene scene,
                                 TrainRenderer renderer, Device device, ImageMetrics metrics,
                                 CloudDeformer.Factory deformers) throws IOException {
        return TrainCheckpoint.load(checkpoint, scene, renderer, device, metrics, deformers);
    }

    /** The deformer of a dynamic run, or null. */
    public CloudDeformer deformer() {
        return deformer;
    }

    /** The cloud rendered at {@code time} after the last completed iteration (the canonical one for static runs). */
    public GaussianCloud cloudAt(double time) {
        return deformer == null ? model.cloud() : deformer.deform(model, time, Math.max(1, iteration));
    }

    public TrainConfig config() {
        return cfg;
    }

    public TrainableCloud model() {
        return model;
    }

    public GaussianCloud cloud() {
        return model.cloud();
    }

    public DensityStrategy strategy() {
        return strategy;
    }

    public int iteration() {
        return iteration;
    }

    public TrainHistory history() {
        return history;
    }

    public PhaseTimes times() {
        return times;
    }

    public EvalResult lastEval() {
        return lastEval;
    }

    public TrainingScene scene() {
        return scene;
    }

    /** Asks {@link #run} to stop after the current iteration (and write a checkpoint). Thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** One training iteration; when an evaluation is due it is taken after the optimizer step and before density control. */
    public StepResult step() {
        int it = iteration + 1;
        TrainingView view = nextView();
        int w = view.camera().width(), h = view.camera().height();
        int n3 = w * h * 3;
        if (target.length < n3) {
            target = new float[n3];
            dImage = new float[n3];
        }
        float[] base = cfg.background != null ? cfg.background : scene.background();
        for (int c = 0; c < 3; c++) {
            bg[c] = cfg.randomBackground ? rng.nextFloat() : base[c];
        }
        view.image(bg, target, 0);
        int sh = cfg.shDegreeAt(it);

        long t0 = System.nanoTime();
        GaussianCloud cloud = deformer == null ? model.cloud() : deformer.deform(model, view.camera().time(), it);
        float[] image = renderer.forward(cloud, view.camera(), sh, bg);
        long t1 = System.nanoTime();
        double l = loss.evaluate(image, target, w, h, 3, dImage);
        double mse = loss.lastMse();
        long t2 = System.nanoTime();
        ViewStats stats = renderer.backward(dImage, grads);
        if (deformer != null) {
            l += deformer.backward(model, grads, it);
            l += deformer.supervise(model, view, target, bg, sh, it);
        }
        strategy.observe(it, stats, model);
        l += strategy.regularize(it, model, grads);
        long t3 = System.nanoTime();
        float meansLr = cfg.meansLrAt(it, scene.extent());
        model.step(grads, new LearningRates(meansLr, cfg.scaleLr, cfg.quatLr, cfg.opacityLr, cfg.shLr), sh);
        if (deformer != null) {
            deformer.step(it, scene.extent());
        }
        long t4 = System.nanoTime();
        iteration = it;
        if (evalDue(it)) {
            // Before density control, as 3DGS's training_report: an opacity reset at this
            // iteration would otherwise be what the evaluation measures (a near-empty render).
            pendingEval = evaluate(cfg.evalViews);
        }
        long t4d = System.nanoTime(); // the evaluation is no training phase: not timed
        DensityEvent event = strategy.afterStep(it, model, new DensityContext(rng, scene.extent(), meansLr, cfg.seed,
                deformer != null && deformer.deforms(it), () -> trainSignificance(it)));
        long t5 = System.nanoTime();
        times.forwardNs += t1 - t0;
        times.lossNs += t2 - t1;
        times.backwardNs += t3 - t2;
        times.optimizerNs += t4 - t3;
        times.densifyNs += t5 - t4d;
        times.iterations++;
        StepResult r = new StepResult(it, l, psnrOf(mse), model.size(), event);
        history.add(r);
        return r;
    }

    /**
     * Per Gaussian, the sum of its blend weights {@code alpha T} over all training views and
     * pixels ({@code double[N]}), rendered on the dataset background with the SH degree of
     * iteration {@code it}, each view at its own time for dynamic scenes. Summed in view order
     * in double, so it is as reproducible as the renderer's contributions.
     */
    private double[] trainSignificance(int it) {
        float[] base = cfg.background != null ? cfg.background : scene.background();
        int sh = cfg.shDegreeAt(it);
        double[] sum = new double[model.size()];
        for (TrainingView v : scene.train()) {
            float[] w = renderer.contributions(cloudAt(v.camera().time()), v.camera(), sh, base);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += w[i];
            }
        }
        return sum;
    }

    private TrainingView nextView() {
        List<TrainingView> views = scene.train();
        if (viewCursor >= viewOrder.length) {
            for (int i = 0; i < viewOrder.length; i++) {
                viewOrder[i] = i;
            }
            rng.shuffle(viewOrder, viewOrder.length);
            viewCursor = 0;
        }
        return views.get(viewOrder[viewCursor++]);
    }

    /** Whether {@link #step} evaluates at iteration {@code it} (the final evaluation is {@link #run}'s). */
    private boolean evalDue(int it) {
        return cfg.evalEvery > 0 && it % cfg.evalEvery == 0 && it < cfg.iterations && !scene.test().isEmpty();
    }

    static double psnrOf(double mse) {
        return mse <= 0 ? 100 : -10 * Math.log10(mse);
    }

    /**
     * Trains to {@code cfg.iterations}, evaluating and checkpointing as configured, then
     * evaluates on all test views and writes the final checkpoint. Returns the final
     * evaluation (null without test views). Stops early (checkpoint written) after
     * {@link #requestStop}.
     */
    public EvalResult run(TrainListener listener, Path checkpointFile) throws IOException {
        TrainListener l = listener == null ? new TrainListener() { } : listener;
        while (iteration < cfg.iterations && !stopRequested) {
            StepResult r = step();
            l.onStep(r, this);
            if (r.event() != null) {
                Log.debug("density: %s", r.event());
                l.onDensity(r.event());
            }
            int it = r.iteration();
            if (pendingEval != null) {
                lastEval = pendingEval;
                pendingEval = null;
                history.addEval(lastEval);
                l.onEval(lastEval);
            }
            if (cfg.checkpointEvery > 0 && it % cfg.checkpointEvery == 0 && it < cfg.iterations && checkpointFile != null) {
                saveCheckpoint(checkpointFile);
                l.onCheckpoint(checkpointFile, it);
            }
        }
        if (stopRequested && iteration < cfg.iterations) {
            if (checkpointFile != null) {
                saveCheckpoint(checkpointFile);
                l.onCheckpoint(checkpointFile, iteration);
            }
            return null;
        }
        EvalResult fin = null;
        if (!scene.test().isEmpty() && (lastEval == null || lastEval.iteration() != iteration
                || lastEval.views().size() != scene.test().size())) {
            fin = evaluate(0);
            lastEval = fin;
            history.addEval(fin);
            l.onEval(fin);
        } else {
            fin = lastEval;
        }
        if (checkpointFile != null) {
            saveCheckpoint(checkpointFile);
            l.onCheckpoint(checkpointFile, iteration);
        }
        return fin;
    }

    /**
     * Renders the first {@code maxViews} test views (0 = all; spread evenly when fewer) on the
     * dataset background with the full SH degree reached so far and measures them.
     */
    public EvalResult evaluate(int maxViews) {
        List<TrainingView> test = scene.test();
        int n = maxViews <= 0 ? test.size() : Math.min(maxViews, test.size());
        long t0 = System.nanoTime();
        List<ViewMetrics> out = new ArrayList<>(n);
        float[] base = cfg.background != null ? cfg.background : scene.background();
        int sh = cfg.shDegreeAt(Math.max(1, iteration));
        for (int k = 0; k < n; k++) {
            TrainingView v = test.get((int) ((long) k * test.size() / n));
            int w = v.camera().width(), h = v.camera().height();
            float[] gt = new float[w * h * 3];
            v.image(base, gt, 0);
            float[] img = renderer.forward(cloudAt(v.camera().time()), v.camera(), sh, base);
            out.add(new ViewMetrics(v.name(), metrics.psnr(img, gt, w, h), metrics.ssim(img, gt, w, h)));
        }
        return EvalResult.of(iteration, model.size(), out, (System.nanoTime() - t0) * 1e-9);
    }

    /** Renders one camera with the current cloud (report grids, previews). Returns a copy of the image. */
    public float[] render(org.splatforge.core.camera.Camera camera, float[] background) {
        int sh = cfg.shDegreeAt(Math.max(1, iteration));
        return renderer.forward(cloudAt(camera.time()), camera, sh, background).clone();
    }

    /** Writes the complete training state atomically (see {@link TrainCheckpoint}). */
    public void saveCheckpoint(Path file) throws IOException {
        TrainCheckpoint.save(this, file);
    }

    void setLastEval(EvalResult e) {
        lastEval = e;
    }
}
