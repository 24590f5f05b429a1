package org.splatforge.render.densify;

/**
 * Settings of all density strategies (public fields, serialised into checkpoints as JSON).
 * Iterations are 1-based training iterations. Defaults are the papers' for a 30k-iteration
 * run; {@link #scaledTo} shrinks the schedule for shorter runs.
 */
public final class DensityConfig {

    /** {@code default} (3DGS adaptive density control), {@code mcmc} or {@code steepgs}. */
    public String strategy = "default";

    // ---- 3DGS adaptive density control (also used by SteepGS) ------------------------------
    /** Densify after this iteration (3DGS: 500). */
    public int refineFrom = 500;
    /** ... and before this one (3DGS: 15000); statistics are gathered only before it. */
    public int refineUntil = 15_000;
    /** Densify every this many iterations (3DGS: 100). */
    public int refineEvery = 100;
    /** Reset opacities every this many iterations, while densifying (3DGS: 3000); 0 = never. */
    public int opacityResetEvery = 3000;
    /** Opacity after a reset: min(opacity, this) (3DGS: 0.01). */
    public float opacityResetValue = 0.01f;
    /**
     * Clone/split threshold on the view-space positional gradient, averaged over the views
     * that saw the Gaussian. In NDC units as 3DGS states it (2e-4): the rasterizer's
     * gradient is per pixel, so it is multiplied by (W/2, H/2) before taking the norm, as
     * gsplat does.
     */
    public float gradThreshold = 2e-4f;
    /** Use the absolute-value gradient (AbsGS / gsplat absgrad) instead; pair with a higher threshold (~8e-4). */
    public boolean absGrad = false;
    /** Clone when the largest scale is at most this times the scene extent, else split (3DGS: 0.01). */
    public float percentDense = 0.01f;
    /** Split children's scales are the parent's divided by this (3DGS: 0.8 * 2 children = 1.6). */
    public float splitScaleDivisor = 1.6f;
    /** Prune below this opacity (3DGS: 0.005). */
    public float pruneOpacity = 0.005f;
    /**
     * After the first opacity reset, also prune Gaussians whose largest screen radius seen
     * since the last densification exceeds this fraction of max(W, H) (gsplat's 0.15; the
     * INRIA code's 20-pixel test never fires, its radii being reset just before the test).
     * 0 disables it. Not applied to views rendered from a deformed cloud (the deformation
     * stage of dynamic training, {@link DensityContext#deformed}).
     */
    public float pruneScreenFraction = 0.15f;
    /** ... or whose largest scale exceeds this times the scene extent (3DGS: 0.1). 0 disables it. */
    public float pruneWorldFraction = 0.1f;
    /**
     * Upper bound on the count for default/steepgs (0 = none: growth stops at the bound,
     * keeping the largest gradients); the required cap of mcmc.
     */
    public int maxGaussians = 0;
    /**
     * default and steepgs: at {@code refineUntil}, when densification ends, remove this
     * fraction of the Gaussians, those with the smallest significance over the training views
     * (LightGaussian's global significance without its volume term: the sum over views and
     * pixels of the Gaussian's blend weight alpha T, see {@link SignificancePrune}). The rest
     * of the run (half of it, with the default schedule) re-optimises the survivors, which
     * LightGaussian does in a separate fine-tuning stage. 0 (default) keeps them all.
     * Measured on tabletop-static at 200x200, 30,000 iterations, seed 0, one thread (default
     * strategy without it: 41.54 dB, 57,763 Gaussians): SteepGS with {@code steepCloneSmall}
     * and {@code steepKeepParentMoments} goes from 41.38 dB with 37,096 to 41.33 dB with 33,387
     * at 0.1 (the CLI's {@code --compact}; seeds 1 and 2: 41.23 and 41.22 dB with 32,802 and
     * 32,621, against the default's 41.56 and 41.42), and to 41.25 dB with 29,677 at 0.2; the
     * default strategy at 0.4 ends with 41.25 dB and 34,658.
     */
    public float significancePruneFraction = 0f;

    // ---- 3DGS-MCMC ----------------------------------------------------------------------
    /** Relocate/grow until this iteration (3DGS-MCMC: 25000). */
    public int mcmcRefineUntil = 25_000;
    /** Gaussians at or below this opacity are dead and relocated (0.005). */
    public float mcmcMinOpacity = 0.005f;
    /** Growth per refinement, until the cap (1.05). */
    public float growFactor = 1.05f;
    /** Position noise learning rate (5e5; scaled by the current position learning rate). */
    public float noiseLr = 5e5f;
    /** Opacity L1 regulariser weight (0.01). */
    public float opacityReg = 0.01f;
    /** Scale L1 regulariser weight (0.01). */
    public float scaleReg = 0.01f;

    // ---- SteepGS --------------------------------------------------------------------------
    /**
     * Split only where the smallest eigenvalue of the splitting matrix (averaged over views,
     * loss per world-unit^2) is below this negative threshold (SteepGS: -1e-6).
     */
    public float splitEigenThreshold = -1e-6f;
    /**
     * Each SteepGS offspring's opacity as a fraction of its parent's: 0.5 is the weight
     * normalisation of the paper's optimal split (Theorem 2: m = 2 offspring of weight 1/m);
     * 1 keeps the parent's opacity, as the released code does by default.
     */
    public float steepChildOpacity = 0.5f;
    /**
     * Apply {@code steepChildOpacity} to transmittance instead of opacity: each offspring gets
     * {@code 1 - (1 - o)^f}, so with f = 1/2 the two offspring composited where they overlap
     * let through exactly the parent's {@code 1 - o}. The paper's weight 1/m is derived for an
     * additive mixture; under alpha blending two halves render fainter than their parent
     * ({@code o - o^2/4} for two halves at one spot), which the optimizer must then repair.
     * For faint parents both rules agree ({@code 1 - (1 - o)^f ~ f o}). Measured on
     * tabletop-static at 200x200, 30,000 iterations, seed 0, one thread: 41.06 dB with 32,527
     * Gaussians against 41.12 dB with 32,950 (false): no better, so off by default.
     */
    public boolean steepPreserveAlpha = false;
    /**
     * Compare {@code lambda_min * sum_k scale_k^2} (loss units) with {@code splitEigenThreshold}
     * instead of the bare eigenvalue: by the splitting bound, dL = (eps^2 / 2) v^T S v, that is
     * twice the loss change of splitting with offsets of one standard deviation, so large and
     * small Gaussians are judged by what their split would gain (the bare eigenvalue grows as
     * 1/scale^2 and all but never selects the large Gaussians of an early cloud).
     */
    public boolean steepScaledEigen = false;
    /**
     * A small (clone-regime) SteepGS parent's first offspring keeps the parent's Adam moments,
     * as 3DGS's clone and the released SteepGS code (which moves the parent in place) do;
     * false: both offspring start with zero moments. Measured on tabletop-static at 200x200,
     * seed 0, one thread: at 6,000 iterations it gained 0.31 dB (39.10 against 38.79, 33,503
     * against 32,960 Gaussians), at the default 30,000 it lost 0.11 dB (41.01 against 41.12,
     * 32,773 against 32,950), so it stays off by default (on in the CLI's {@code --compact},
     * where the pair with {@code steepCloneSmall} measured best).
     */
    public boolean steepKeepParentMoments = false;
    /**
     * Length of a large parent's split offset: true (default) draws it from the parent's own
     * spread along the split direction v, {@code |n| sqrt(v^T Sigma v)} with n ~ N(0, I3);
     * false takes the length of a sample of N(0, diag(scale^2)) whatever v is, as the released
     * code does. The smallest eigenvector tends to follow the thin axis of a flat Gaussian (the
     * Hessian is largest there), where the released length puts the offspring off the surface.
     * Both agree for isotropic Gaussians. Measured on tabletop-static at 200x200, 2000
     * iterations: 33.49 dB with 21,820 Gaussians against 32.99 dB with 22,743 (false).
     */
    public boolean steepStepAlongDirection = true;
    /**
     * Also clone (3DGS: the parent stays, an exact copy with fresh Adam moments is added)
     * gradient candidates that are small (largest scale at most {@code percentDense} x
     * extent) but not saddles. The splitting theory says nothing about them: a clone is
     * not a split of one Gaussian's mass but added capacity where the view-space gradient
     * says the image is under-reconstructed, which the saddle test would otherwise refuse.
     * Measured on tabletop-static at 200x200, 30,000 iterations, seed 0, one thread (default
     * strategy: 41.54 dB, 57,763 Gaussians): with {@code steepKeepParentMoments} 41.38 dB
     * with 37,096 (-35.8%; plain steepgs 41.12 dB with 32,950); with the gradient threshold
     * at 2.15e-4, 41.22 dB with 34,104 (-41.0%, 0.32 dB below), at 2.25e-4 41.10 dB with
     * 32,790; without kept moments 41.08 dB with 33,488 at 2.1e-4 and 41.10 dB with 31,098
     * (-46.2%) at 2.25e-4. It moves SteepGS's count/PSNR curve up, not quite enough for -40%
     * within 0.3 dB on its own, so it stays off by default; the CLI's {@code --compact} turns
     * it on with {@code steepKeepParentMoments} and {@code significancePruneFraction}.
     */
    public boolean steepCloneSmall = false;

    public DensityConfig copy() {
        DensityConfig c = new DensityConfig();
        c.strategy = strategy;
        c.refineFrom = refineFrom;
        c.refineUntil = refineUntil;
        c.refineEvery = refineEvery;
        c.opacityResetEvery = opacityResetEvery;
        c.opacityResetValue = opacityResetValue;
        c.gradThreshold = gradThreshold;
        c.absGrad = absGrad;
        c.percentDense = percentDense;
        c.splitScaleDivisor = splitScaleDivisor;
        c.pruneOpacity = pruneOpacity;
        c.pruneScreenFraction = pruneScreenFraction;
        c.pruneWorldFraction = pruneWorldFraction;
        c.maxGaussians = maxGaussians;
        c.significancePruneFraction = significancePruneFraction;
        c.mcmcRefineUntil = mcmcRefineUntil;
        c.mcmcMinOpacity = mcmcMinOpacity;
        c.growFactor = growFactor;
        c.noiseLr = noiseLr;
        c.opacityReg = opacityReg;
        c.scaleReg = scaleReg;
        c.splitEigenThreshold = splitEigenThreshold;
        c.steepChildOpacity = steepChildOpacity;
        c.steepPreserveAlpha = steepPreserveAlpha;
        c.steepScaledEigen = steepScaledEigen;
        c.steepKeepParentMoments = steepKeepParentMoments;
        c.steepStepAlongDirection = steepStepAlongDirection;
        c.steepCloneSmall = steepCloneSmall;
        return c;
    }

    /**
     * The schedule of a {@code iterations}-long run: refinement windows and the opacity reset
     * interval scale with {@code iterations / 30000}; the densification interval scales too
     * but stays at least 50 so gradient statistics average over enough views.
     */
    public DensityConfig scaledTo(int iterations) {
        DensityConfig c = copy();
        double f = iterations / 30_000.0;
        c.refineFrom = (int) Math.round(refineFrom * f);
        c.refineUntil = (int) Math.round(refineUntil * f);
        c.mcmcRefineUntil = (int) Math.round(mcmcRefineUntil * f);
        c.refineEvery = Math.max(50, (int) Math.round(refineEvery * f));
        c.opacityResetEvery = opacityResetEvery == 0 ? 0 : Math.max(c.refineEvery * 3, (int) Math.round(opacityResetEvery * f));
        return c;
    }

    /** Throws IllegalArgumentException naming the first bad field. */
    public void validate() {
        switch (strategy) {
            case "default", "mcmc", "steepgs" -> {
            }
            default -> throw new IllegalArgumentException("unknown density strategy '" + strategy
                    + "': expected default, mcmc or steepgs");
        }
        positive("refineEvery", refineEvery);
        if (refineFrom < 0 || refineUntil < 0 || opacityResetEvery < 0 || mcmcRefineUntil < 0 || maxGaussians < 0) {
            throw new IllegalArgumentException("density schedule values must be >= 0");
        }
        if (!(significancePruneFraction >= 0 && significancePruneFraction < 1)) {
            throw new IllegalArgumentException("significancePruneFraction must be in [0, 1), got "
                    + significancePruneFraction);
        }
        if (significancePruneFraction > 0 && strategy.equals("mcmc")) {
            throw new IllegalArgumentException("significancePruneFraction applies to the default and steepgs strategies, "
                    + "not mcmc (its count is the cap)");
        }
        if (!(gradThreshold > 0)) {
            throw new IllegalArgumentException("gradThreshold must be > 0, got " + gradThreshold);
        }
        if (!(splitScaleDivisor >= 1)) {
            throw new IllegalArgumentException("splitScaleDivisor must be >= 1, got " + splitScaleDivisor);
        }
        if (!(growFactor >= 1)) {
            throw new IllegalArgumentException("growFactor must be >= 1, got " + growFactor);
        }
        if (!(steepChildOpacity > 0 && steepChildOpacity <= 1)) {
            throw new IllegalArgumentException("steepChildOpacity must be in (0, 1], got " + steepChildOpacity);
        }
        if (!(splitEigenThreshold <= 0)) {
            throw new IllegalArgumentException("splitEigenThreshold must be <= 0, got " + splitEigenThreshold);
        }
        if (strategy.equals("mcmc") && maxGaussians <= 0) {
            throw new IllegalArgumentException("the mcmc strategy needs a cap: --max-gaussians N");
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
    }
}
