package org.splatforge.render.densify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splatforge.render.densify.DensifyFixtures.cloud;
import static org.splatforge.render.densify.DensifyFixtures.model;
import static org.splatforge.render.densify.DensifyFixtures.tag;

import org.junit.jupiter.api.Test;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Rng;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.optim.LearningRates;
import org.splatforge.render.optim.TrainableCloud;

class SignificancePruneTest {

    private static TrainableCloud stepped(int n) {
        float[] s = new float[n], o = new float[n];
        java.util.Arrays.fill(s, 0.01f);
        java.util.Arrays.fill(o, 0.5f);
        TrainableCloud model = model(cloud(s, o));
        CloudGradients g = new CloudGradients();
        g.reset(n, model.cloud().shCoeffs());
        for (int i = 0; i < n; i++) {
            g.means()[3 * i] = i + 1; // distinct moments, to follow them through the gather
        }
        model.step(g, new LearningRates(1e-3f, 1e-3f, 1e-3f, 1e-3f, 1e-3f), 0);
        return model;
    }

    private static float[] tags(GaussianCloud c) {
        float[] t = new float[c.size()];
        for (int j = 0; j < t.length; j++) {
            t[j] = tag(c, j);
        }
        return t;
    }

    @Test
    void removesTheLeastSignificantAndKeepsTheRestWithTheirMoments() {
        TrainableCloud model = stepped(6);
        float[] m0 = model.adam().group(model.meansGroup()).m().clone();
        // Lowest: 4 (0), then the tie at 1 between 1 and 3: the later index goes first.
        double[] sig = {5, 1, 3, 1, 0, 9};
        DensityEvent e = SignificancePrune.apply(20, model, sig, 0.5);
        assertEquals(6, e.before());
        assertEquals(3, e.pruned());
        assertEquals(3, e.after());
        assertArrayEquals(new float[] {0, 2, 5}, tags(model.cloud()), "survivors in their order");
        float[] m = model.adam().group(model.meansGroup()).m();
        int[] kept = {0, 2, 5};
        for (int j = 0; j < 3; j++) {
            assertTrue(m0[3 * kept[j]] != 0);
            assertEquals(m0[3 * kept[j]], m[3 * j], 0f, "moments follow survivor " + kept[j]);
        }
        // A fraction that rounds down to nothing removes nothing.
        assertEquals(0, SignificancePrune.apply(21, model, new double[] {1, 2, 3}, 0.3).pruned());
        assertThrows(IllegalStateException.class, () -> SignificancePrune.apply(22, model, new double[2], 0.5));
    }

    @Test
    void gradientStrategiesPruneOnceWhenDensificationEnds() {
        for (String strategy : new String[] {"default", "steepgs"}) {
            DensityConfig cfg = new DensityConfig();
            cfg.strategy = strategy;
            cfg.refineFrom = 5;
            cfg.refineUntil = 40;
            cfg.refineEvery = 10;
            cfg.opacityResetEvery = 0;
            cfg.significancePruneFraction = 0.25f;
            cfg.validate();
            DensityStrategy s = DensityStrategies.create(cfg);
            TrainableCloud model = stepped(8);
            int[] calls = {0};
            DensityContext ctx = new DensityContext(new Rng(1), 1.0, 1e-4f, 1, false, () -> {
                calls[0]++;
                return new double[] {8, 7, 6, 5, 4, 3, 2, 1};
            });
            assertNull(s.afterStep(39, model, ctx), strategy + ": no statistics, no event before the end");
            DensityEvent e = s.afterStep(40, model, ctx);
            assertEquals(2, e.pruned(), strategy);
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, tags(model.cloud()), strategy);
            assertNull(s.afterStep(41, model, ctx), strategy + ": once");
            assertEquals(1, calls[0], strategy + ": significance is rendered once");
            DensityContext blind = new DensityContext(new Rng(1), 1.0, 1e-4f, 1);
            assertThrows(IllegalStateException.class, () -> DensityStrategies.create(cfg).afterStep(40, stepped(4), blind));
        }
    }

    @Test
    void theFractionIsValidated() {
        DensityConfig cfg = new DensityConfig();
        cfg.significancePruneFraction = 1f;
        assertTrue(assertThrows(IllegalArgumentException.class, cfg::validate).getMessage()
                .contains("significancePruneFraction"));
        cfg.significancePruneFraction = Float.NaN;
        assertThrows(IllegalArgumentException.class, cfg::validate);
        cfg.significancePruneFraction = 0.3f;
        cfg.strategy = "mcmc";
        cfg.maxGaussians = 100;
        assertTrue(assertThrows(IllegalArgumentException.class, cfg::validate).getMessage().contains("mcmc"));
        cfg.strategy = "steepgs";
        cfg.validate();
        assertEquals(0.3f, cfg.copy().significancePruneFraction);
    }
}
