package org.splatforge.compress.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.EncodeResult;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.compress.eval.ImageQuality;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.eval.ViewEvaluator;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.View;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

/** Pseudo views surround the scene and show it; fine-tuning on them pulls a pruned archive back towards the scene. */
class PseudoViewsTest {

    @Test
    void camerasCircleTheSceneAtTheDistanceAndLookAtItsCentre() {
        double[] c = {0.5, -1, 2};
        double r = 1.5;
        int count = 37;
        int below = 0, above = 0;
        for (int i = 0; i < count; i++) {
            Camera cam = PseudoViews.camera(i, count, c, r, 2.0, 33, 0.9);
            double[] eye = cam.center();
            double d = Math.sqrt(Math.pow(eye[0] - c[0], 2) + Math.pow(eye[1] - c[1], 2) + Math.pow(eye[2] - c[2], 2));
            assertEquals(2.0 * r, d, 1e-9, "camera " + i + " at distance * radius");
            // The centre projects to the principal point (the image centre).
            double[] m = cam.viewmat();
            double x = m[0] * c[0] + m[1] * c[1] + m[2] * c[2] + m[3];
            double y = m[4] * c[0] + m[5] * c[1] + m[6] * c[2] + m[7];
            double z = m[8] * c[0] + m[9] * c[1] + m[10] * c[2] + m[11];
            assertTrue(z > 0, "centre in front of camera " + i);
            assertEquals(0, x / z, 1e-9);
            assertEquals(0, y / z, 1e-9);
            if (eye[2] < c[2]) {
                below++;
            } else {
                above++;
            }
        }
        assertTrue(below >= count / 2 - 1 && above >= count / 2 - 1, "both hemispheres: " + below + " / " + above);
    }

    @Test
    void rendersShowTheSceneDeterministicallyAndRejectBadSettings() {
        System.out.println("synthetic cloud n=400 degree 1 seed 3");
        GaussianCloud c = SyntheticCloud.scene(400, 1, 3);
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneViews a = PseudoViews.render(c, 9, 33, 2.0, 0.95, dev);
            SceneViews b = PseudoViews.render(c, 9, 33, 2.0, 0.95, dev);
            assertEquals(9, a.train().size());
            assertTrue(a.test().isEmpty());
            for (int v = 0; v < 9; v++) {
                View va = a.train().get(v);
                assertEquals(33, va.width());
                assertEquals(33, va.height());
                float[] img = va.image().data();
                assertArrayEquals(img, b.train().get(v).image().data(), "view " + v + " is deterministic");
                long lit = 0;
                for (float p : img) {
                    lit += p > 0.02f ? 1 : 0;
                }
                assertTrue(lit > img.length / 20, "view " + v + " shows the scene: " + lit + " of " + img.length);
            }
            assertThrows(IllegalArgumentException.class, () -> PseudoViews.render(c, 0, 33, 2, 0.9, dev));
            assertThrows(IllegalArgumentException.class, () -> PseudoViews.render(c, 4, 4, 2, 0.9, dev));
            assertThrows(IllegalArgumentException.class, () -> PseudoViews.render(c, 4, 33, 0, 0.9, dev));
            assertThrows(IllegalArgumentException.class, () -> PseudoViews.render(c, 4, 33, 2, Math.PI, dev));
        }
    }

    @Test
    void selfDistillationRecoversPruningLossOnViewsItNeverSaw() throws Exception {
        System.out.println("synthetic cloud n=600 degree 1 seed 8; 24 pseudo views of 40x40; held-out: 7 others");
        GaussianCloud truth = SyntheticCloud.scene(600, 1, 8);
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneViews train = PseudoViews.render(truth, 24, 40, 2.0, 0.95, dev);
            // Held-out views: the same sphere sampled with another count, so no camera is shared.
            SceneViews held = PseudoViews.render(truth, 7, 40, 2.3, 0.95, dev);
            CodecOptions o = CodecOptions.preset(Quality.MEDIUM).withPruneFraction(0.3);
            SceneCodec codec = new SceneCodec(dev);
            QuantizationAwareFineTuner tuner = new QuantizationAwareFineTuner(train, dev,
                    FineTuneConfig.distillation(150));
            EncodeResult plain = codec.encodeWithStats(truth, o);
            EncodeResult tuned = codec.encodeWithStats(truth.copy(), o.withFineTune(tuner));
            assertEquals(plain.count(), tuned.count());
            try (ViewEvaluator e = new ViewEvaluator(held.train(), dev)) {
                ImageQuality before = e.measure(codec.decode(plain.bytes()));
                ImageQuality after = e.measure(codec.decode(tuned.bytes()));
                System.out.printf("held-out PSNR against the scene's own renders: %.3f dB plain, %.3f dB distilled; "
                        + "pseudo-view loss %.5f -> %.5f%n", before.psnr(), after.psnr(), tuner.lossBefore(),
                        tuner.lossAfter());
                assertTrue(tuner.lossAfter() < tuner.lossBefore(), "the decoded pseudo-view loss falls");
                assertTrue(after.psnr() > before.psnr(), "and the archive renders closer to the scene elsewhere too");
            }
            QuantizationAwareFineTuner again = new QuantizationAwareFineTuner(train, dev,
                    FineTuneConfig.distillation(150));
            assertTrue(Arrays.equals(tuned.bytes(), codec.encodeWithStats(truth.copy(), o.withFineTune(again)).bytes()),
                    "deterministic");
        }
    }
}
