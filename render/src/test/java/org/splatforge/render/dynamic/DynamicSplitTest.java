package org.splatforge.render.dynamic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.optim.TrainableCloud;
import org.splatforge.render.train.DynamicSettings;
import org.splatforge.render.train.TinyScenes.MemoryView;
import org.splatforge.render.train.TrainingScene;
import org.splatforge.render.train.TrainingView;

/** The split: fixed cameras supervise the scores with per-pixel temporal variation, monocular runs with the field's motion. */
class DynamicSplitTest {

    @Test
    void scoresFollowThePixelsThatChangeOverTime() {
        int w = 40, h = 24;
        Camera base = Camera.lookAt(new double[] {0, 0, 3}, new double[3], new double[] {0, -1, 0}, w, h, 0.7);
        List<TrainingView> views = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            float[] rgb = new float[w * h * 3];
            for (int p = 0; p < w * h; p++) {
                float v = p % w < w / 2 ? 0.1f * f : 0.5f; // the left half flickers, the right half is still
                rgb[p * 3] = rgb[p * 3 + 1] = rgb[p * 3 + 2] = v;
            }
            float[] alpha = new float[w * h];
            java.util.Arrays.fill(alpha, 1f);
            views.add(new MemoryView(base.withTime(f / 2.0), "train/" + f, rgb, alpha));
        }
        TrainingScene scene = new TrainingScene("flicker", views, List.of(), new float[3], new float[3], 1, new float[3]);
        GaussianCloud c = GaussianCloud.create(2, 0);
        for (int i = 0; i < 2; i++) {
            c.means()[i * 3] = i == 0 ? -0.5f : 0.5f;
            for (int a = 0; a < 3; a++) {
                c.logScales()[i * 3 + a] = (float) Math.log(0.15);
            }
            c.opacityLogits()[i] = 3f;
        }
        DynamicSettings s = new DynamicSettings();
        s.split = true;
        s.splitEvery = 1;
        try (Device dev = new CpuDevice(2)) {
            TrainableCloud model = TrainableCloud.of(c, dev);
            DynamicSplit split = new DynamicSplit(s, scene, model, dev);
            for (int it = 1; it <= 40; it++) {
                split.supervise(model, model.cloud(), views.get(it % 3), new float[w * h * 3], new float[3], 0, it);
            }
            float[] score = model.extra(split.handle());
            // which Gaussian projects into the flickering (left) half
            int left = u(base, c, 0) < w / 2.0 ? 0 : 1;
            System.out.printf("scores: left %.3f, right %.3f%n", score[left], score[1 - left]);
            assertTrue(u(base, c, left) < w / 2.0 && u(base, c, 1 - left) > w / 2.0, "one Gaussian on each side");
            assertTrue(score[left] > 0.5f, "the Gaussian over changing pixels turns dynamic: " + score[left]);
            assertTrue(score[1 - left] < -0.5f, "the Gaussian over still pixels turns static: " + score[1 - left]);
            split.select(model);
            assertTrue(split.count() == 1, "one of two Gaussians queries the field");
            assertFalse(split.motionDecides(), "a fixed camera seen over time: the per-pixel variation decides");
            s.splitSignal = "motion";
            assertTrue(new DynamicSplit(s, scene, TrainableCloud.of(c, dev), dev).motionDecides(),
                    "splitSignal=motion uses the field's motion even with a time series");
        }
    }

    @Test
    void monocularScoresComeFromTheFieldsMotion() {
        int w = 16, h = 12;
        List<TrainingView> views = new ArrayList<>();
        for (int f = 0; f < 3; f++) { // one pose per time: no camera has a time series
            Camera cam = Camera.lookAt(new double[] {f, 0, 3}, new double[3], new double[] {0, -1, 0}, w, h, 0.7);
            views.add(new MemoryView(cam.withTime(f / 2.0), "train/" + f, new float[w * h * 3], new float[w * h]));
        }
        TrainingScene scene = new TrainingScene("mono", views, List.of(), new float[3], new float[3], 1, new float[3]);
        DynamicSettings s = new DynamicSettings();
        s.split = true;
        s.splitWarmup = 10;
        s.splitGateEvery = 5;
        s.splitMotion = 1e-4f;
        DeformationField field = FieldFixtures.halfMovingField(MotionGateTest.CFG, 3);
        try (Device dev = new CpuDevice(2)) {
            TrainableCloud model = TrainableCloud.of(MotionGateTest.pair(), dev);
            DynamicSplit split = new DynamicSplit(s, scene, model, dev);
            assertTrue(split.motionDecides());
            s.splitSignal = "variation";
            assertThrows(IllegalArgumentException.class, () -> new DynamicSplit(s, scene, model, dev),
                    "variation needs a camera seen over time");
            s.splitSignal = "auto";
            split.start(model);
            split.select(model);
            assertEquals(2, split.count(), "every Gaussian starts dynamic");
            assertFalse(split.gate(model, field, 9, true), "no decision during the warm-up");
            float[] still = java.util.Arrays.copyOf(model.cloud().means(), 3), moving = java.util.Arrays.copyOfRange(model.cloud().means(), 3, 6);
            assertTrue(split.gate(model, field, 10, true));
            float[] score = model.extra(split.handle());
            assertEquals(-1f, score[0], "the Gaussian the field holds still turns static");
            assertEquals(1f, score[1], "the moving one stays dynamic");
            assertArrayEquals(moving, java.util.Arrays.copyOfRange(model.cloud().means(), 3, 6), "a Gaussian that stays is not moved");
            float[] d = new float[2 * FieldConfig.OUTPUTS];
            field.forward(dev, still, null, 1, 0.5f, d);
            assertArrayEquals(new float[] {still[0] + d[0], still[1] + d[1], still[2] + d[2]},
                    java.util.Arrays.copyOf(model.cloud().means(), 3), 1e-6f, "frozen where the field put it");
            assertFalse(split.gate(model, field, 12, true), "between decisions nothing changes");
            float[] frozen = java.util.Arrays.copyOf(model.cloud().means(), 3);
            score[0] = -1f;
            score[1] = -1f; // a moving Gaussian that is static already stays static, unchanged
            assertTrue(split.gate(model, field, 15, true));
            assertArrayEquals(new float[] {-1f, -1f}, java.util.Arrays.copyOf(model.extra(split.handle()), 2));
            assertArrayEquals(frozen, java.util.Arrays.copyOf(model.cloud().means(), 3), "baked once only");
            assertArrayEquals(moving, java.util.Arrays.copyOfRange(model.cloud().means(), 3, 6));
            split.select(model);
            assertEquals(0, split.count());
            assertEquals(0, split.supervise(model, model.cloud(), views.get(0), new float[w * h * 3], new float[3], 0, 5),
                    "no per-pixel supervision without a time series");
        }
    }

    private static double u(Camera cam, GaussianCloud c, int i) {
        double[] m = cam.viewmat();
        double x = c.means()[i * 3], y = c.means()[i * 3 + 1], z = c.means()[i * 3 + 2];
        double xc = m[0] * x + m[1] * y + m[2] * z + m[3], zc = m[8] * x + m[9] * y + m[10] * z + m[11];
        return cam.fx() * xc / zc + cam.cx();
    }
}
