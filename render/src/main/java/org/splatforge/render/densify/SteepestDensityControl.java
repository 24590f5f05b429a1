package org.splatforge.render.densify;

import java.util.Arrays;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.core.util.Rng;
import org.splatforge.render.checkpoint.CheckpointData;
import org.splatforge.render.optim.TrainableCloud;

/**
 * SteepGS density control (Wang et al., "Steepest Descent Density Control for Compact 3D
 * Gaussian Splatting", CVPR 2025). Same schedule, statistics, pruning and opacity reset as
 * {@link AdaptiveDensityControl}, but a Gaussian is split only where it is both a 3DGS
 * candidate (view-space gradient over the threshold) and at a saddle the split escapes:
 * the smallest eigenvalue of its {@link SplittingMatrix}, averaged over the views that saw
 * it, is below {@code splitEigenThreshold} (negative). The paper's optimum then replaces it
 * by exactly two offspring at {@code mu +- eps * v} (v the eigenvector of the smallest
 * eigenvalue) whose opacities are half the parent's (the normalisation that keeps the
 * splitting loss change at its minimum, Theorem 2; {@code steepChildOpacity}). Large parents'
 * children get scales divided by 1.6 and eps drawn from the parent's spread along v
 * ({@code steepStepAlongDirection}; the released code's length of a sample of
 * N(0, diag(scale^2)) otherwise); small ones (largest scale at most {@code percentDense} x
 * extent) keep their scales and move by the current position learning rate, the first
 * keeping the parent's Adam moments when {@code steepKeepParentMoments}.
 *
 * <p>The splitting matrix is the paper's estimator when the renderer reports dL/d(conic)
 * ({@link ViewStats#conicGrads()}, the CPU and reference rasterizers do), the reduced
 * inverse-covariance one otherwise ({@link #reducedEstimator()}); see {@link SplittingMatrix}.
 */
public final class SteepestDensityControl extends GradientDensityControl {

    /** Splitting matrices summed over views, {@code float[N*6]} (xx, xy, xz, yy, yz, zz). */
    private float[] split = new float[0];
    private final double[] s2d = new double[3];
    private final double[] scratch = new double[15];
    private boolean warnedNoConic;
    private boolean warnedOnce;

    public SteepestDensityControl(DensityConfig cfg) {
        super(cfg);
    }

    @Override
    public String name() {
        return "steepgs";
    }

    /** True when the last view came without conic gradients (the reduced estimator is in use). */
    public boolean reducedEstimator() {
        return warnedNoConic;
    }

    @Override
    void observeMore(ViewStats view, TrainableCloud model) {
        int n = model.size();
        warnedNoConic = view.conicGrads() == null;
        if (warnedNoConic && !warnedOnce) {
            warnedOnce = true;
            Log.warn("steepgs: the renderer reports no dL/d(conic); using the reduced splitting-matrix estimator "
                    + "(the CPU rasterizer gives the full one)");
        }
        GaussianCloud c = model.cloud();
        Camera cam = view.camera();
        float[] means = c.means(), logit = c.opacityLogits();
        int[] radii = view.radii();
        float[] conics = view.conics(), g2 = view.means2dGrad(), go = view.opacityLogitGrads();
        for (int i = 0; i < n; i++) {
            if (radii[i] <= 0) {
                continue;
            }
            double o = Gaussians.sigmoid(logit[i]);
            double sumW = go[i] / Math.max(1e-6, 1 - o); // o dL/do = dL/dlogit / (1 - o)
            SplittingMatrix.screen(conics[3 * i], conics[3 * i + 1], conics[3 * i + 2], view.conicGrads(), 3 * i,
                    sumW, s2d);
            SplittingMatrix.addWorld(cam, means[3 * i], means[3 * i + 1], means[3 * i + 2], s2d, g2[2 * i],
                    g2[2 * i + 1], split, 6 * i, scratch);
        }
    }

    @Override
    void reset(int n) {
        super.reset(n);
        split = new float[n * 6];
    }

    @Override
    DensityEvent densify(int iteration, TrainableCloud model, DensityContext ctx, boolean bigChecks) {
        GaussianCloud c = model.cloud();
        int n = c.size();
        double extent = ctx.sceneExtent();
        boolean[] sel = new boolean[n];
        boolean[] clone = new boolean[n]; // steepCloneSmall: 3DGS clones of small non-saddle candidates
        int[] growth = new int[n];
        float[] score = new float[n];
        double[] dirs = new double[n * 3];
        double[] v = new double[3];
        int candidates = 0;
        double[] lambdas = Log.enabled(Log.Level.DEBUG) ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            score[i] = stats.mean(i);
            if (score[i] < cfg.gradThreshold || stats.views[i] == 0) {
                continue;
            }
            double lambda = SplittingMatrix.smallestEigen(split, 6 * i, 1.0 / stats.views[i], v);
            if (cfg.steepScaledEigen) {
                lambda *= Gaussians.sumSquaredScales(c, i);
            }
            if (lambdas != null) {
                lambdas[candidates] = lambda;
            }
            candidates++;
            if (lambda < cfg.splitEigenThreshold) {
                sel[i] = true;
                growth[i] = 1;
                System.arraycopy(v, 0, dirs, 3 * i, 3);
            } else if (cfg.steepCloneSmall && Gaussians.maxScale(c, i) <= cfg.percentDense * extent) {
                clone[i] = true;
                growth[i] = 1;
            }
        }
        boolean[] any = sel.clone();
        for (int i = 0; i < n; i++) {
            any[i] |= clone[i];
        }
        DensifyOps.cap(any, growth, score, n, cfg.maxGaussians);
        for (int i = 0; i < n; i++) {
            sel[i] &= any[i];
            clone[i] &= any[i];
        }
        if (Log.enabled(Log.Level.DEBUG)) {
            int k = 0;
            for (boolean b : sel) {
                k += b ? 1 : 0;
            }
            double[] l = Arrays.copyOf(lambdas, candidates);
            Arrays.sort(l);
            String q = candidates == 0 ? "-" : String.format("%.3g/%.3g/%.3g/%.3g/%.3g", l[0], l[candidates / 10],
                    l[candidates / 2], l[candidates * 9 / 10], l[candidates - 1]);
            Log.debug("steepgs @%d: %d of %d gradient candidates are saddles (lambda_min < %g; lambda_min min/p10/p50/p90/max %s)%s",
                    iteration, k, candidates, cfg.splitEigenThreshold, q,
                    warnedNoConic ? " [reduced estimator: no conic gradients]" : "");
        }
        boolean[] prune = new boolean[n];
        int nSplit = 0, nClone = 0, pruned = 0;
        for (int i = 0; i < n; i++) {
            prune[i] = DensifyOps.prune(c, i, stats.maxRadius[i], cfg, ctx, bigChecks);
            nSplit += sel[i] ? 1 : 0;
            nClone += clone[i] ? 1 : 0;
        }
        double small = cfg.percentDense * extent;
        double logDiv = Math.log(cfg.splitScaleDivisor);
        float[] childLogit = new float[n];
        boolean[] childPruned = new boolean[n];
        boolean[] large = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (sel[i]) {
                double half = childOpacity(Gaussians.sigmoid(c.opacityLogits()[i]), cfg);
                childLogit[i] = Gaussians.logit(half);
                large[i] = Gaussians.maxScale(c, i) > small;
                double childScale = Gaussians.maxScale(c, i) / (large[i] ? cfg.splitScaleDivisor : 1);
                childPruned[i] = half < cfg.pruneOpacity
                        || (bigChecks && cfg.pruneWorldFraction > 0 && childScale > cfg.pruneWorldFraction * extent);
            }
        }
        int[] src = new int[n + nSplit + nClone];
        boolean[] fresh = new boolean[n + nSplit + nClone];
        int[] sign = new int[n + nSplit + nClone];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!sel[i]) {
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
                    pruned++; // the copy has the parent's opacity and size
                } else {
                    fresh[m] = true; // an exact copy; the parent's Adam moments break the tie
                    src[m++] = i;
                }
            }
        }
        int childStart = m;
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < n; i++) {
                if (sel[i]) {
                    if (childPruned[i]) {
                        pruned++;
                    } else {
                        fresh[m] = !(k == 0 && !large[i] && cfg.steepKeepParentMoments);
                        sign[m] = k == 0 ? 1 : -1;
                        src[m++] = i;
                    }
                }
            }
        }
        model.gather(Arrays.copyOf(src, m), Arrays.copyOf(fresh, m));
        GaussianCloud nc = model.cloud();
        float[] means = nc.means(), ls = nc.logScales(), op = nc.opacityLogits();
        Rng rng = ctx.rng();
        double[] rot = new double[9];
        for (int j = childStart; j < m; j++) {
            int i = src[j];
            double eps;
            if (large[i]) {
                double a = rng.nextGaussian(), b = rng.nextGaussian(), d = rng.nextGaussian();
                if (cfg.steepStepAlongDirection) {
                    // sqrt(v^T Sigma v) with Sigma = R diag(s^2) R^T: sum_k s_k^2 (R_k . v)^2
                    Gaussians.rotation(nc, j, rot);
                    double var = 0;
                    for (int k = 0; k < 3; k++) {
                        double proj = rot[k] * dirs[3 * i] + rot[3 + k] * dirs[3 * i + 1] + rot[6 + k] * dirs[3 * i + 2];
                        double sk = Math.exp(ls[j * 3 + k]);
                        var += sk * sk * proj * proj;
                    }
                    eps = Math.sqrt((a * a + b * b + d * d) * var);
                } else {
                    a *= Math.exp(ls[j * 3]);
                    b *= Math.exp(ls[j * 3 + 1]);
                    d *= Math.exp(ls[j * 3 + 2]);
                    eps = Math.sqrt(a * a + b * b + d * d);
                }
                for (int ax = 0; ax < 3; ax++) {
                    ls[j * 3 + ax] = (float) (ls[j * 3 + ax] - logDiv);
                }
            } else {
                eps = ctx.meansLr();
            }
            for (int ax = 0; ax < 3; ax++) {
                means[j * 3 + ax] += (float) (sign[j] * eps * dirs[3 * i + ax]);
            }
            op[j] = childLogit[i];
        }
        reset(m);
        return new DensityEvent(iteration, n, nClone, nSplit, pruned, 0, 0, m, false);
    }

    /**
     * Opacity of each offspring of a parent of opacity {@code o} (activated, [0, 1]):
     * {@code f o}, or {@code 1 - (1 - o)^f} when {@link DensityConfig#steepPreserveAlpha}.
     */
    static double childOpacity(double o, DensityConfig cfg) {
        double f = cfg.steepChildOpacity;
        return cfg.steepPreserveAlpha ? 1 - Math.pow(1 - o, f) : o * f;
    }

    /** Test access: the summed splitting matrices, {@code float[N*6]}. */
    float[] splittingSums() {
        return split;
    }

    @Override
    public void save(CheckpointData out, String prefix) {
        super.save(out, prefix);
        out.put(prefix + "splitting", Arrays.copyOf(split, stats.size * 6));
    }

    @Override
    public void load(CheckpointData in, String prefix, int gaussians) throws CorruptDataException {
        int size = loadStats(in, prefix, gaussians);
        split = size == 0 ? new float[0] : in.floats(prefix + "splitting", size * 6L);
    }
}
