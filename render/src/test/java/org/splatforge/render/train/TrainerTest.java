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
