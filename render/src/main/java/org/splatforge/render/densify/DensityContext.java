package org.splatforge.render.densify;

import java.util.function.Supplier;
import org.splatforge.core.util.Rng;

/**
 * What a strategy needs from the trainer at a step: the run's random generator (its state
 * is checkpointed), the scene extent (world units, the radius used by 3DGS's size tests),
 * the current position learning rate (world units; MCMC noise and SteepGS's small offsets
 * scale with it), the run's seed (for counter-based noise), whether the views were
 * rendered from a deformed cloud (the deformation stage of dynamic training), and the
 * current cloud's significance over the training views, computed on request (null when the
 * caller cannot render; {@link SignificancePrune} needs it).
 *
 * <p>With {@code deformed}, screen radii measure the deformation field's output rather than
 * the canonical Gaussian, so the screen-size pruning test is skipped (see
 * {@link DensityConfig#pruneScreenFraction}).
 *
 * @param significance gives {@code double[N]}: per Gaussian, the sum over training views and
 *                     pixels of its blend weight {@code alpha T} (pixels); rendering all
 *                     views, so called once at most per step
 */
public record DensityContext(Rng rng, double sceneExtent, float meansLr, long seed, boolean deformed,
                             Supplier<double[]> significance) {

    /** A context for renders of the trained cloud itself (static scenes, the coarse stage). */
    public DensityContext(Rng rng, double sceneExtent, float meansLr, long seed) {
        this(rng, sceneExtent, meansLr, seed, false, null);
    }

    /** A context without significance (no renders available). */
    public DensityContext(Rng rng, double sceneExtent, float meansLr, long seed, boolean deformed) {
        this(rng, sceneExtent, meansLr, seed, deformed, null);
    }
}
