package org.splatforge.compress.sh;

import java.util.Arrays;
import org.splatforge.compress.quant.KMeans;
import org.splatforge.core.runtime.Device;

/**
 * Entropy-constrained vector quantization (ECVQ; Chou, Lookabaugh and Gray, IEEE T-ASSP
 * 1989) of one SH band's vectors, the vector half of the entropy-constrained SH compression
 * (Light4GS; LightGaussian and Compact-3DGS use plain k-means VQ for SH).
 *
 * <ol>
 *   <li>A weighted k-means codebook ({@link KMeans}, seeded k-means++, deterministic on
 *       any thread count), plus a fixed all-zero codeword so "no view-dependent colour"
 *       costs only its (short) index.</li>
 *   <li>Codewords are quantized to {@code entryStep} (the decoder sees exactly these).</li>
 *   <li>ECVQ iterations: each vector takes the codeword minimising
 *       {@code w_i |x - c|^2 + lambda * len(c)}, where {@code len = -log2 p(c)} from the
 *       current usage; codewords move to the weighted mean of their vectors; lengths are
 *       re-estimated. Rarely used codewords price themselves out and disappear.</li>
 *   <li>Codewords are renumbered by decreasing use (index 0 is the most frequent), so index
 *       magnitudes are small where it matters and the index coder's tokens stay skewed.</li>
 * </ol>
 */
public final class VectorShQuantizer {

    /** Vectors the codebook is fitted on (a deterministic uniform sample). */
    private static final int SAMPLE = 8192;
    /** Held-out vectors the fitted codebook is evaluated on. */
    private static final int EVAL = 8192;

    private final int[] codebookQ;
    private final float[] codebook;
    private final float[] bias;
    private final int k;
    private final int dim;
    private final double entryStep;
    private final double distortion;
    private final double rateBits;

    private VectorShQuantizer(int[] codebookQ, float[] bias, int k, int dim, double entryStep, double distortion,
                              double rateBits) {
        this.codebookQ = codebookQ;
        this.codebook = dequantizeCodebook(codebookQ, entryStep);
        this.bias = bias;
        this.k = k;
        this.dim = dim;
        this.entryStep = entryStep;
        this.distortion = distortion;
        this.rateBits = rateBits;
    }

    /** Codewords as the decoder rebuilds them: {@code (float) (q * entryStep)}. */
    public static float[] dequantizeCodebook(int[] codebookQ, double entryStep) {
        float[] c = new float[codebookQ.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) (codebookQ[i] * entryStep);
        }
        return c;
    }

    /** Quantized codewords, {@code int[k*dim]}, most used first. */
    public int[] codebookQ() {
        return codebookQ;
    }

    public int k() {
        return k;
    }

    public double entryStep() {
        return entryStep;
    }

    public double distortion() {
        return distortion;
    }

    public double rateBits() {
        return rateBits;
    }

    /** ECVQ assignment of {@code n} vectors with the fitted code lengths (pure, deterministic). */
    public void assign(Device dev, float[] x, int n, float[] w, int[] out) {
        KMeans.assign(dev, x, n, dim, codebook, k, bias, scales(w, n), out);
    }

    private static float[] scales(float[] w, int n) {
        float[] scale = new float[n];
        for (int i = 0; i < n; i++) {
            scale[i] = (float) (1.0 / Math.max(1e-3, w == null ? 1 : w[i]));
        }
        return scale;
    }

    /**
     * Fits a codebook to a band.
     *
     * @param x         band vectors {@code float[n*dim]}
     * @param w         weights {@code float[n]} (null: 1)
     * @param k         codebook size asked for, including the zero codeword (>= 2)
     * @param entryStep quantization step of codeword values
     */
    public static VectorShQuantizer fit(Device dev, float[] x, int n, int dim, float[] w, int k, double lambda,
                                        double entryStep, long seed) {
        // Training runs on a deterministic sample, so planning costs the same for any scene
        // size; the full assignment happens only if the band ends up VECTOR. Distortion and
        // rate are then measured on points the codebook was not trained on: measured on its
        // own training points a codebook of ~10 points per codeword looks far better than it
        // is, and the planner would pick it against a better scalar quantizer.
        int[] pick = KMeans.sample(n, Math.min(SAMPLE, Math.max(1, n / 2)), seed);
        int[] held = heldOut(n, pick, EVAL);
        int m = pick.length;
        float[] xs = new float[m * dim];
        float[] ws = new float[m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(x, pick[i] * dim, xs, i * dim, dim);
            ws[i] = w == null ? 1f : w[pick[i]];
        }
        k = Math.max(2, Math.min(k, m + 1));
        float[] trained = KMeans.train(dev, xs, m, dim, ws, k - 1, 5, seed, m);
        float[] c = new float[k * dim];
        System.arraycopy(trained, 0, c, dim, (k - 1) * dim);
        int[] cq = new int[k * dim];
        requantize(c, cq, k, dim, entryStep);
        float[] scale = scales(ws, m);
        int[] idx = new int[m];
        float[] bias = new float[k];
        Arrays.fill(bias, (float) (lambda * log2(k)));
        long[] count = new long[k];
        double[] len = new double[k];
        Arrays.fill(len, log2(k));
        for (int it = 0; it < 5; it++) {
            KMeans.assign(dev, xs, m, dim, c, k, bias, scale, idx);
            Arrays.fill(count, 0);
            for (int i = 0; i < m; i++) {
                count[idx[i]]++;
            }
            // Code lengths as they will be for the whole scene (the sample is uniform).
            for (int j = 0; j < k; j++) {
                len[j] = -log2((count[j] + 0.25) / (m + 0.25 * k));
                bias[j] = (float) (lambda * len[j]);
            }
            if (it < 3) {
                recentre(xs, ws, m, dim, idx, c, k);
                requantize(c, cq, k, dim, entryStep);
            }
        }
        // Keep used codewords, most used first (ties by old index), with their code lengths.
        Integer[] byUse = new Integer[k];
        for (int j = 0; j < k; j++) {
            byUse[j] = j;
        }
        final long[] cnt = count;
        Arrays.sort(byUse, (a, b) -> cnt[a] != cnt[b] ? Long.compare(cnt[b], cnt[a]) : Integer.compare(a, b));
        int kept = 0;
        for (int r = 0; r < k && count[byUse[r]] > 0; r++) {
            kept++;
        }
        kept = Math.max(1, kept);
        int[] outQ = new int[kept * dim];
        float[] outBias = new float[kept];
        double[] outLen = new double[kept];
        for (int r = 0; r < kept; r++) {
            System.arraycopy(cq, byUse[r] * dim, outQ, r * dim, dim);
            outBias[r] = bias[byUse[r]];
            outLen[r] = len[byUse[r]];
        }
        VectorShQuantizer model = new VectorShQuantizer(outQ, outBias, kept, dim, entryStep, 0, 0);
        int h = held.length;
        float[] xh = new float[h * dim];
        float[] wh = new float[h];
        for (int i = 0; i < h; i++) {
            System.arraycopy(x, held[i] * dim, xh, i * dim, dim);
            wh[i] = w == null ? 1f : w[held[i]];
        }
        int[] hi = new int[h];
        model.assign(dev, xh, h, wh, hi);
        double dist = 0, rate = 0;
        for (int i = 0; i < h; i++) {
            int j = hi[i];
            for (int d = 0; d < dim; d++) {
                double e = xh[i * dim + d] - model.codebook[j * dim + d];
                dist += wh[i] * e * e;
            }
            rate += outLen[j]; // the code length the adaptive coder will approach
        }
        double scaleUp = (double) n / Math.max(1, h);
        dist *= scaleUp;
        rate *= scaleUp;
        for (int v : outQ) {
            rate += 2 * (32 - Integer.numberOfLeadingZeros(Math.abs(v))) + 1;
        }
        return new VectorShQuantizer(outQ, outBias, kept, dim, entryStep, dist, rate);
    }

    /** Up to {@code max} indices of [0, n) not in the sorted {@code taken}, evenly spread. */
    private static int[] heldOut(int n, int[] taken, int max) {
        int free = n - taken.length;
        int count = Math.min(max, free);
        int[] out = new int[count];
        if (count == 0) {
            return out;
        }
        long stride = Math.max(1, free / count);
        int t = 0, c = 0;
        long rank = 0;
        for (int i = 0; i < n && c < count; i++) {
            if (t < taken.length && taken[t] == i) {
                t++;
                continue;
            }
            if (rank % stride == 0) {
                out[c++] = i;
            }
            rank++;
        }
        return java.util.Arrays.copyOf(out, c);
    }

    private static void requantize(float[] c, int[] cq, int k, int dim, double step) {
        for (int i = 0; i < k * dim; i++) {
            cq[i] = (int) StrictMath.rint(c[i] / step);
            c[i] = (float) (cq[i] * step);
        }
    }

    /** Weighted means per codeword, in point order; the zero codeword (0) stays put. */
    private static void recentre(float[] x, float[] w, int n, int dim, int[] idx, float[] c, int k) {
        double[] acc = new double[k * dim];
        double[] ws = new double[k];
        for (int i = 0; i < n; i++) {
            int j = idx[i];
            double wi = w == null ? 1 : w[i];
            ws[j] += wi;
            for (int d = 0; d < dim; d++) {
                acc[j * dim + d] += wi * x[i * dim + d];
            }
        }
        for (int j = 1; j < k; j++) {
            if (ws[j] > 0) {
                for (int d = 0; d < dim; d++) {
                    c[j * dim + d] = (float) (acc[j * dim + d] / ws[j]);
                }
            }
        }
    }

    private static double log2(double v) {
        return StrictMath.log(v) / StrictMath.log(2);
    }
}
