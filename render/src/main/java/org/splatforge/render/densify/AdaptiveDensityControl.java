package org.splatforge.render.densify;

import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Rng;
import org.splatforge.render.optim.TrainableCloud;

/**
 * 3DGS adaptive density control (Kerbl et al. 2023, Sec. 5.2 and the INRIA code): every
 * {@code refineEvery} iterations between {@code refineFrom} and {@code refineUntil}, a
 * Gaussian whose view-space positional gradient, averaged over the views that saw it,
 * reaches {@code gradThreshold} (2e-4 in NDC units, see {@link DensityConfig#gradThreshold})
 * is cloned if small (largest scale at most {@code percentDense} x scene extent) or split
 * into two children sampled from itself with scales divided by 1.6 if large. Then
 * Gaussians below {@code pruneOpacity}, and after the first opacity reset those too large
 * on screen or in the world, are removed. Every {@code opacityResetEvery} iterations the
 * opacities are clamped to 0.01 and their Adam moments zeroed.
 *
 * <p>The new cloud's order is 3DGS's: surviving originals, then clones, then the split
 * children (first child of every split parent, then the second). Clones and children start
 * with zero Adam moments.
 */
public final class AdaptiveDensityControl extends GradientDensityControl {

    public AdaptiveDensityControl(DensityConfig cfg) {
        super(cfg);
    }

    @Override
    public String name() {
        return "default";
    }

    @Override
    DensityEvent densify(int iteration, TrainableCloud model, DensityContext ctx, boolean bigChecks) {
        GaussianCloud c = model.cloud();
        int n = c.size();
        double extent = ctx.sceneExtent();
        double small = cfg.percentDense * extent;
        boolean[] clone = new boolean[n];
        boolean[] split = new boolean[n];
        boolean[] any = new boolean[n];
        int[] growth = new int[n];
        float[] score = new float[n];
        for (int i = 0; i < n; i++) {
            score[i] = stats.mean(i);
            if (score[i] >= cfg.gradThreshold) {
                any[i] = true;
                growth[i] = 1; // a clone adds one; a split replaces one by two
            }
        }
        DensifyOps.cap(any, growth, score, n, cfg.maxGaussians);
        for (int i = 0; i < n; i++) {
            if (any[i]) {
                if (Gaussians.maxScale(c, i) <= small) {
                    clone[i] = true;
                } else {
                    split[i] = true;
                }
            }
        }
        return apply(iteration, model, ctx, clone, split, bigChecks);
    }

    private DensityEvent apply(int iteration, TrainableCloud model, DensityContext ctx, boolean[] clone,
                               boolean[] split, boolean bigChecks) {
        GaussianCloud c = model.cloud();
        int n = c.size();
        double extent = ctx.sceneExtent();
        int nClone = 0, nSplit = 0, pruned = 0;
        boolean[] prune = new boolean[n];
        for (int i = 0; i < n; i++) {
            prune[i] = DensifyOps.prune(c, i, stats.maxRadius[i], cfg, ctx, bigChecks);
            nClone += clone[i] ? 1 : 0;
            nSplit += split[i] ? 1 : 0;
        }
        if (org.splatforge.core.util.Log.enabled(org.splatforge.core.util.Log.Level.DEBUG)) {
            org.splatforge.core.util.Log.debug("density: iteration %d prune reasons %s", iteration,
                    DensifyOps.pruneReasons(c, stats.maxRadius, cfg, ctx, bigChecks));
        }
        // Children inherit the parent's opacity; their world size is the parent's / divisor.
        double logDiv = Math.log(cfg.splitScaleDivisor);
        boolean[] childPruned = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (split[i]) {
                childPruned[i] = Gaussians.sigmoid(c.opacityLogits()[i]) < cfg.pruneOpacity
                        || (bigChecks && cfg.pruneWorldFraction > 0
                        && Gaussians.maxScale(c, i) / cfg.splitScaleDivisor > cfg.pruneWorldFraction * extent);
            }
        }
        int cap = n + nClone + nSplit;
        int[] src = new int[cap];
        boolean[] fresh = new boolean[cap];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!split[i]) {
                if (prune[i]) {
                    pruned++;
                } else {
                    src[m++] = i;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (clone[i]) {
                if (prune[i]) {
                    pruned++; // the clone has the parent's opacity and size
                } else {
                    fresh[m] = true;
                    src[m++] = i;
                }
            }
        }
        int childStart = m;
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < n; i++) {
                if (split[i]) {
                    if (childPruned[i]) {
                        pruned++;
                    } else {
                        fresh[m] = true;
                        src[m++] = i;
                    }
                }
            }
        }
        int[] finalSrc = java.util.Arrays.copyOf(src, m);
        boolean[] finalFresh = java.util.Arrays.copyOf(fresh, m);
        model.gather(finalSrc, finalFresh);
        // Sample each child's position from its parent's Gaussian (3DGS: N(0, diag(s)) rotated).
        GaussianCloud nc = model.cloud();
        Rng rng = ctx.rng();
        double[] r = new double[9];
        float[] means = nc.means(), ls = nc.logScales();
        for (int j = childStart; j < m; j++) {
            Gaussians.rotation(nc, j, r);
            double sx = Math.exp(ls[j * 3]) * rng.nextGaussian();
            double sy = Math.exp(ls[j * 3 + 1]) * rng.nextGaussian();
            double sz = Math.exp(ls[j * 3 + 2]) * rng.nextGaussian();
            for (int a = 0; a < 3; a++) {
                means[j * 3 + a] += (float) (r[a * 3] * sx + r[a * 3 + 1] * sy + r[a * 3 + 2] * sz);
                ls[j * 3 + a] = (float) (ls[j * 3 + a] - logDiv);
            }
        }
        stats.reset(m);
        return new DensityEvent(iteration, n, nClone, nSplit, pruned, 0, 0, m, false);
    }
}
