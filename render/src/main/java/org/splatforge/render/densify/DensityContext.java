package org.splatforge.render.densify;

import org.splatforge.core.util.Rng;

/**
 * What a strategy needs from the trainer at a step: the run's random generator (its state
 * is checkpointed), the scene extent (world units, the radius used by 3DGS's size tests),
 * the current position learning rate (world units; MCMC noise and SteepGS's small offsets
 * scale with it) and the run's seed (for counter-based noise).
 */
public record DensityContext(Rng rng, double sceneExtent, float meansLr, long seed) {
}
