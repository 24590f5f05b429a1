package org.splatforge.render.train;

import java.io.IOException;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.checkpoint.CheckpointData;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.optim.TrainableCloud;

/**
 * What turns the trained (canonical) cloud into the cloud rendered for a view's time, for
 * dynamic training ({@code org.splatforge.render.dynamic.FieldDeformer}). The trainer calls,
 * per iteration: {@link #deform} before the forward pass, {@link #backward} right after the
 * rasterizer's backward, {@link #step} after the cloud's Adam step. Per-Gaussian state must
 * live in the model's Adam (per-Gaussian groups) or follow {@link TrainableCloud#gather}.
 */
public interface CloudDeformer {

    /**
     * The cloud to render at {@code time} (in [0, 1]) for 1-based iteration {@code iteration}
     * (the current one while training; the last completed one for evaluation). May be the
     * canonical cloud itself; otherwise valid until the next call. Shares the SH array.
     */
    GaussianCloud deform(TrainableCloud model, double time, int iteration);

    /**
     * Turns {@code grads} (w.r.t. the last {@link #deform}ed cloud, as the rasterizer wrote
     * them) into gradients w.r.t. the canonical cloud in place, and keeps the gradients of the
     * deformer's own parameters. Returns any loss the deformer adds (0 for none).
     */
    double backward(TrainableCloud model, CloudGradients grads, int iteration);

    /**
     * Extra supervision of the deformer's own per-Gaussian state after {@link #backward}
     * (Swift4D's dynamic score), given the view just trained, its target image
     * ({@code float[H*W*3]} on {@code background}) and the active SH degree. Returns the loss
     * it adds (0 when it does nothing this iteration).
     */
    default double supervise(TrainableCloud model, TrainingView view, float[] target, float[] background, int shDegree,
                             int iteration) {
        return 0;
    }

    /**
     * Whether {@link #deform} at {@code iteration} returns a deformed cloud (false while it
     * renders the canonical cloud as it is, e.g. in a coarse static stage). Density control
     * is told, since screen statistics of a deformed render are not the canonical cloud's.
     */
    default boolean deforms(int iteration) {
        return true;
    }

    /** One optimiser step of the deformer's parameters at {@code iteration} for a scene of {@code extent}. */
    void step(int iteration, double extent);

    /** Writes the deformer's state under {@code prefix} (checkpoints). */
    void save(CheckpointData d, String prefix);

    /** Restores what {@link #save} wrote. */
    void load(CheckpointData d, String prefix) throws IOException;

    /** One line for logs, e.g. the field size and stage. */
    String describe();

    /** Builds a deformer for a new or resumed model; registers any Adam groups it needs on {@code model.adam()}. */
    @FunctionalInterface
    interface Factory {
        CloudDeformer create(TrainConfig cfg, TrainingScene scene, TrainableCloud model, org.splatforge.core.runtime.Device device);
    }
}
