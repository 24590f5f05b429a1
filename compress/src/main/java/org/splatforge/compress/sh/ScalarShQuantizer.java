package org.splatforge.compress.sh;

import org.splatforge.core.runtime.Device;

/**
 * Entropy-constrained scalar quantization (ECSQ) of one SH band, the scalar half of the
 * "entropy-constrained SH compression" of Light4GS (Liu et al., 2025): every decision
 * minimises {@code J = w_i * D + lambda * R} instead of the distortion alone.
 *
 * <ul>
 *   <li>Per coefficient, the level is chosen among 0, the rounded level and the one below
 *       it (rate-distortion optimised quantization, as in video coders' RDOQ), which
 *       produces the dead zone that an entropy-constrained quantizer of a Laplacian source
 *       has (Sullivan, "Efficient scalar quantization of exponential and Laplacian random
 *       variables", IEEE T-IT 1996).</li>
 *   <li>Per Gaussian, the whole band may be zeroed (one flag bit) when its J is lower: a
 *       per-Gaussian choice of SH degree, driven by rate rather than by a fixed threshold.</li>
 *   <li>The weight {@code w_i} is the Gaussian's significance (normalised to mean 1), so
 *       Gaussians that contribute little to any image get coarser colour.</li>
 *   <li>Reconstruction is {@code sign(q) (|q| - delta) step}, with {@code delta} the
 *       centroid offset fitted to the data (stored in 1/64 units).</li>
 * </ul>
 *
 * <p>Rates come from <em>static</em> tables (code lengths of the level histogram, two
 * refinement passes), not from the adaptive coder's state, so every decision depends on the
 * Gaussian alone. That makes quantization independent of the coding order and of the
 * thread count, and lets {@code CodecPlan.project} reproduce the decoder's output exactly.
 * The tables approximate the context-adaptive coder's real rates; the measured sizes are
 * reported by the codec.
 *
 * <p>Coefficients are in the orthonormal (Y, C1, C2) space of {@link ShColorTransform};
 * luma uses {@code stepY}, chroma {@code stepC}.
 */
public final class ScalarShQuantizer {

    private static final int TABLE = 64;

    private final double stepY;
    private final double stepC;
    private final double lambda;
    private final Tables tables;
    private final int reconQ6;
    private final double distortion;
    private final double rateBits;

    private ScalarShQuantizer(double stepY, double stepC, double lambda, Tables tables, int reconQ6, double distortion,
                              double rateBits) {
        this.stepY = stepY;
        this.stepC = stepC;
        this.lambda = lambda;
        this.tables = tables;
        this.reconQ6 = reconQ6;
        this.distortion = distortion;
        this.rateBits = rateBits;
    }

    public double stepY() {
        return stepY;
    }

    public double stepC() {
        return stepC;
    }

    /** Reconstruction offset delta in 1/64 units. */
    public int reconQ6() {
        return reconQ6;
    }

    /** Weighted squared error on the data it was fitted to. */
    public double distortion() {
        return distortion;
    }

    /** Estimated bits (static tables) on the data it was fitted to. */
    public double rateBits() {
        return rateBits;
    }

    /** Reconstruction of level {@code q} of vector element {@code j}. */
    public static double dequantize(int q, int j, double stepY, double stepC, int reconQ6) {
        if (q == 0) {
            return 0;
        }
        double m = (Math.abs(q) - reconQ6 / 64.0) * step(j, stepY, stepC);
        return q < 0 ? -m : m;
    }

    /**
     * Fits rate tables and the reconstruction offset to a band (three refinement passes).
     *
     * @param x      band vectors {@code float[n*dim]} in (Y, C1, C2) space
     * @param w      significance weights {@code float[n]}, mean about 1 (null: all 1)
     * @param lambda Lagrange multiplier, squared coefficient units per bit
     */
    public static ScalarShQuantizer fit(Device dev, float[] x, int n, int dim, float[] w, double stepY, double stepC,
                                        double lambda) {
        int[] q = new int[n * dim];
        boolean[] nz = new boolean[n];
        for (int i = 0; i < n * dim; i++) {
            q[i] = (int) StrictMath.rint(x[i] / step(i % dim, stepY, stepC));
        }
        for (int i = 0; i < n; i++) {
            nz[i] = anyNonzero(q, i * dim, dim);
        }
        ScalarShQuantizer model = new ScalarShQuantizer(stepY, stepC, lambda, Tables.of(q, nz, n, dim), 0, 0, 0);
        for (int pass = 0; pass < 3; pass++) {
            final ScalarShQuantizer m = model;
            dev.parallelFor(n, 1024, (s, e, wk) -> {
                for (int i = s; i < e; i++) {
                    nz[i] = m.quantize(x, i * dim, dim, w == null ? 1f : w[i], q, i * dim);
                }
            });
            int recon = pass < 2 ? fitOffset(x, q, w, n, dim, stepY, stepC) : model.reconQ6;
            model = new ScalarShQuantizer(stepY, stepC, lambda, Tables.of(q, nz, n, dim), recon, 0, 0);
        }
        double dist = 0, rate = 0;
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            rate += model.tables.flag[nz[i] ? 1 : 0];
            for (int j = 0; j < dim; j++) {
                int v = q[i * dim + j];
                double e = x[i * dim + j] - dequantize(v, j, stepY, stepC, model.reconQ6);
                dist += wi * e * e;
                if (nz[i]) {
                    rate += model.tables.bits(j, v);
                }
            }
        }
        return new ScalarShQuantizer(stepY, stepC, lambda, model.tables, model.reconQ6, dist, rate);
    }

    static double step(int j, double stepY, double stepC) {
        return j % 3 == 0 ? stepY : stepC;
    }

    private static boolean anyNonzero(int[] q, int off, int dim) {
        for (int j = 0; j < dim; j++) {
            if (q[off + j] != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rate-distortion decision for one band vector {@code x[off..off+dim)} of weight
     * {@code w}: writes its levels into {@code q[qo..qo+dim)} and returns whether the band is
     * coded (false: all levels are zero). A pure function of its arguments and the fitted
     * tables.
     */
    public boolean quantize(float[] x, int off, int dim, float w, int[] q, int qo) {
        double energy = 0, jCoded = lambda * tables.flag[1];
        boolean any = false;
        for (int j = 0; j < dim; j++) {
            double v = x[off + j];
            energy += v * v;
            int r = (int) StrictMath.rint(Math.abs(v) / step(j, stepY, stepC));
            int best = 0;
            double bestJ = w * v * v + lambda * tables.bits(j, 0);
            for (int c = Math.max(1, r - 1); c <= r; c++) {
                double e = Math.abs(v) - dequantize(c, j, stepY, stepC, reconQ6);
                double jc = w * e * e + lambda * tables.bits(j, c);
                if (jc < bestJ) {
                    bestJ = jc;
                    best = c;
                }
            }
            q[qo + j] = v < 0 ? -best : best;
            jCoded += bestJ;
            any |= best != 0;
        }
        double jZero = w * energy + lambda * tables.flag[0];
        if (!any || jZero <= jCoded) {
            for (int j = 0; j < dim; j++) {
                q[qo + j] = 0;
            }
            return false;
        }
        return true;
    }
    /** Weighted centroid offset of the non-zero levels, in 1/64 units, clamped to [0, 28]. */
    private static int fitOffset(float[] x, int[] q, float[] w, int n, int dim, double stepY, double stepC) {
        double num = 0, den = 0;
        for (int i = 0; i < n; i++) {
            double wi = w == null ? 1 : w[i];
            for (int j = 0; j < dim; j++) {
                int v = q[i * dim + j];
                if (v != 0) {
                    num += wi * (Math.abs(v) - Math.abs(x[i * dim + j]) / step(j, stepY, stepC));
                    den += wi;
                }
            }
        }
        if (den == 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(28, StrictMath.rint(num / den * 64)));
    }

    /** Static code lengths (bits) of levels per colour group (luma, chroma) and of the band flag. */
    private static final class Tables {
        final double[][] mag = new double[2][TABLE + 1];
        final double[] flag = new double[2];

        static Tables of(int[] q, boolean[] nz, int n, int dim) {
            Tables t = new Tables();
            long[][] count = new long[2][TABLE + 1];
            long coded = 0;
            for (int i = 0; i < n; i++) {
                if (!nz[i]) {
                    continue;
                }
                coded++;
                for (int j = 0; j < dim; j++) {
                    count[j % 3 == 0 ? 0 : 1][Math.min(TABLE, Math.abs(q[i * dim + j]))]++;
                }
            }
            for (int g = 0; g < 2; g++) {
                double total = 0;
                for (long c : count[g]) {
                    total += c + 0.5;
                }
                for (int v = 0; v <= TABLE; v++) {
                    t.mag[g][v] = -log2((count[g][v] + 0.5) / total);
                }
            }
            t.flag[1] = -log2((coded + 0.5) / (n + 1.0));
            t.flag[0] = -log2((n - coded + 0.5) / (n + 1.0));
            return t;
        }

        double bits(int j, int v) {
            int a = Math.abs(v);
            int g = j % 3 == 0 ? 0 : 1;
            if (a < TABLE) {
                return mag[g][a] + (a != 0 ? 1 : 0);
            }
            return mag[g][TABLE] + 1 + 2 * log2((double) a / TABLE) + 1;
        }

        private static double log2(double v) {
            return StrictMath.log(v) / StrictMath.log(2);
        }
    }

    private static double log2(double v) {
        return StrictMath.log(v) / StrictMath.log(2);
    }
}
