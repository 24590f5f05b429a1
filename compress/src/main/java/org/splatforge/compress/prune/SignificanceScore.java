package org.splatforge.compress.prune;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * How much each Gaussian matters to the images, for pruning (drop the least significant)
 * and for weighting quantization error (spend bits where they show).
 *
 * <p>Implementations:
 * <ul>
 *   <li>{@link VolumeOpacityScore}: view-free, from the parameters alone (the codec's default
 *       when no training views are given).</li>
 *   <li>{@link ViewSignificanceScore}: LightGaussian's global significance (Fan et al.,
 *       NeurIPS 2024, eq. 3): the blend weight {@code alpha_i * T_i} of every Gaussian summed
 *       over the pixels of every training view with the rasterizer, times the volume term
 *       {@link LightGaussianVolume#apply}. {@code splat compress --dataset} uses it.</li>
 *   <li>The spatio-temporal variant of the 4D work sums the same over views and times
 *       ({@link ViewSignificanceScore#accumulate} is the per-view step). Nothing else in the
 *       codec changes: it takes any {@code SignificanceScore}.</li>
 * </ul>
 */
public interface SignificanceScore {

    /** Short name for logs and JSON, e.g. {@code "opacity-volume"}. */
    String name();

    /**
     * Scores for Gaussians {@code [0, cloud.size())}: {@code float[N]}, finite, >= 0, larger
     * means more important. Must be deterministic for a given cloud (whatever the device's
     * thread count), because the codec's output depends on it.
     */
    float[] score(GaussianCloud cloud, Device device);
}
