package org.splatforge.compress.codec;

import org.splatforge.core.scene.GaussianCloud;

/**
 * Quantization-aware fine-tuning, called by {@link SceneCodec#encode} between planning and
 * coding when {@link CodecOptions#fineTune()} is set.
 *
 * <p>Phase 2 implements this with the rasterizer and the training views: starting from
 * {@code cloud}, optimise the raw parameters against the training images while rendering
 * {@code plan.project(params)} in the forward pass (straight-through estimator: the
 * gradient of the projection is taken as the identity), so the parameters settle where
 * their quantized values render well. The plan is fixed during fine-tuning (grid, steps,
 * band decisions, codebooks), so the codec can code the result with it.
 *
 * <p>Contract: return a cloud with the same size and SH degree as {@code cloud}, Gaussian
 * i still being Gaussian i (pruning happens before). The input may be modified in place
 * and returned.
 */
@FunctionalInterface
public interface FineTuneHook {

    /**
     * @param cloud the pruned cloud the plan was made for (raw parameters, input order)
     * @param plan  the quantizers; {@link CodecPlan#project} is what the decoder will return
     */
    GaussianCloud refine(GaussianCloud cloud, CodecPlan plan);
}
