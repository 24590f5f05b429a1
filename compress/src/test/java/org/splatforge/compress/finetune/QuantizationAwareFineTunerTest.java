package org.splatforge.compress.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.CodecPlan;
import org.splatforge.compress.codec.EncodeResult;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.compress.eval.ImageQuality;
import org.splatforge.compress.eval.RenderedViews;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.eval.ViewEvaluator;
import org.splatforge.core.data.View;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;

/** The straight-through mapping renders what the decoder returns, and fine-tuning through it lowers the loss. */
class QuantizationAwareFineTunerTest {

    /** A cloud with random axis orders (so canonicalisation permutes) and random quaternions of any sign and norm. */
    static GaussianCloud shuffledFrames(long seed) {
        System.out.println("synthetic cloud n=700 degree 2 seed " + seed + ", frames shuffled");
        GaussianCloud c = SyntheticCloud.scene(700, 2, seed);
        Random r = new Random(seed);
        for (int i = 0; i < c.size(); i++) {
            float[] ls = c.logScales();
            for (int a = 2; a > 0; a--) { // random permutation of the axes
                int b = r.nextInt(a + 1);
                float t = ls[i * 3 + a];
                ls[i * 3 + a] = ls[i * 3 + b];
                ls[i * 3 + b] = t;
            }
            float norm = 0.5f + 2 * r.nextFloat() * (r.nextBoolean() ? 1 : -1);
            for (int a = 0; a < 4; a++) {
                c.quats()[i * 4 + a] = (float) r.nextGaussian() * norm;
            }
        }
        return c;
    }

    @Test
    void rawPlusOffsetsRendersLikeTheProjectionAndStaysCloseToRaw() {
        GaussianCloud c = shuffledFrames(5);
        try (CpuDevice dev = new CpuDevice(2)) {
            // Fine geometry (the old high preset's), so "close to raw" can be asserted tightly.
            CodecOptions o = CodecOptions.preset(Quality.HIGH).withPruneInvisible(false)
                    .withGeometry(1.0 / (1 << 16), 0.02, 1);
            CodecPlan plan = new SceneCodec(dev).encodeWithStats(c, o).plan();
            GaussianCloud proj = plan.project(c, dev);
            GaussianCloud delta = GaussianCloud.create(c.size(), c.shDegree());
            GaussianCloud shifted = GaussianCloud.create(c.size(), c.shDegree());
            StraightThrough.offsets(c, proj, delta, dev);
            StraightThrough.apply(c, delta, shifted, dev);
            double maxScale = 0, minQuatDot = 1;
            double[] cos = new double[c.size()];
            for (int i = 0; i < c.size(); i++) {
                for (int a = 0; a < 3; a++) {
                    maxScale = Math.max(maxScale, Math.abs(delta.logScales()[i * 3 + a]));
                }
                double dot = 0, n1 = 0, n2 = 0;
                for (int a = 0; a < 4; a++) {
                    dot += c.quats()[i * 4 + a] * shifted.quats()[i * 4 + a];
                    n1 += c.quats()[i * 4 + a] * c.quats()[i * 4 + a];
                    n2 += shifted.quats()[i * 4 + a] * shifted.quats()[i * 4 + a];
                }
                cos[i] = dot / Math.sqrt(n1 * n2);
                minQuatDot = Math.min(minQuatDot, cos[i]);
                assertEquals(Math.sqrt(n1), Math.sqrt(n2), 1e-4 * Math.sqrt(n1), "quaternion norm kept, Gaussian " + i);
            }
            System.out.printf("max |log-scale offset| %.4f (step %.3f); min cos(raw, shifted quat) %.5f%n", maxScale,
                    o.scaleStep(), minQuatDot);
            assertTrue(maxScale <= 0.5 * o.scaleStep() + 1e-5, "each axis keeps its own scale: " + maxScale);
            // Rotation error is bounded in world units (the boundary of the ellipsoid), so nearly
            // round Gaussians may turn further; the typical one barely moves, none flips.
            Arrays.sort(cos);
            assertTrue(cos[cos.length / 2] > 0.9999, "median cos " + cos[cos.length / 2]);
            assertTrue(minQuatDot > 0, "same hemisphere as the raw quaternion: " + minQuatDot);
            // Same covariances, so the same images (to float rounding).
            try (Rasterizer r = Rasterizers.create(dev)) {
                for (View v : RenderedViews.of(c, dev, 3)) {
                    float[] a = r.forward(proj, v.camera(), RasterSettings.defaults()).imageCopy();
                    float[] b = r.forward(shifted, v.camera(), RasterSettings.defaults()).imageCopy();
                    double maxDiff = 0;
                    for (int p = 0; p < a.length; p++) {
                        maxDiff = Math.max(maxDiff, Math.abs(a[p] - b[p]));
                    }
                    assertTrue(maxDiff < 2e-3, v.name() + ": renders differ by " + maxDiff);
                }
            }
        }
    }

    @Test
    void fineTuningLowersTheLossOfTheDecodedSceneOnItsTrainingViews() throws IOException {
        System.out.println("ground truth: synthetic cloud n=500 degree 1 seed 12; 6 rendered views");
        GaussianCloud truth = SyntheticCloud.scene(500, 1, 12);
        try (CpuDevice dev = new CpuDevice(2)) {
            List<View> views = RenderedViews.of(truth, dev, 6);
            SceneViews sv = new SceneViews(views, List.of(), new float[] {1, 1, 1});
            // Prune 40%: the survivors have to fill in, which is what fine-tuning wins back.
            CodecOptions small = CodecOptions.preset(Quality.SMALL).withPruneFraction(0.4);
            SceneCodec codec = new SceneCodec(dev);
            QuantizationAwareFineTuner tuner = new QuantizationAwareFineTuner(sv, dev,
                    FineTuneConfig.defaults(200));
            EncodeResult plain = codec.encodeWithStats(truth, small);
            EncodeResult tuned = codec.encodeWithStats(truth.copy(), small.withFineTune(tuner));
            assertEquals(plain.count(), tuned.count(), "fine-tuning keeps every Gaussian");
            try (ViewEvaluator e = new ViewEvaluator(views, dev)) {
                ImageQuality before = e.measure(codec.decode(plain.bytes()));
                ImageQuality after = e.measure(codec.decode(tuned.bytes()));
                System.out.printf("decoded PSNR on the training views: %.3f dB without, %.3f dB with fine-tuning; "
                        + "loss %.5f -> %.5f; bytes %d -> %d%n", before.psnr(), after.psnr(), tuner.firstEpochLoss(),
                        tuner.lastEpochLoss(), plain.bytes().length, tuned.bytes().length);
                assertTrue(tuner.lastEpochLoss() < tuner.firstEpochLoss(), "the training loss falls");
                assertTrue(tuner.lossAfter() < tuner.lossBefore(), "and the decoded scene's loss too");
                assertTrue(after.psnr() > before.psnr() + 0.5, "the decoded archive renders better: " + before + " vs "
                        + after);
            }
            // Deterministic: the same bytes again.
            QuantizationAwareFineTuner again = new QuantizationAwareFineTuner(sv, dev,
                    FineTuneConfig.defaults(200));
            byte[] twice = codec.encodeWithStats(truth.copy(), small.withFineTune(again)).bytes();
            assertTrue(Arrays.equals(tuned.bytes(), twice));
        }
    }

    @Test
    void aFineTuningThatMakesTheDecodedSceneWorseIsDropped() {
        System.out.println("ground truth: synthetic cloud n=300 degree 1 seed 21; 4 rendered views");
        GaussianCloud truth = SyntheticCloud.scene(300, 1, 21);
        try (CpuDevice dev = new CpuDevice(2)) {
            List<View> views = RenderedViews.of(truth, dev, 4);
            SceneViews sv = new SceneViews(views, List.of(), new float[] {1, 1, 1});
            CodecOptions o = CodecOptions.preset(Quality.MEDIUM);
            SceneCodec codec = new SceneCodec(dev);
            // Rates 300x the defaults, no decay: the steps overshoot every time.
            QuantizationAwareFineTuner wild = new QuantizationAwareFineTuner(sv, dev,
                    FineTuneConfig.defaults(20).withLrScale(300).withFinalLrFactor(1));
            EncodeResult plain = codec.encodeWithStats(truth, o);
            EncodeResult tuned = codec.encodeWithStats(truth, o.withFineTune(wild));
            System.out.printf("decoded training loss %.5f without, %.5f with wild fine-tuning%n", wild.lossBefore(),
                    wild.lossAfter());
            assertTrue(!(wild.lossAfter() <= wild.lossBefore()), "the wild run is worse: " + wild.lossAfter());
            assertArrayEquals(plain.bytes(), tuned.bytes(), "so the archive is the one without fine-tuning");
        }
    }
}
