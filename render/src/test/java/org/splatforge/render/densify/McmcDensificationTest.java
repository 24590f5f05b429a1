package org.splatforge.render.densify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.splatforge.render.densify.DensifyFixtures.*;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Rng;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.optim.LearningRates;
import org.splatforge.render.optim.TrainableCloud;

class McmcDensificationTest {

    private static final long SEED = 4242L;

    @Test
    void relocationRuleKeepsTheStackedOpacityAndMatchesAHandValue() {
        assertEquals(0.3, Relocation.opacity(0.3, 1), 1e-12);
        assertEquals(1.0, Relocation.scaleFactor(0.3, 0.3, 1), 1e-12);
        for (int n = 1; n <= 60; n += 7) {
            double o = 0.37, on = Relocation.opacity(o, n);
            int k = Math.min(n, Relocation.N_MAX);
            assertEquals(o, 1 - Math.pow(1 - on, k), 1e-12, "n copies composite to the original opacity");
        }
        // By hand: o = 0.5, n = 2: o' = 1 - sqrt(0.5); denominator o' + (o' - o'^2/sqrt 2)
        double on = 1 - Math.sqrt(0.5);
        assertEquals(on, Relocation.opacity(0.5, 2), 1e-12);
        assertEquals(0.5 / (2 * on - on * on / Math.sqrt(2)), Relocation.scaleFactor(0.5, on, 2), 1e-12);
    }

    private static DensityConfig config(int cap) {
        DensityConfig c = new DensityConfig();
        c.strategy = "mcmc";
        c.maxGaussians = cap;
        c.refineFrom = 0;
        c.refineEvery = 10;
        c.mcmcRefineUntil = 100_000;
        return c;
    }

    private static GaussianCloud randomCloud(int n, long seed, double deadFraction) {
        Random r = new Random(seed);
        float[] s = new float[n], o = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = 0.01f + 0.05f * r.nextFloat();
            o[i] = r.nextDouble() < deadFraction ? 0.002f : 0.05f + 0.9f * r.nextFloat();
        }
        return cloud(s, o);
    }

    @Test
    void relocatesDeadGaussiansOntoLiveOnesAndZeroesTheirMoments() {
        System.out.println("[seed] McmcDensificationTest = " + SEED);
        GaussianCloud c = randomCloud(40, SEED, 0.25);
        TrainableCloud model = model(c);
        CloudGradients g = new CloudGradients();
        g.reset(40, c.shCoeffs());
        java.util.Arrays.fill(g.means(), 0, 120, 0.5f);
        model.step(g, new LearningRates(1e-3f, 0, 0, 0, 0), 0);
        Set<Float> liveTags = new HashSet<>();
        int dead = 0;
        for (int i = 0; i < 40; i++) {
            if (Gaussians.sigmoid(c.opacityLogits()[i]) <= 0.005) {
                dead++;
            } else {
                liveTags.add(tag(c, i));
            }
        }
        assertTrue(dead > 3, "the fixture has dead Gaussians");
        McmcDensification mcmc = new McmcDensification(config(40));
        int moved = mcmc.relocate(model, new Rng(SEED));
        assertEquals(dead, moved);
        GaussianCloud n = model.cloud();
        assertEquals(40, n.size());
        float[] m = model.adam().group(model.meansGroup()).m();
        for (int j = 0; j < 40; j++) {
            assertTrue(Gaussians.sigmoid(n.opacityLogits()[j]) > 0.005, "no dead Gaussian left at " + j);
            assertTrue(liveTags.contains(tag(n, j)), "slot " + j + " holds a copy of a live Gaussian");
        }
        // Every slot whose tag appears more than once was drawn: its moments are zero.
        for (int j = 0; j < 40; j++) {
            int copies = 0;
            for (int k = 0; k < 40; k++) {
                copies += tag(n, k) == tag(n, j) ? 1 : 0;
            }
            if (copies > 1) {
                assertEquals(0f, m[3 * j], "moments of drawn/relocated Gaussian " + j);
            }
        }
    }

    @Test
    void growthNeverPassesTheCap() {
        GaussianCloud c = randomCloud(100, SEED, 0.1);
        TrainableCloud model = model(c);
        McmcDensification mcmc = new McmcDensification(config(130));
        DensityContext ctx = ctx(SEED);
        int last = 100;
        for (int it = 10; it <= 200; it += 10) {
            DensityEvent e = mcmc.afterStep(it, model, ctx);
            assertTrue(model.size() <= 130, "cap respected at " + it + ": " + model.size());
            assertTrue(model.size() >= last);
            assertEquals(model.size(), e.after());
            last = model.size();
        }
        assertEquals(130, model.size(), "grows to the cap");
        assertThrows(IllegalArgumentException.class, () -> new McmcDensification(new DensityConfig()));
    }

    @Test
    void noiseMovesOnlyNearlyTransparentGaussiansAndIsRepeatable() {
        GaussianCloud c = cloud(new float[] {0.05f, 0.05f}, new float[] {0.9f, 0.002f});
        TrainableCloud model = model(c);
        McmcDensification mcmc = new McmcDensification(config(10));
        float[] before = c.means().clone();
        mcmc.injectNoise(7, model, new DensityContext(new Rng(1), 1.0, 1.6e-4f, SEED));
        float[] after = c.means().clone();
        assertEquals(before[0], after[0], 0f, "opaque Gaussian unchanged");
        assertTrue(Math.abs(after[3] - before[3]) + Math.abs(after[4] - before[4]) > 1e-5, "transparent one moved");
        GaussianCloud c2 = cloud(new float[] {0.05f, 0.05f}, new float[] {0.9f, 0.002f});
        mcmc.injectNoise(7, model(c2), new DensityContext(new Rng(99), 1.0, 1.6e-4f, SEED));
        assertEquals(after[3], c2.means()[3], 0f, "counter-based noise: same key, same bits");
    }

    @Test
    void regularizerGradientMatchesFiniteDifferences() {
        GaussianCloud c = randomCloud(5, SEED, 0);
        TrainableCloud model = model(c);
        McmcDensification mcmc = new McmcDensification(config(10));
        CloudGradients g = new CloudGradients();
        g.reset(5, c.shCoeffs());
        double v = mcmc.regularize(1, model, g);
        float h = 1e-3f;
        float o = c.opacityLogits()[2];
        c.opacityLogits()[2] = o + h;
        double up = mcmc.regularize(1, model, scratch(c));
        c.opacityLogits()[2] = o - h;
        double dn = mcmc.regularize(1, model, scratch(c));
        c.opacityLogits()[2] = o;
        assertEquals((up - dn) / (2 * h), g.opacityLogits()[2], 1e-4);
        float s = c.logScales()[7];
        c.logScales()[7] = s + h;
        up = mcmc.regularize(1, model, scratch(c));
        c.logScales()[7] = s - h;
        dn = mcmc.regularize(1, model, scratch(c));
        assertEquals((up - dn) / (2 * h), g.logScales()[7], 1e-4);
        assertTrue(v > 0);
    }

    private static CloudGradients scratch(GaussianCloud c) {
        CloudGradients g = new CloudGradients();
        g.reset(c.size(), c.shCoeffs());
        return g;
    }
}
