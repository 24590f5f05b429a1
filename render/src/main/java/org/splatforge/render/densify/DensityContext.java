package org.splatforge.render.densify;

import org.splatforge.core.util.Rng;

/**
 * What a strategy needs from the trainer at a step: the run's random generator (its state
 * is checkpointed), the scene extent (world units, the radius used by 3DGS's size tests),
 * the current position learning rate (world units; MCMC noise and SteepGS's small offsets
 * scale with it), the run's seed (for counter-based noise), and whether the views were
 * rendered from a deformed cloud (the deformation stage of dynamic training).
 *
 * <p>With {@code deformed}, screen radii measure the deformation field's output rather than
 * the canonical Gaussian, so the screen-size pruning test is skipped (see
 * {@link DensityConfig#pruneScreenFraction}).
 */
public record DensityContext(Rng rng, double sceneExtent, float meansLr, long seed, boolean deformed) {

    /** A context for renders of the trained cloud itself (static scenes, the coarse stage). */
    public DensityContext(Rng rng, double sceneExtent, float meansLr, long seed) {
        this(rng, sceneExtent, meansLr, seed, false);
    }
}
