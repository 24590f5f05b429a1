package org.splatforge.compress.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FineTuneConfigTest {

    @Test
    void ratesGrowWithThePrunedFractionBetweenTheTwoMeasuredRegimes() {
        assertEquals(FineTuneConfig.LIGHT_LR_SCALE, FineTuneConfig.lrScaleFor(0), 0);
        assertEquals(FineTuneConfig.LIGHT_LR_SCALE, FineTuneConfig.lrScaleFor(FineTuneConfig.LIGHT_PRUNE), 1e-6);
        assertEquals(FineTuneConfig.DEFAULT_LR_SCALE, FineTuneConfig.lrScaleFor(FineTuneConfig.HEAVY_PRUNE), 1e-6);
        assertEquals(FineTuneConfig.DEFAULT_LR_SCALE, FineTuneConfig.lrScaleFor(0.9), 1e-6);
        double mid = (FineTuneConfig.LIGHT_PRUNE + FineTuneConfig.HEAVY_PRUNE) / 2;
        assertEquals(Math.sqrt(FineTuneConfig.LIGHT_LR_SCALE * FineTuneConfig.DEFAULT_LR_SCALE),
                FineTuneConfig.lrScaleFor(mid), 1e-5, "geometric in between");
        float prev = 0;
        for (int k = 0; k < 100; k++) {
            float s = FineTuneConfig.lrScaleFor(k / 100.0);
            assertTrue(s >= prev, "monotone at " + k);
            prev = s;
        }
        for (double bad : new double[] {-0.1, 1, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> FineTuneConfig.lrScaleFor(bad));
        }
    }

    @Test
    void forPrunedScalesEveryRateOfTheDefaults() {
        FineTuneConfig heavy = FineTuneConfig.defaults(100);
        FineTuneConfig none = FineTuneConfig.forPruned(100, 0);
        FineTuneConfig half = FineTuneConfig.forPruned(100, 0.5);
        float r = FineTuneConfig.LIGHT_LR_SCALE / FineTuneConfig.DEFAULT_LR_SCALE;
        assertEquals(heavy.meansLr() * r, none.meansLr(), 1e-12);
        assertEquals(heavy.scaleLr() * r, none.scaleLr(), 1e-9);
        assertEquals(heavy.quatLr() * r, none.quatLr(), 1e-9);
        assertEquals(heavy.opacityLr() * r, none.opacityLr(), 1e-9);
        assertEquals(heavy.shLr() * r, none.shLr(), 1e-9);
        assertEquals(heavy.shRestFactor(), none.shRestFactor(), "the band ratio is not a rate");
        assertEquals(heavy.scaleLr(), half.scaleLr(), 1e-9);
        assertEquals(100, none.iterations());
    }
}
