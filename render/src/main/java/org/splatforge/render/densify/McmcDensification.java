package org.splatforge.render.densify;

import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Rng;
import org.splatforge.render.checkpoint.CheckpointData;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.optim.TrainableCloud;

/**
 * Capped-count density control after 3DGS-MCMC (Kheradmand et al., NeurIPS 2024), as gsplat's
 * {@code MCMCStrategy} runs it:
 * <ul>
 *   <li>Loss regularisers {@code opacityReg * mean(opacity) + scaleReg * mean(scale)}.</li>
 *   <li>Every {@code refineEvery} iterations between {@code refineFrom} and
 *       {@code mcmcRefineUntil}: dead Gaussians (opacity at or below {@code mcmcMinOpacity})
 *       are moved onto live ones drawn with probability proportional to opacity; each drawn
 *       Gaussian and its new copies share its opacity and scale by {@link Relocation}. Then
 *       the count grows by {@code growFactor} (5%), new Gaussians drawn the same way, never
 *       past {@code maxGaussians}, so memory is bounded by the user's cap.</li>
 *   <li>After every optimizer step, positions get noise {@code Sigma * z * sigmoid(100 (1 - o - 0.995))
 *       * noiseLr * lr_means}, which only moves nearly transparent Gaussians (z standard
 *       normal, drawn per (iteration, Gaussian) so any thread count gives the same bits).</li>
 * </ul>
 * Moments of relocated, drawn and new Gaussians are zeroed.
 */
public final class McmcDensification implements DensityStrategy {

    /** Below this noise factor the displacement is far under a float ulp of any position: skipped. */
    private static final double NOISE_FLOOR = 1e-12;

    private final DensityConfig cfg;

    public McmcDensification(DensityConfig cfg) {
        if (cfg.maxGaussians <= 0) {
            throw new IllegalArgumentException("the mcmc strategy needs a cap: --max-gaussians N");
        }
        this.cfg = cfg;
    }

    @Override
    public String name() {
        return "mcmc";
    }

    @Override
    public double regularize(int iteration, TrainableCloud model, CloudGradients grads) {
        GaussianCloud c = model.cloud();
        int n = c.size();
        if (n == 0) {
            return 0;
        }
        float[] o = c.opacityLogits(), ls = c.logScales();
        float[] go = grads.opacityLogits(), gs = grads.logScales();
        double sumO = 0, sumS = 0;
        double wo = cfg.opacityReg / n, ws = cfg.scaleReg / (3.0 * n);
        for (int i = 0; i < n; i++) {
            double p = Gaussians.sigmoid(o[i]);
            sumO += p;
            go[i] += (float) (wo * p * (1 - p));
            for (int a = 0; a < 3; a++) {
                double s = Math.exp(ls[i * 3 + a]);
                sumS += s;
                gs[i * 3 + a] += (float) (ws * s);
            }
        }
        return cfg.opacityReg * sumO / n + cfg.scaleReg * sumS / (3.0 * n);
    }

    @Override
    public void observe(int iteration, ViewStats view, TrainableCloud model) {
        // MCMC decides from opacities alone.
    }

    @Override
    public DensityEvent afterStep(int iteration, TrainableCloud model, DensityContext ctx) {
        DensityEvent event = null;
        if (iteration > cfg.refineFrom && iteration < cfg.mcmcRefineUntil && iteration % cfg.refineEvery == 0) {
            int before = model.size();
            int relocated = relocate(model, ctx.rng());
            int added = grow(model, ctx.rng());
            event = new DensityEvent(iteration, before, 0, 0, 0, relocated, added, model.size(), false);
        }
        injectNoise(iteration, model, ctx);
        return event;
    }

    /** Moves dead Gaussians onto live ones; returns how many moved. */
    int relocate(TrainableCloud model, Rng rng) {
        GaussianCloud c = model.cloud();
        int n = c.size();
        float[] o = c.opacityLogits();
        int dead = 0;
        for (int i = 0; i < n; i++) {
            if (Gaussians.sigmoid(o[i]) <= cfg.mcmcMinOpacity) {
                dead++;
            }
        }
        if (dead == 0 || dead == n) {
            return 0;
        }
        int[] deadIdx = new int[dead];
        int[] alive = new int[n - dead];
        double[] cdf = new double[n - dead];
        double acc = 0;
        for (int i = 0, d = 0, a = 0; i < n; i++) {
            double p = Gaussians.sigmoid(o[i]);
            if (p <= cfg.mcmcMinOpacity) {
                deadIdx[d++] = i;
            } else {
                acc += p;
                cdf[a] = acc;
                alive[a++] = i;
            }
        }
        int[] sampled = new int[dead];
        for (int j = 0; j < dead; j++) {
            sampled[j] = alive[draw(cdf, rng)];
        }
        int[] copies = counts(sampled, n);
        // src: identity except dead slots, which take their drawn source.
        int[] src = new int[n];
        boolean[] fresh = new boolean[n];
        for (int i = 0; i < n; i++) {
            src[i] = i;
        }
        for (int j = 0; j < dead; j++) {
            src[deadIdx[j]] = sampled[j];
            fresh[deadIdx[j]] = true;
            fresh[sampled[j]] = true;
        }
        // New opacity/scale of every drawn Gaussian (applied to it and its copies).
        relocate(model, o, src, fresh, copies);
        return dead;
    }

    /** Adds up to 5% more Gaussians, drawn by opacity, within the cap; returns how many. */
    int grow(TrainableCloud model, Rng rng) {
        GaussianCloud c = model.cloud();
        int n = c.size();
        int target = (int) Math.min(cfg.maxGaussians, Math.floor(cfg.growFactor * n));
        int add = Math.max(0, target - n);
        if (add == 0 || n == 0) {
            return 0;
        }
        float[] o = c.opacityLogits();
        double[] cdf = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += Gaussians.sigmoid(o[i]);
            cdf[i] = acc;
        }
        int[] sampled = new int[add];
        for (int j = 0; j < add; j++) {
            sampled[j] = draw(cdf, rng);
        }
        int[] copies = counts(sampled, n);
        int[] src = new int[n + add];
        boolean[] fresh = new boolean[n + add];
        for (int i = 0; i < n; i++) {
            src[i] = i;
            fresh[i] = copies[i] > 0;
        }
        for (int j = 0; j < add; j++) {
            src[n + j] = sampled[j];
            fresh[n + j] = true;
        }
        relocate(model, o, src, fresh, copies);
        return add;
    }

    /**
     * Re-indexes the model by {@code src} and gives every drawn Gaussian (the source itself and
     * its {@code copies[i]} new copies) the opacity and scale of {@link Relocation} for
     * {@code copies[i] + 1} copies. {@code oldLogits} are the opacities before the gather.
     */
    private void relocate(TrainableCloud model, float[] oldLogits, int[] src, boolean[] fresh, int[] copies) {
        int n = copies.length;
        float[] newLogit = new float[n];
        float[] logFactor = new float[n];
        for (int i = 0; i < n; i++) {
            if (copies[i] > 0) {
                double p = Gaussians.sigmoid(oldLogits[i]);
                int k = copies[i] + 1;
                double pn = clampOpacity(Relocation.opacity(p, k));
                newLogit[i] = Gaussians.logit(pn);
                logFactor[i] = (float) Math.log(Relocation.scaleFactor(p, pn, k));
            }
        }
        model.gather(src, fresh);
        GaussianCloud c = model.cloud();
        float[] o = c.opacityLogits(), ls = c.logScales();
        for (int j = 0; j < src.length; j++) {
            int s = src[j];
            if (copies[s] > 0) {
                o[j] = newLogit[s];
                for (int a = 0; a < 3; a++) {
                    ls[j * 3 + a] += logFactor[s];
                }
            }
        }
    }

    private double clampOpacity(double p) {
        return Math.min(1 - 1e-6, Math.max(cfg.mcmcMinOpacity, p));
    }

    /** How many times each index was drawn. */
    private static int[] counts(int[] sampled, int n) {
        int[] c = new int[n];
        for (int s : sampled) {
            c[s]++;
        }
        return c;
    }

    /** Index drawn with probability proportional to the increments of {@code cdf}. */
    private static int draw(double[] cdf, Rng rng) {
        double u = rng.nextDouble() * cdf[cdf.length - 1];
        int lo = 0, hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** gsplat's {@code inject_noise_to_position}. */
    void injectNoise(int iteration, TrainableCloud model, DensityContext ctx) {
        GaussianCloud c = model.cloud();
        float[] means = c.means(), o = c.opacityLogits(), ls = c.logScales();
        double scaler = cfg.noiseLr * ctx.meansLr();
        if (!(scaler > 0)) {
            return;
        }
        double[] r = new double[9];
        double[] z = new double[3];
        double[] sz = new double[3];
        // f * scaler < floor  <=>  opacity > pMin: skip those without evaluating exp twice.
        double fMin = NOISE_FLOOR / scaler;
        double pMin = 1 - 0.995 - Math.log(fMin / (1 - fMin)) / 100;
        float logitMin = pMin >= 1 ? Float.POSITIVE_INFINITY : pMin <= 0 ? Float.NEGATIVE_INFINITY
                : (float) Math.log(pMin / (1 - pMin)) + 1e-3f;
        for (int i = 0; i < c.size(); i++) {
            if (o[i] > logitMin) {
                continue;
            }
            double p = Gaussians.sigmoid(o[i]);
            double f = 1 / (1 + Math.exp(-100 * ((1 - p) - 0.995)));
            if (f * scaler < NOISE_FLOOR) {
                continue;
            }
            Gaussians.rotation(c, i, r);
            for (int a = 0; a < 3; a++) {
                z[a] = Rng.hashGaussian(ctx.seed(), iteration, 3L * i + a);
            }
            // Sigma z = R S^2 R^T z: into the local frame, scale twice, back.
            for (int a = 0; a < 3; a++) {
                double s = Math.exp(ls[i * 3 + a]);
                sz[a] = s * s * (r[a] * z[0] + r[3 + a] * z[1] + r[6 + a] * z[2]);
            }
            for (int a = 0; a < 3; a++) {
                double d = r[a * 3] * sz[0] + r[a * 3 + 1] * sz[1] + r[a * 3 + 2] * sz[2];
                means[i * 3 + a] += (float) (d * f * scaler);
            }
        }
    }

    @Override
    public void save(CheckpointData out, String prefix) {
        // Stateless between steps: everything it uses is in the cloud, the optimizer and the RNG.
    }

    @Override
    public void load(CheckpointData in, String prefix, int gaussians) {
    }
}
