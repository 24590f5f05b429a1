package org.splatforge.compress.order;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpaceFillingCurveTest {

    @Test
    void keysRoundTripForBothCurves() {
        Random r = new Random(3);
        System.out.println("keysRoundTripForBothCurves: seed 3");
        for (SpaceFillingCurve c : SpaceFillingCurve.values()) {
            for (int bits : new int[] {1, 2, 5, 16, 21}) {
                for (int i = 0; i < 2000; i++) {
                    int[] p = {r.nextInt(1 << bits), r.nextInt(1 << bits), r.nextInt(1 << bits)};
                    long k = c.key(p[0], p[1], p[2], bits);
                    assertTrue(k >= 0 && (bits == 21 || k < (1L << (3 * bits))), c + " key range");
                    int[] back = new int[3];
                    c.coords(k, bits, back);
                    assertArrayEquals(p, back, c + " bits " + bits);
                }
            }
        }
    }

    @Test
    void hilbertVisitsEveryCellOnceWithFaceNeighbourSteps() {
        int bits = 4;
        int cells = 1 << (3 * bits);
        boolean[] seen = new boolean[cells];
        int[] prev = null;
        for (long k = 0; k < cells; k++) {
            int[] p = new int[3];
            SpaceFillingCurve.HILBERT.coords(k, bits, p);
            int flat = (p[0] << (2 * bits)) | (p[1] << bits) | p[2];
            assertTrue(!seen[flat], "cell visited twice");
            seen[flat] = true;
            assertEquals(k, SpaceFillingCurve.HILBERT.key(p[0], p[1], p[2], bits));
            if (prev != null) {
                int d = Math.abs(p[0] - prev[0]) + Math.abs(p[1] - prev[1]) + Math.abs(p[2] - prev[2]);
                assertEquals(1, d, "step " + k);
            }
            prev = p;
        }
    }

    @Test
    void radixSortMatchesAComparisonSortAndIsStable() {
        Random r = new Random(8);
        System.out.println("radixSortMatchesAComparisonSortAndIsStable: seed 8");
        for (int n : new int[] {0, 1, 15, 16, 17, 1000}) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = r.nextInt(4) == 0 ? 42 : r.nextLong() >>> 1;
            }
            int[] o = SpatialSort.order(keys, n);
            Integer[] ref = new Integer[n];
            for (int i = 0; i < n; i++) {
                ref[i] = i;
            }
            java.util.Arrays.sort(ref, (a, b) -> keys[a] != keys[b] ? Long.compare(keys[a], keys[b]) : Integer.compare(a, b));
            for (int i = 0; i < n; i++) {
                assertEquals(ref[i].intValue(), o[i], "slot " + i);
            }
        }
    }
}
