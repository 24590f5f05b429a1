package org.splatforge.render.viewer.sort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The radix sort against its plain twin, on sizes that straddle the tile and vector widths and the digit widths. */
class DepthSorterTest {

    private static final long SEED = 20250707L;

    static double[] view(SplittableRandom rnd) {
        // A random rotation (from a normalised quaternion) and translation.
        double w = rnd.nextGaussian(), x = rnd.nextGaussian(), y = rnd.nextGaussian(), z = rnd.nextGaussian();
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        return new double[] {
                1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), rnd.nextGaussian(),
                2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x), rnd.nextGaussian(),
                2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y), 3 * rnd.nextDouble(),
                0, 0, 0, 1};
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 15, 16, 17, 255, 256, 257, 2048, 2049, 100_003})
    void radixSortMatchesReference(int n) {
        System.out.println("DepthSorterTest seed " + SEED + " n " + n);
        SplittableRandom rnd = new SplittableRandom(SEED + n);
        float[] means = new float[n * 3];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) (4 * rnd.nextGaussian());
        }
        double[] v = view(rnd);
        DepthSorter sorter = new DepthSorter();
        int[] order = new int[n];
        int count = sorter.sort(means, n, v, order);
        int[] ref = ReferenceDepthSort.sort(means, n, v);
        assertEquals(ref.length, count, "visible count");
        assertArrayEquals(ref, Arrays.copyOf(order, count));
        // Reuse of scratch arrays: a second, smaller sort must not see leftovers.
        int m = n / 2;
        int c2 = sorter.sort(means, m, v, order);
        assertArrayEquals(ReferenceDepthSort.sort(means, m, v), Arrays.copyOf(order, c2));
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 1000})
    void tiesKeepIndexOrderAndNearPlaneAndNanAreCulled(int n) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        float[] means = new float[n * 3];
        for (int i = 0; i < n; i++) {
            means[i * 3] = (float) rnd.nextGaussian();
            means[i * 3 + 1] = (float) rnd.nextGaussian();
            means[i * 3 + 2] = (float) (rnd.nextInt(6) * 0.5 - 0.5); // few distinct depths: many ties; some <= 0.01
        }
        means[3 * 5 + 2] = Float.NaN;
        means[3 * 6 + 2] = 0.01f; // exactly on the near plane: culled, as the rasterizer does
        double[] identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        int[] order = new int[n];
        int count = new DepthSorter().sort(means, n, identity, order);
        int[] ref = ReferenceDepthSort.sort(means, n, identity);
        assertArrayEquals(ref, Arrays.copyOf(order, count));
        for (int j = 1; j < count; j++) {
            float za = means[order[j - 1] * 3 + 2], zb = means[order[j] * 3 + 2];
            if (za == zb) {
                assertEquals(true, order[j - 1] < order[j], "ties by index at " + j);
            }
        }
        for (int j = 0; j < count; j++) {
            assertEquals(true, means[order[j] * 3 + 2] > 0.01f, "culled Gaussian " + order[j] + " in the order");
        }
    }
}
