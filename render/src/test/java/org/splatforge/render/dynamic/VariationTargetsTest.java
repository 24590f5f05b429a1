package org.splatforge.render.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;
import org.splatforge.render.train.TinyScenes.MemoryView;
import org.splatforge.render.train.TrainingScene;
import org.splatforge.render.train.TrainingView;

/** Per-pixel temporal variation for fixed cameras; none for monocular sequences. */
class VariationTargetsTest {

    private static Camera cam(double x, double t) {
        return Camera.lookAt(new double[] {x, 0, 3}, new double[3], new double[] {0, -1, 0}, 17, 3, 0.7).withTime(t);
    }

    @Test
    void fixedCamerasGetTheStandardDeviationOverTheirFrames() {
        List<TrainingView> views = new ArrayList<>();
        for (int cam = 0; cam < 2; cam++) {
            for (int f = 0; f < 4; f++) {
                float[] rgb = new float[17 * 3 * 3];
                java.util.Arrays.fill(rgb, 0.5f);
                rgb[0] = rgb[1] = rgb[2] = (f % 2) * 0.04f; // pixel 0 flickers between 0 and 0.04: std 0.02
                views.add(new MemoryView(cam(cam, f / 3.0), "train/" + cam + "_" + f, rgb, filled(17 * 3)));
            }
        }
        TrainingScene scene = new TrainingScene("mv", views, List.of(), new float[3], new float[3], 1, new float[3]);
        VariationTargets t = VariationTargets.of(scene);
        float[] map = t.map(views.get(5), new float[3]);
        assertEquals(0.02 / VariationTargets.SCALE, map[0], 1e-5);
        assertEquals(0, map[1], 1e-6);
        assertEquals(17 * 3, map.length);
    }

    @Test
    void aMonocularSequenceHasNoTimeSeries() {
        List<TrainingView> views = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            views.add(new MemoryView(cam(f * 0.1, f / 5.0), "train/" + f, new float[17 * 3 * 3], filled(17 * 3)));
        }
        assertNull(VariationTargets.of(new TrainingScene("mono", views, List.of(), new float[3], new float[3], 1, new float[3])));
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
