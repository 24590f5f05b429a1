package org.splatforge.render.densify;

import org.splatforge.core.io.CorruptDataException;
import org.splatforge.render.checkpoint.CheckpointData;
import org.splatforge.render.optim.TrainableCloud;

/**
 * The 3DGS schedule shared by the gradient-driven strategies ({@link AdaptiveDensityControl},
 * {@link SteepestDensityControl}): statistics gathered before {@code refineUntil}, a
 * densification every {@code refineEvery} iterations after {@code refineFrom} (with the
 * size tests from the first opacity reset on), and the opacity reset every
 * {@code opacityResetEvery} iterations within the window, and the optional
 * {@link SignificancePrune} at {@code refineUntil}.
 */
abstract class GradientDensityControl implements DensityStrategy {

    final DensityConfig cfg;
    final DensityStatistics stats = new DensityStatistics();

    GradientDensityControl(DensityConfig cfg) {
        this.cfg = cfg;
    }

    /** Restarts the per-Gaussian statistics for {@code n} Gaussians. */
    void reset(int n) {
        stats.reset(n);
    }

    /** One clone/split/prune pass (package-private so tests can drive it with hand-made statistics). */
    abstract DensityEvent densify(int iteration, TrainableCloud model, DensityContext ctx, boolean bigChecks);

    /** Strategy-specific statistics of a view (after the common ones). */
    void observeMore(ViewStats view, TrainableCloud model) {
    }

    @Override
    public final void observe(int iteration, ViewStats view, TrainableCloud model) {
        if (iteration >= cfg.refineUntil) {
            return;
        }
        if (stats.size != model.size()) {
            reset(model.size());
        }
        stats.observe(view, cfg.absGrad);
        observeMore(view, model);
    }

    @Override
    public final DensityEvent afterStep(int iteration, TrainableCloud model, DensityContext ctx) {
        if (iteration >= cfg.refineUntil) {
            return iteration == cfg.refineUntil && cfg.significancePruneFraction > 0 ? finalPrune(iteration, model, ctx) : null;
        }
        DensityEvent event = null;
        if (iteration > cfg.refineFrom && iteration % cfg.refineEvery == 0) {
            if (stats.size != model.size()) {
                reset(model.size());
            }
            event = densify(iteration, model, ctx, cfg.opacityResetEvery > 0 && iteration > cfg.opacityResetEvery);
        }
        if (cfg.opacityResetEvery > 0 && iteration % cfg.opacityResetEvery == 0) {
            DensifyOps.resetOpacity(model, cfg.opacityResetValue);
            event = event == null ? DensityEvent.opacityReset(iteration, model.size()) : event.withOpacityReset();
        }
        return event;
    }

    /** {@link SignificancePrune} when densification ends; the statistics are done with. */
    private DensityEvent finalPrune(int iteration, TrainableCloud model, DensityContext ctx) {
        if (ctx.significance() == null) {
            throw new IllegalStateException("density.significancePruneFraction needs the significance of the training "
                    + "views, which this caller does not supply");
        }
        DensityEvent e = SignificancePrune.apply(iteration, model, ctx.significance().get(), cfg.significancePruneFraction);
        reset(0);
        return e;
    }

    /** Test access: the statistics being gathered. */
    DensityStatistics statistics() {
        return stats;
    }

    @Override
    public void save(CheckpointData out, String prefix) {
        out.put(prefix + "size", new int[] {stats.size});
        stats.save(out, prefix);
    }

    /** Restores the common statistics; returns their size (0 when none were gathered yet). */
    int loadStats(CheckpointData in, String prefix, int gaussians) throws CorruptDataException {
        int size = in.ints(prefix + "size", 1)[0];
        if (size == 0) {
            reset(0);
            return 0;
        }
        if (size != gaussians) {
            throw CorruptDataException.field(in.source(), prefix + "size", "statistics for " + size
                    + " Gaussians but the cloud has " + gaussians);
        }
        stats.load(in, prefix, size);
        return size;
    }

    @Override
    public void load(CheckpointData in, String prefix, int gaussians) throws CorruptDataException {
        loadStats(in, prefix, gaussians);
    }
}
