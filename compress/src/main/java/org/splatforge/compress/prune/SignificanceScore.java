package org.splatforge.compress.prune;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * How much each Gaussian matters to the images, for pruning (drop the least significant)
 * and for weighting quantization error (spend bits where they show).
 *
 * <p>Implementations:
 * <ul>
 *   <li>{@link VolumeOpacityScore}: view-free, from the parameters alone (available now).</li>
 *   <li><b>View-based (phase 2, not written yet): {@code ViewSignificanceScore}</b> in this
 *       package, LightGaussian's global significance (Fan et al., NeurIPS 2024, eq. 3):
 *       for every training view and every pixel a Gaussian is blended into, accumulate
 *       {@code opacity_i * T_i} (the alpha it contributes times the transmittance in front
 *       of it) with the rasterizer, then apply the volume term with
 *       {@link LightGaussianVolume#apply}. The spatio-temporal variant of the 4D work sums
 *       the same over views and times. Nothing else in the codec changes: it takes any
 *       {@code SignificanceScore}.</li>
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
