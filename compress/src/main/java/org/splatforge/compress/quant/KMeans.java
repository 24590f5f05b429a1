package org.splatforge.compress.quant;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.RangeTask;

/**
 * Weighted k-means with k-means++ seeding (Arthur and Vassilvitskii, SODA 2007) and Lloyd
 * iterations, deterministic for a given seed <em>whatever the thread count</em>:
 * <ul>
 *   <li>per-point work (distances, assignments) writes only index-owned outputs;</li>
 *   <li>every reduction runs over fixed-size chunks (independent of the thread count) that
 *       are combined in chunk order, or per cluster in point order;</li>
 *   <li>ties go to the lowest centroid index; empty clusters keep their centroid.</li>
 * </ul>
 *
 * <p>Data layout: {@code data: float[n*dim]} row-major, {@code weights: float[n]} (null for
 * all ones), centroids {@code float[k*dim]} row-major.
 *
 * <p>The nearest-centroid search has a SIMD fast path (lanes = centroids, using a
 * transposed [dim][k] codebook) and a scalar reference twin ({@link #nearestScalar}). Both
 * sum squared differences over dimensions in the same order with separate multiply and
 * add (no FMA), so they return identical results, which a test checks.
 */
public final class KMeans {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHUNK = 4096;

    private KMeans() {
    }

    /**
     * Trains {@code k} centroids on (a deterministic sample of at most {@code maxSample} of)
     * the points.
     *
     * @return centroids, {@code float[k*dim]}; fewer distinct points than k leave duplicates
     */
    public static float[] train(Device dev, float[] data, int n, int dim, float[] weights, int k, int iterations,
                                long seed, int maxSample) {
        if (n == 0 || k <= 0) {
            return new float[Math.max(0, k) * dim];
        }
        int[] sample = sample(n, maxSample, seed);
        int m = sample.length;
        float[] x = new float[m * dim];
        float[] w = new float[m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(data, sample[i] * dim, x, i * dim, dim);
            w[i] = weights == null ? 1f : Math.max(0f, weights[sample[i]]);
        }
        float[] c = seedPlusPlus(dev, x, w, m, dim, k, seed);
        int[] assign = new int[m];
        for (int it = 0; it < iterations; it++) {
            assign(dev, x, m, dim, c, k, null, null, assign);
            if (!update(dev, x, w, m, dim, c, k, assign)) {
                break;
            }
        }
        return c;
    }

    /** Sorted indices of a deterministic uniform sample of min(n, max) points. */
    public static int[] sample(int n, int max, long seed) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        // Selection sampling (Knuth, TAOCP vol. 2, Algorithm S): one pass, sorted output.
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] out = new int[max];
        int chosen = 0;
        for (int i = 0; i < n && chosen < max; i++) {
            if (r.nextInt(n - i) < max - chosen) {
                out[chosen++] = i;
            }
        }
        return out;
    }

    private static float[] seedPlusPlus(Device dev, float[] x, float[] w, int m, int dim, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] c = new float[k * dim];
        double[] d2 = new double[m];
        int chunks = (m + CHUNK - 1) / CHUNK;
        double[] chunkSum = new double[chunks];
        int first = pick(r, w, null, m, chunkSum);
        System.arraycopy(x, first * dim, c, 0, dim);
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int j = 1; j < k; j++) {
            final int cj = j - 1;
            // One pass per centre: small passes run on the caller, where waking workers
            // would cost more than the work (the result is the same either way).
            RangeTask pass = (s, e, wk) -> {
                for (int ch = s; ch < e; ch++) {
                    int lo = ch * CHUNK, hi = Math.min(m, lo + CHUNK);
                    double sum = 0;
                    for (int i = lo; i < hi; i++) {
                        double d = dist(x, i * dim, c, cj * dim, dim);
                        if (d < d2[i]) {
                            d2[i] = d;
                        }
                        sum += d2[i] * w[i];
                    }
                    chunkSum[ch] = sum;
                }
            };
            if ((long) m * dim < (1 << 20)) {
                pass.run(0, chunks, 0);
            } else {
                dev.parallelFor(chunks, 1, pass);
            }
            int next = pick(r, w, d2, m, chunkSum);
            System.arraycopy(x, next * dim, c, j * dim, dim);
        }
        return c;
    }

    /** Samples an index with probability proportional to w[i] * d2[i] (d2 null: w[i]). */
    private static int pick(SplittableRandom r, float[] w, double[] d2, int m, double[] chunkSum) {
        if (d2 == null) {
            for (int ch = 0; ch * CHUNK < m; ch++) {
                double s = 0;
                for (int i = ch * CHUNK; i < Math.min(m, (ch + 1) * CHUNK); i++) {
                    s += w[i];
                }
                chunkSum[ch] = s;
            }
        }
        double total = 0;
        for (double s : chunkSum) {
            total += s;
        }
        double u = r.nextDouble() * total;
        if (!(total > 0)) {
            return r.nextInt(m);
        }
        for (int ch = 0; ch < chunkSum.length; ch++) {
            if (u < chunkSum[ch] || ch == chunkSum.length - 1) {
                int hi = Math.min(m, (ch + 1) * CHUNK);
                for (int i = ch * CHUNK; i < hi; i++) {
                    double p = d2 == null ? w[i] : w[i] * d2[i];
                    if (u < p) {
                        return i;
                    }
                    u -= p;
                }
                return hi - 1;
            }
            u -= chunkSum[ch];
        }
        return m - 1;
    }

    /** Recomputes centroids as weighted means; returns whether any centroid moved. */
    private static boolean update(Device dev, float[] x, float[] w, int m, int dim, float[] c, int k, int[] assign) {
        // Counting sort of points by cluster, then each cluster sums its points in index order.
        int[] start = new int[k + 1];
        for (int i = 0; i < m; i++) {
            start[assign[i] + 1]++;
        }
        for (int j = 0; j < k; j++) {
            start[j + 1] += start[j];
        }
        int[] members = new int[m];
        int[] fill = Arrays.copyOf(start, k);
        for (int i = 0; i < m; i++) {
            members[fill[assign[i]]++] = i;
        }
        boolean[] moved = new boolean[k];
        dev.parallelFor(k, 16, (s, e, wk) -> {
            double[] acc = new double[dim];
            for (int j = s; j < e; j++) {
                Arrays.fill(acc, 0);
                double ws = 0;
                for (int p = start[j]; p < start[j + 1]; p++) {
                    int i = members[p];
                    double wi = w[i];
                    ws += wi;
                    for (int d = 0; d < dim; d++) {
                        acc[d] += wi * x[i * dim + d];
                    }
                }
                if (ws > 0) {
                    for (int d = 0; d < dim; d++) {
                        float v = (float) (acc[d] / ws);
                        if (v != c[j * dim + d]) {
                            moved[j] = true;
                        }
                        c[j * dim + d] = v;
                    }
                }
            }
        });
        for (boolean b : moved) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /**
     * For every point i, the index of the centroid minimising
     * {@code |x_i - c_j|^2 + bias[j] * scale[i]} (bias null: plain nearest; scale null: 1),
     * written to {@code out[0..n)}. Entropy-constrained VQ passes
     * {@code bias[j] = lambda * codeLength(j)} and {@code scale[i] = 1 / weight_i}.
     */
    public static void assign(Device dev, float[] data, int n, int dim, float[] centroids, int k, float[] bias,
                              float[] scale, int[] out) {
        float[] t = transpose(centroids, k, dim);
        int kPad = t.length / dim;
        float[] b = new float[kPad];
        Arrays.fill(b, Float.POSITIVE_INFINITY);
        for (int j = 0; j < k; j++) {
            b[j] = bias == null ? 0f : bias[j];
        }
        int workers = dev.parallelism();
        float[][] scratch = new float[workers][kPad];
        dev.parallelFor(n, 256, (s, e, wk) -> {
            float[] acc = scratch[wk];
            for (int i = s; i < e; i++) {
                out[i] = nearestSimd(data, i * dim, dim, t, kPad, b, scale == null ? 1f : scale[i], acc);
            }
        });
    }

    private static float[] transpose(float[] c, int k, int dim) {
        int kPad = ((k + S.length() - 1) / S.length()) * S.length();
        float[] t = new float[dim * kPad];
        for (int j = 0; j < k; j++) {
            for (int d = 0; d < dim; d++) {
                t[d * kPad + j] = c[j * dim + d];
            }
        }
        return t;
    }

    private static int nearestSimd(float[] x, int xo, int dim, float[] t, int kPad, float[] bias, float scale,
                                   float[] acc) {
        for (int j = 0; j < kPad; j += S.length()) {
            FloatVector sum = FloatVector.zero(S);
            for (int d = 0; d < dim; d++) {
                FloatVector diff = FloatVector.fromArray(S, t, d * kPad + j).sub(x[xo + d]);
                sum = sum.add(diff.mul(diff));
            }
            sum.add(FloatVector.fromArray(S, bias, j).mul(scale)).intoArray(acc, j);
        }
        int best = 0;
        float bv = acc[0];
        for (int j = 1; j < kPad; j++) {
            if (acc[j] < bv) {
                bv = acc[j];
                best = j;
            }
        }
        return best;
    }

    /** Scalar reference twin of the SIMD search: same sums in the same order. */
    public static int nearestScalar(float[] x, int xo, int dim, float[] centroids, int k, float[] bias, float scale) {
        int best = 0;
        float bv = Float.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            float sum = 0f;
            for (int d = 0; d < dim; d++) {
                float diff = x[xo + d] - centroids[j * dim + d];
                sum = sum + diff * diff;
            }
            sum = sum + (bias == null ? 0f : bias[j]) * scale;
            if (sum < bv) {
                bv = sum;
                best = j;
            }
        }
        return best;
    }

    /** Squared distance in double (seeding only). */
    private static double dist(float[] a, int ao, float[] b, int bo, int dim) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            double v = a[ao + d] - b[bo + d];
            s += v * v;
        }
        return s;
    }
}
