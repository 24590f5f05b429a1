package org.splatforge.render.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;

class TemporalFlickerTest {

    @Test
    void measuresExtraFrameToFrameChangeOfAFixedCamera() {
        Camera a = Camera.lookAt(new double[] {0, 0, 3}, new double[3], new double[] {0, -1, 0}, 5, 3, 0.7);
        Camera b = Camera.lookAt(new double[] {1, 0, 3}, new double[3], new double[] {0, -1, 0}, 5, 3, 0.7);
        TemporalFlicker f = new TemporalFlicker();
        int n = 5 * 3 * 3;
        for (int t = 0; t < 4; t++) {
            float[] truth = new float[n], render = new float[n];
            java.util.Arrays.fill(truth, 0.1f * t);               // the scene brightens by 0.1 per frame
            java.util.Arrays.fill(render, 0.1f * t + (t % 2) * 0.05f); // the render also flickers by 0.05
            f.add(a, render, truth);
            f.add(b, truth, truth); // a second camera that renders perfectly
        }
        assertEquals(6, f.pairs());
        // camera a: |diff| 0.15, 0.05, 0.15 vs 0.1; camera b: 0.1 vs 0.1
        assertEquals((0.15 + 0.05 + 0.15 + 0.3) / 6, f.renderChange(), 1e-6);
        assertEquals(0.1, f.truthChange(), 1e-6);
        assertTrue(f.flicker() > 0);
        TemporalFlicker mono = new TemporalFlicker();
        mono.add(a, new float[n], new float[n]);
        mono.add(b, new float[n], new float[n]);
        assertEquals(0, mono.pairs());
        assertTrue(Double.isNaN(mono.flicker()));
    }
}
