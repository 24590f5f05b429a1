package org.splatforge.render.dynamic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.Rasterizers;
import org.splatforge.render.train.CoreImageMetrics;
import org.splatforge.render.train.EvalResult;
import org.splatforge.render.train.RasterTrainRenderer;
import org.splatforge.render.train.TrainConfig;
import org.splatforge.render.train.Trainer;
import org.splatforge.render.train.TrainingScene;

/** Coarse-then-fine training of a canonical cloud plus field on a tiny moving scene. */
class DynamicTrainingTest {

    private static final long SEED = 11L;

    static TrainConfig config(int iterations, boolean dynamic) {
        TrainConfig c = TrainConfig.forIterations(iterations);
        c.seed = SEED;
        c.shDegree = 0;
        c.checkpointEvery = 0;
        c.dynamic.enabled = dynamic;
        c.dynamic.coarseIterations = iterations / 4;
        return c;
    }

    static Trainer trainer(TrainConfig cfg, TrainingScene scene, Device dev) {
        return Trainer.create(cfg, scene, new RasterTrainRenderer(Rasterizers.create(dev), true), dev,
                new CoreImageMetrics(dev), cfg.dynamic.enabled ? FieldDeformer.factory() : null);
    }

    @Test
    void theFieldFitsMotionAStaticCloudCannot() throws Exception {
        System.out.println("[seed] DynamicTrainingTest.theFieldFitsMotionAStaticCloudCannot = " + SEED);
        try (Device dev = new CpuDevice(2)) {
            TrainingScene scene = TinyDynamicScene.scene(SEED, 30, 32, 40, 5, 300, dev);
            Trainer stat = trainer(config(500, false), scene, dev);
            EvalResult s = stat.run(null, null);
            Trainer dyn = trainer(config(500, true), scene, dev);
            EvalResult d = dyn.run(null, null);
            TrainConfig sc = config(500, true);
            sc.dynamic.split = true;
            sc.dynamic.splitWarmup = 150; // of 375 fine iterations
            sc.dynamic.splitGateEvery = 100;
            Trainer spl = trainer(sc, scene, dev);
            EvalResult sp = spl.run(null, null);
            double frac = ((FieldDeformer) spl.deformer()).dynamicFraction();
            System.out.printf("tiny dynamic scene: static PSNR %.2f dB (%d Gaussians), dynamic %.2f dB (%d Gaussians),"
                    + " split %.2f dB (%d Gaussians, %.1f%% dynamic)%n", s.psnr(), stat.cloud().size(), d.psnr(),
                    dyn.cloud().size(), sp.psnr(), spl.cloud().size(), 100 * frac);
            assertNotNull(((FieldDeformer) dyn.deformer()).field(), "the fine stage created the field");
            assertTrue(d.psnr() > s.psnr() + 2, "the deformation field should beat a static cloud on moving content: "
                    + d.psnr() + " vs " + s.psnr());
            // half of the hidden cloud moves; Gaussians in empty space and on the still half turn static
            assertTrue(frac > 0.1 && frac < 0.9, "the split marks part of the cloud static: " + frac);
            assertTrue(sp.psnr() > s.psnr() + 2, "with the split, still better than a static cloud: " + sp.psnr());
        }
    }

    @Test
    void resumingInTheFineStageGivesTheUninterruptedResult(@TempDir Path dir) throws Exception {
        System.out.println("[seed] DynamicTrainingTest.resumingInTheFineStageGivesTheUninterruptedResult = " + SEED);
        try (Device dev = new CpuDevice(2)) {
            TrainingScene scene = TinyDynamicScene.scene(SEED, 20, 32, 16, 2, 200, dev);
            TrainConfig cfg = config(120, true);
            cfg.dynamic.split = true; // the scores and baked Gaussians go through the checkpoint too
            cfg.dynamic.splitWarmup = 20; // decisions at iterations 50, 70 (the checkpoint) and 90
            cfg.dynamic.splitGateEvery = 20;
            Trainer full = trainer(cfg, scene, dev);
            full.run(null, null);
            Trainer first = trainer(cfg, scene, dev);
            for (int i = 0; i < 70; i++) {
                first.step();
            }
            Path ck = dir.resolve("ck.sfck");
            first.saveCheckpoint(ck);
            Trainer resumed = Trainer.resume(org.splatforge.render.train.TrainCheckpoint.read(ck), scene,
                    new RasterTrainRenderer(Rasterizers.create(dev), true), dev, new CoreImageMetrics(dev), FieldDeformer.factory());
            resumed.run(null, null);
            GaussianCloud a = full.cloud(), b = resumed.cloud();
            assertArrayEquals(java.util.Arrays.copyOf(a.means(), a.size() * 3), java.util.Arrays.copyOf(b.means(), b.size() * 3));
            DeformationField fa = ((FieldDeformer) full.deformer()).field(), fb = ((FieldDeformer) resumed.deformer()).field();
            assertArrayEquals(fa.planes(), fb.planes());
            assertArrayEquals(fa.mlp(), fb.mlp());
        }
    }
}
