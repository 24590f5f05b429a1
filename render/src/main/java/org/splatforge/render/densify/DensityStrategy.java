package org.splatforge.render.densify;

import org.splatforge.core.io.CorruptDataException;
import org.splatforge.render.checkpoint.CheckpointData;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.optim.TrainableCloud;

/**
 * How the number and placement of Gaussians change during training. The trainer calls, per
 * iteration: {@link #regularize} (after the loss, before the parameter gradients are used),
 * {@link #observe} (with the view's screen-space statistics), the optimizer step, then
 * {@link #afterStep}. Structural edits go through {@link TrainableCloud#gather} so the
 * optimizer state follows the Gaussians. Implementations: {@link AdaptiveDensityControl}
 * (3DGS, the default), {@link McmcDensification} (3DGS-MCMC, capped count) and
 * {@link SteepestDensityControl} (SteepGS).
 *
 * <p>A strategy's per-Gaussian statistics are part of a checkpoint ({@link #save}/{@link #load})
 * so a resumed run densifies exactly as an uninterrupted one.
 */
public interface DensityStrategy {

    /** Short name: {@code default}, {@code mcmc}, {@code steepgs}. */
    String name();

    /**
     * Adds the strategy's regularisation terms (if any) to the loss: their gradients go into
     * {@code grads}; returns their value (0 when none).
     */
    default double regularize(int iteration, TrainableCloud model, CloudGradients grads) {
        return 0;
    }

    /** Accumulates one view's statistics (called after the backward pass, before the optimizer step). */
    void observe(int iteration, ViewStats view, TrainableCloud model);

    /**
     * Densifies, prunes, relocates or resets after the optimizer step of {@code iteration}
     * (1-based). Returns what happened, or null when nothing did.
     */
    DensityEvent afterStep(int iteration, TrainableCloud model, DensityContext ctx);

    /** Writes the strategy's state under {@code prefix}. */
    void save(CheckpointData out, String prefix);

    /** Restores the state written by {@link #save} for a cloud of {@code gaussians}. */
    void load(CheckpointData in, String prefix, int gaussians) throws CorruptDataException;
}
