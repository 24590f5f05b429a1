package org.splatforge.core.scene;

import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.runtime.Device;

/**
 * Per-column statistics of a cloud ({@link ColumnStats}) for {@code splat info}. Each
 * column is summarised by one worker in double precision, two passes (mean, then squared
 * deviations), so results do not depend on the thread count.
 */
public final class CloudStatistics {

    private CloudStatistics() {
    }

    /** Statistics for every column of {@link SplatColumns#forDegree}, in that order. */
    public static List<ColumnStats> compute(GaussianCloud cloud, Device device) {
        List<SplatColumn> cols = SplatColumns.forDegree(cloud.shDegree());
        ColumnStats[] out = new ColumnStats[cols.size()];
        int n = cloud.size();
        // One scratch array per worker for the median's selection.
        float[][] scratch = new float[device.parallelism()][];
        device.parallelFor(cols.size(), 1, (start, end, worker) -> {
            if (scratch[worker] == null) {
                scratch[worker] = new float[n];
            }
            for (int j = start; j < end; j++) {
                out[j] = column(cloud, cols.get(j), scratch[worker]);
            }
        });
        return List.of(out);
    }

    /** Statistics of one column; {@code scratch} must hold at least {@code cloud.size()} floats. */
    public static ColumnStats column(GaussianCloud cloud, SplatColumn col, float[] scratch) {
        float[] a = col.field().array(cloud);
        int base = col.base(), stride = col.stride(), n = cloud.size();
        long nan = 0, inf = 0;
        int finite = 0;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = 0; i < n; i++) {
            float v = a[i * stride + base];
            if (Float.isNaN(v)) {
                nan++;
            } else if (Float.isInfinite(v)) {
                inf++;
            } else {
                scratch[finite++] = v;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (finite == 0) {
            return new ColumnStats(col.name(), n, nan, inf, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / finite;
        double ss = 0;
        for (int i = 0; i < finite; i++) {
            double d = scratch[i] - mean;
            ss += d * d;
        }
        double median;
        int mid = finite >>> 1;
        if ((finite & 1) == 1) {
            median = select(scratch, finite, mid);
        } else {
            double upper = select(scratch, finite, mid);
            // After selecting mid, everything left of it is <= it: the lower middle is their max.
            float lower = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < mid; i++) {
                lower = Math.max(lower, scratch[i]);
            }
            median = (lower + upper) / 2;
        }
        return new ColumnStats(col.name(), n, nan, inf, min, max, mean, Math.sqrt(ss / finite), median);
    }

    /**
     * The k-th smallest of {@code a[0..n)} (Hoare's quickselect, median-of-three pivot);
     * reorders {@code a} so that {@code a[k]} holds it, smaller-or-equal values before it.
     */
    static float select(float[] a, int n, int k) {
        int lo = 0, hi = n - 1;
        while (hi > lo) {
            int m = (lo + hi) >>> 1;
            // median of three into a[m]
            if (a[m] < a[lo]) {
                swap(a, m, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[m]) {
                swap(a, hi, m);
            }
            float pivot = a[m];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Names of the columns, for table headers. */
    public static List<String> names(List<ColumnStats> stats) {
        List<String> names = new ArrayList<>(stats.size());
        for (ColumnStats s : stats) {
            names.add(s.name());
        }
        return names;
    }
}
