package org.splatforge.render.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void nearestRankPercentiles() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i; // 100..1, unsorted on purpose
        }
        Summary s = Summary.of(v, 100);
        assertEquals(50, s.p50());
        assertEquals(90, s.p90());
        assertEquals(99, s.p99());
        assertEquals(100, s.max());
        assertEquals(50.5, s.mean(), 1e-12);
        Summary one = Summary.of(new double[] {7, 99}, 1);
        assertEquals(7, one.p99());
        assertTrue(Double.isNaN(Summary.of(new double[0], 0).p50()));
    }
}
