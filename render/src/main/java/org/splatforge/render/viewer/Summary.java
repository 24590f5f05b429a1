package org.splatforge.render.viewer;

import java.util.Arrays;

/**
 * Percentiles of a sample (frame times, sort times), nearest-rank: p-th percentile is the
 * value at rank ceil(p/100 * n) of the sorted sample. NaN fields when the sample is empty.
 */
public record Summary(int count, double mean, double p50, double p90, double p99, double max) {

    /** Summary of {@code values[0..n)}. */
    public static Summary of(double[] values, int n) {
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        return new Summary(n, sum / n, rank(s, 50), rank(s, 90), rank(s, 99), s[n - 1]);
    }

    static double rank(double[] sorted, double p) {
        int r = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
    }
}
