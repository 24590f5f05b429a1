package org.splatforge.compress.codec;

import org.splatforge.compress.quant.OpacityQuantizer;
import org.splatforge.compress.quant.PositionGrid;
import org.splatforge.compress.quant.RotationQuantizer;
import org.splatforge.compress.quant.UniformQuantizer;
import org.splatforge.compress.sh.ScalarShQuantizer;
import org.splatforge.compress.sh.ShBand;
import org.splatforge.compress.sh.ShBandMode;
import org.splatforge.compress.sh.VectorShQuantizer;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Makes a {@link CodecPlan} for a cloud: the grids from the scene bounds and the option
 * steps, and for every SH band the rate-distortion choice between dropping it, scalar
 * ECSQ and vector ECVQ (Light4GS's "entropy-constrained SH compression": decide per band
 * whether it pays, then entropy-constrained quantization of what remains).
 *
 * <p>Without views, "distilling" a band into lower ones reduces to dropping it: the real SH
 * basis is orthonormal over the sphere, so the best lower-degree approximation of a
 * colour function under uniformly weighted directions is plain truncation. LightGaussian's
 * distillation gains come from weighting the directions the training views actually see,
 * which is the fine-tuning hook's job in phase 2.
 */
final class Planner {

    private Planner() {
    }

    static CodecPlan plan(GaussianCloud c, float[] weights, CodecOptions o, Device dev, ShDecision[] decisions) {
        int n = c.size();
        PositionGrid grid = PositionGrid.fit(c.means(), n, c.extent(), o.positionStep(), o.curve());
        double minS = 0;
        float[] ls = c.logScales();
        if (n > 0) {
            minS = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n * 3; i++) {
                minS = Math.min(minS, ls[i]);
            }
        }
        UniformQuantizer scale = new UniformQuantizer(minS, o.scaleStep());
        RotationQuantizer rot = new RotationQuantizer(o.rotationTolerance() * grid.step());
        OpacityQuantizer op = new OpacityQuantizer(o.opacityLevels());
        UniformQuantizer col = new UniformQuantizer(0, o.colorStep());
        int degree = c.shDegree();
        ShBandPlan[] bands = new ShBandPlan[degree];
        double lambda = o.shLambda() * o.shStep() * o.shStep();
        for (int l = 1; l <= degree; l++) {
            if (l > o.maxShDegree() || n == 0) {
                bands[l - 1] = ShBandPlan.drop(l);
                decisions[l - 1] = new ShDecision(l, ShBandMode.DROP, lambda, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, 0);
                continue;
            }
            int dim = ShBand.dim(l);
            float[] x = ShBand.extract(c.sh(), n, c.shCoeffs(), l);
            double jDrop = 0;
            for (int i = 0; i < n; i++) {
                double e = 0;
                for (int j = 0; j < dim; j++) {
                    e += (double) x[i * dim + j] * x[i * dim + j];
                }
                jDrop += (weights == null ? 1 : weights[i]) * e;
            }
            ShBandPlan best = ShBandPlan.drop(l);
            double bestJ = jDrop;
            double jScalar = Double.NaN, jVector = Double.NaN, sBits = Double.NaN, vBits = Double.NaN;
            int vk = 0;
            if (o.shModes().contains(ShBandMode.SCALAR)) {
                ScalarShQuantizer s = ScalarShQuantizer.fit(dev, x, n, dim, weights, o.shStep(),
                        o.shStep() * o.shChromaScale(), lambda);
                sBits = s.rateBits();
                jScalar = s.distortion() + lambda * sBits;
                if (jScalar < bestJ) {
                    bestJ = jScalar;
                    best = ShBandPlan.of(l, s);
                }
            }
            if (o.shModes().contains(ShBandMode.VECTOR)) {
                int k = o.vectorCodebook() > 0 ? o.vectorCodebook() : autoCodebook(n);
                VectorShQuantizer v = VectorShQuantizer.fit(dev, x, n, dim, weights, k, lambda, o.shStep() / 4,
                        o.seed() * 31 + l);
                vBits = v.rateBits();
                vk = v.k();
                jVector = v.distortion() + lambda * vBits;
                if (jVector < bestJ) {
                    bestJ = jVector;
                    best = ShBandPlan.of(l, v);
                }
            }
            bands[l - 1] = best;
            decisions[l - 1] = new ShDecision(l, best.mode(), lambda, jDrop, jScalar, jVector, sBits, vBits, vk);
        }
        return new CodecPlan(degree, grid, scale, rot, op, col, bands, weights);
    }

    /**
     * Codebook size: about one codeword per 64 Gaussians, a power of two in [32, 1024]. The
     * codebook is paid for once per archive, so for small scenes its cost per Gaussian is
     * what limits the size (SOG's fixed SH palette is the example to avoid); ECVQ then
     * drops the codewords that do not pay.
     */
    static int autoCodebook(int n) {
        int k = Integer.highestOneBit(Math.max(1, n / 64));
        return Math.max(32, Math.min(1024, k));
    }
}
