package org.splatforge.core.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;

/** Column statistics against a sort-based, double-precision reference. */
class CloudStatisticsTest {

    @ParameterizedTest(name = "{0} Gaussians")
    @ValueSource(ints = {1, 2, 15, 16, 17, 1001})
    void matchesSortedReference(int n) {
        GaussianCloud c = SyntheticClouds.random(n, 1, SharedData.seed("stats " + n, n));
        c.opacityLogits()[0] = Float.NaN;
        if (n > 2) {
            c.means()[3] = Float.NEGATIVE_INFINITY;
            c.sh()[5] = 0.25f;
            c.sh()[c.shCoeffs() * 3 + 5] = 0.25f; // a repeated value
        }
        try (CpuDevice d = new CpuDevice(2)) {
            List<ColumnStats> stats = CloudStatistics.compute(c, d);
            List<SplatColumn> cols = SplatColumns.forDegree(1);
            assertEquals(cols.size(), stats.size());
            for (int j = 0; j < cols.size(); j++) {
                ColumnStats s = stats.get(j);
                double[] v = new double[n];
                int m = 0, nan = 0, inf = 0;
                for (int i = 0; i < n; i++) {
                    float x = cols.get(j).get(c, i);
                    if (Float.isNaN(x)) {
                        nan++;
                    } else if (Float.isInfinite(x)) {
                        inf++;
                    } else {
                        v[m++] = x;
                    }
                }
                assertEquals(cols.get(j).name(), s.name());
                assertEquals(nan, s.nanCount(), s.name());
                assertEquals(inf, s.infCount(), s.name());
                if (m == 0) {
                    assertEquals(Double.NaN, s.mean());
                    continue;
                }
                double[] sorted = Arrays.copyOf(v, m);
                Arrays.sort(sorted);
                double mean = Arrays.stream(sorted).sum() / m;
                double var = Arrays.stream(sorted).map(x -> (x - mean) * (x - mean)).sum() / m;
                double median = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
                assertEquals(sorted[0], s.min(), s.name());
                assertEquals(sorted[m - 1], s.max(), s.name());
                assertEquals(mean, s.mean(), 1e-9, s.name());
                assertEquals(Math.sqrt(var), s.stdDev(), 1e-9, s.name());
                assertEquals(median, s.median(), 1e-9, s.name());
            }
        }
    }
}
