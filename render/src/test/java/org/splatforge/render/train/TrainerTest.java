package org.splatforge.render.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.Rasterizers;

class TrainerTest {

    private static final long SEED = 7L;

    static TrainConfig config(int iterations, String strategy) {
        TrainConfig c = TrainConfig.forIterations(iterations);
        c.seed = SEED;
        c.density.strategy = strategy;
        c.checkpointEvery = 0;
        if (strategy.equals("mcmc")) {
            c.density.maxGaussians = 600;
            c.initOpacity = 0.5f;
            c.initScaleFactor = 0.5f;
        }
        return c;
    }

    static Trainer trainer(TrainConfig cfg, TrainingScene scene, Device dev) {
        return Trainer.create(cfg, scene, new RasterTrainRenderer(Rasterizers.create(dev), true), dev, new CoreImageMetrics(dev));
    }

    @Test
    void learnsATinySceneToTheStatedQuality() throws Exception {
        System.out.println("[seed] TrainerTest = " + SEED);
        try (Device dev = new CpuDevice(2)) {
            TrainingScene scene = TinyScenes.scene(SEED, 40, 48, 24, 4, 400, dev);
            Trainer t = trainer(config(600, "default"), scene, dev);
            EvalResult before = t.evaluate(0);
            EvalResult fin = t.run(null, null);
            System.out.printf("tiny scene: PSNR %.2f -> %.2f dB, SSIM %.3f, %d Gaussians%n", before.psnr(), fin.psnr(),
                    fin.ssim(), t.cloud().size());
            assertTrue(fin.psnr() >= 27.0, "test PSNR " + fin.psnr() + " below the stated 27 dB");
            assertTrue(fin.psnr() > before.psnr() + 8, "training improved PSNR by less than 8 dB");
            assertEquals(4, fin.views().size());
        }
    }

    @Test
    void twoRunsWithTheSameSeedGiveTheSameBits() throws Exception {
        for (String strategy : new String[] {"default", "mcmc", "steepgs"}) {
            GaussianCloud[] out = new GaussianCloud[2];
            for (int run = 0; run < 2; run++) {
                try (Device dev = new CpuDevice(2)) {
                    TrainingScene scene = TinyScenes.scene(SEED, 30, 40, 12, 2, 300, dev);
                    TrainConfig cfg = config(250, strategy);
                    cfg.randomBackground = true;
                    Trainer t = trainer(cfg, scene, dev);
                    t.run(null, null);
                    out[run] = t.cloud().copy();
                }
            }
            assertSameBits(out[0], out[1], strategy);
        }
    }

    @Test
    void resumingFromACheckpointGivesTheUninterruptedResult(@TempDir Path dir) throws Exception {
        for (String strategy : new String[] {"default", "mcmc", "steepgs"}) {
            try (Device dev = new CpuDevice(2)) {
                TrainingScene scene = TinyScenes.scene(SEED, 30, 40, 12, 2, 300, dev);
                Trainer a = trainer(config(200, strategy), scene, dev);
                a.run(null, null);
                TrainConfig cfg = config(200, strategy);
                Trainer b = trainer(cfg, scene, dev);
                Path ck = dir.resolve(strategy + ".sfck");
                for (int i = 0; i < 87; i++) { // mid-window: statistics half gathered
                    b.step();
                }
                b.saveCheckpoint(ck);
                Trainer c = Trainer.resume(ck, scene, new RasterTrainRenderer(Rasterizers.create(dev), true), dev,
                        new CoreImageMetrics(dev));
                assertEquals(87, c.iteration());
                c.run(null, null);
                assertSameBits(a.cloud(), c.cloud(), strategy + " resumed");
                assertEquals(a.history().size(), c.history().size());
                assertArrayEquals(a.history().loss(), c.history().loss(), strategy + " loss curve");
            }
        }
    }

    @Test
    void periodicEvaluationDoesNotChangeTraining() throws Exception {
        for (String strategy : new String[] {"default", "mcmc", "steepgs"}) {
            GaussianCloud[] out = new GaussianCloud[2];
            for (int run = 0; run < 2; run++) {
                try (Device dev = new CpuDevice(2)) {
                    TrainingScene scene = TinyScenes.scene(SEED, 30, 40, 12, 2, 300, dev);
                    TrainConfig cfg = config(200, strategy);
                    // Every 10 iterations: on refinement and opacity-reset iterations too.
                    cfg.evalEvery = run == 0 ? 0 : 10;
                    Trainer t = trainer(cfg, scene, dev);
                    t.run(null, null);
                    out[run] = t.cloud().copy();
                }
            }
            assertSameBits(out[0], out[1], strategy + ": with and without evaluations");
        }
    }

    @Test
    void evaluationsOnResetIterationsMeasureTheModelBeforeTheReset() throws Exception {
        try (Device dev = new CpuDevice(2)) {
            TrainingScene scene = TinyScenes.scene(SEED, 40, 48, 24, 4, 400, dev);
            TrainConfig cfg = config(600, "default");
            cfg.validate();
            int reset = cfg.density.opacityResetEvery;
            assertTrue(reset > 0 && reset < 600, "the schedule resets opacities mid-run: " + reset);
            cfg.evalEvery = reset; // every evaluation falls on a reset iteration
            Trainer t = trainer(cfg, scene, dev);
            double start = t.evaluate(0).psnr();
            t.run(null, null);
            double[] psnr = t.history().evals().stream().mapToDouble(e -> e[1]).toArray();
            System.out.printf("start %.2f dB, evaluations every %d: %s%n", start, reset, java.util.Arrays.toString(psnr));
            assertTrue(psnr.length >= 2, "evaluations were made");
            // After a reset every opacity is <= 0.01 and a render is nearly the background; an
            // evaluation of that state would fall back towards the untrained PSNR.
            // (Measured after the reset, the first one here gave 11.3 dB against 13.9 at the start.)
            for (int k = 0; k < psnr.length; k++) {
                assertTrue(psnr[k] > start + 5, "evaluation " + k + " (" + psnr[k]
                        + " dB) is not 5 dB above the untrained " + start + " dB: it measured the reset");
            }
        }
    }

    @Test
    void theCapHoldsFromTheFirstIterationWhenThereAreMoreInitialPoints() throws Exception {
        try (Device dev = new CpuDevice(2)) {
            TrainingScene scene = TinyScenes.scene(SEED, 30, 40, 12, 2, 900, dev);
            TrainConfig cfg = config(200, "mcmc"); // cap 600 < 900 initial points
            int cap = cfg.density.maxGaussians;
            assertTrue(scene.pointCount() > cap);
            Trainer t = trainer(cfg, scene, dev);
            assertEquals(cap, t.cloud().size(), "initial Gaussians");
            int[] most = {0};
            t.run(new TrainListener() {
                @Override
                public void onStep(StepResult step, Trainer trainer) {
                    most[0] = Math.max(most[0], step.gaussians());
                }
            }, null);
            assertTrue(most[0] <= cap, "count reached " + most[0] + " over the cap " + cap);
            assertEquals(cap, t.cloud().size(), "MCMC keeps the count at its cap once grown");
        }
    }

    @Test
    void theSignificancePruneRunsOnceAtTheEndOfDensificationAndResumesExactly(@TempDir Path dir) throws Exception {
        for (String strategy : new String[] {"default", "steepgs"}) {
            try (Device dev = new CpuDevice(2)) {
                TrainingScene scene = TinyScenes.scene(SEED, 30, 40, 12, 2, 300, dev);
                TrainConfig cfg = config(200, strategy);
                cfg.density.significancePruneFraction = 0.3f;
                int end = cfg.density.refineUntil; // already scaled to the 200-iteration run
                java.util.List<org.splatforge.render.densify.DensityEvent> events = new java.util.ArrayList<>();
                Trainer a = trainer(cfg, scene, dev);
                a.run(new TrainListener() {
                    @Override
                    public void onDensity(org.splatforge.render.densify.DensityEvent e) {
                        events.add(e);
                    }
                }, null);
                org.splatforge.render.densify.DensityEvent last = events.get(events.size() - 1);
                assertEquals(end, last.iteration(), strategy + ": the last event is the prune at refineUntil");
                assertEquals((int) Math.floor(0.3 * last.before()), last.pruned(), strategy);
                assertEquals(last.after(), a.cloud().size(), strategy + ": nothing changes the count afterwards");
                TrainConfig cfgB = config(200, strategy);
                cfgB.density.significancePruneFraction = 0.3f;
                Trainer b = trainer(cfgB, scene, dev);
                for (int i = 0; i < end - 5; i++) {
                    b.step();
                }
                Path ck = dir.resolve(strategy + ".sfck");
                b.saveCheckpoint(ck);
                Trainer c = Trainer.resume(ck, scene, new RasterTrainRenderer(Rasterizers.create(dev), true), dev,
                        new CoreImageMetrics(dev));
                c.run(null, null);
                assertSameBits(a.cloud(), c.cloud(), strategy + " resumed across the prune");
            }
        }
    }

    static void assertSameBits(GaussianCloud x, GaussianCloud y, String what) {
        assertEquals(x.size(), y.size(), what + ": count");
        int n = x.size();
        assertArrayEquals(java.util.Arrays.copyOf(x.means(), n * 3), java.util.Arrays.copyOf(y.means(), n * 3), what + ": means");
        assertArrayEquals(java.util.Arrays.copyOf(x.logScales(), n * 3), java.util.Arrays.copyOf(y.logScales(), n * 3), what);
        assertArrayEquals(java.util.Arrays.copyOf(x.quats(), n * 4), java.util.Arrays.copyOf(y.quats(), n * 4), what);
        assertArrayEquals(java.util.Arrays.copyOf(x.opacityLogits(), n), java.util.Arrays.copyOf(y.opacityLogits(), n), what);
        assertArrayEquals(java.util.Arrays.copyOf(x.sh(), n * x.shCoeffs() * 3), java.util.Arrays.copyOf(y.sh(), n * y.shCoeffs() * 3), what);
    }
}
