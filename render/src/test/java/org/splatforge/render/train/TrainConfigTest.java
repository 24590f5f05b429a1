package org.splatforge.render.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void defaultsAreThe3dgsRecipe() {
        TrainConfig c = new TrainConfig();
        assertEquals(30_000, c.iterations);
        assertEquals(1.6e-4f, c.meansLr);
        assertEquals(2.5e-3f, c.shLr);
        assertEquals(5e-3f, c.scaleLr);
        assertEquals(1e-3f, c.quatLr);
        assertEquals(0.2f, c.ssimWeight);
        assertEquals(2e-4f, c.density.gradThreshold);
        assertEquals(3000, c.density.opacityResetEvery);
        assertEquals(15_000, c.density.refineUntil);
        // Position rate: 1.6e-4 * extent at the start, 1.6e-6 * extent at the end, log-linear between.
        assertEquals(1.6e-4 * 4, c.meansLrAt(0, 4), 1e-9);
        assertEquals(1.6e-6 * 4, c.meansLrAt(30_000, 4), 1e-11);
        assertEquals(1.6e-5 * 4, c.meansLrAt(15_000, 4), 1e-9);
        assertEquals(0, c.shDegreeAt(999));
        assertEquals(1, c.shDegreeAt(1000));
        assertEquals(3, c.shDegreeAt(29_999));
    }

    @Test
    void shortRunsScaleTheSchedule() {
        TrainConfig c = TrainConfig.forIterations(3000);
        assertEquals(1500, c.density.refineUntil);
        assertEquals(50, c.density.refineFrom);
        assertEquals(300, c.density.opacityResetEvery);
        assertEquals(3, c.shDegreeAt(3000 - 1));
    }

    @Test
    void jsonRoundTripsAndValidationNamesTheField() throws Exception {
        TrainConfig c = TrainConfig.forIterations(500);
        c.background = new float[] {1, 0.5f, 0};
        c.density.strategy = "steepgs";
        TrainConfig back = TrainConfig.fromJson(c.toJson());
        assertEquals(c.toJson(), back.toJson());
        c.shDegree = 4;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
        assertEquals("SH degree must be 0..3, got 4", e.getMessage());
        TrainConfig m = new TrainConfig();
        m.density.strategy = "mcmc";
        assertThrows(IllegalArgumentException.class, m::validate);
        assertThrows(Exception.class, () -> TrainConfig.fromJson("{\"nope\": 1}"), "unknown settings are refused");
    }
}
