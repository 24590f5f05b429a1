package org.splatforge.render.viewer.sort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The plain twin of {@link DepthSorter}: the same depths and cull, sorted by a comparison
 * sort on (depth, index). Slow and obviously right; tests compare the radix sort with it.
 */
public final class ReferenceDepthSort {

    private ReferenceDepthSort() {
    }

    /** Visible indices (depth > {@link DepthSorter#NEAR}) in ascending depth, ties by index. */
    public static int[] sort(float[] means, int n, double[] viewmat) {
        float r0 = (float) viewmat[8], r1 = (float) viewmat[9], r2 = (float) viewmat[10], tz = (float) viewmat[11];
        float[] depth = new float[n];
        List<Integer> visible = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            depth[i] = DepthSorter.depth(means, i, r0, r1, r2, tz);
            if (depth[i] > DepthSorter.NEAR) {
                visible.add(i);
            }
        }
        visible.sort(Comparator.<Integer>comparingDouble(i -> depth[i]).thenComparingInt(i -> i));
        return visible.stream().mapToInt(Integer::intValue).toArray();
    }
}
