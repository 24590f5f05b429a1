package org.splatforge.render.dynamic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/** The monocular split decision: what the field moves is dynamic, and freezing keeps a Gaussian at its mean state. */
class MotionGateTest {

    static final FieldConfig CFG = new FieldConfig(8, 2, 8, 4, 16, 1);
    static final MotionGate.Thresholds TIGHT = new MotionGate.Thresholds(1e-4f, 1e-4f, 1e-4f, 1e-4f);

    /** Two Gaussians: index 0 where the field is still (x = -0.6), index 1 where it moves (x = +0.6). */
    static GaussianCloud pair() {
        GaussianCloud c = GaussianCloud.create(2, 0);
        float[][] pos = {{-0.6f, 0.1f, -0.2f}, {0.6f, -0.1f, 0.3f}};
        for (int i = 0; i < 2; i++) {
            System.arraycopy(pos[i], 0, c.means(), i * 3, 3);
            c.quats()[i * 4] = 1;
            c.logScales()[i * 3] = -2;
        }
        return c;
    }

    @Test
    void marksOnlyWhatTheFieldMovesOverTime() {
        DeformationField f = FieldFixtures.halfMovingField(CFG, 3);
        try (Device dev = new CpuDevice(2)) {
            boolean[] dyn = new MotionGate().measure(f, pair(), TIGHT, dev);
            assertFalse(dyn[0], "the field's deltas at x < 0 do not change with time");
            assertTrue(dyn[1], "the field's deltas at x > 0 do");
            boolean[] loose = new MotionGate().measure(f, pair(), new MotionGate.Thresholds(1e3f, 1f, 1e3f, 1e3f), dev);
            assertFalse(loose[1], "nothing is dynamic when no threshold can be crossed");
        }
    }

    @Test
    void meanIsTheAverageDeltaAndBakingFreezesThere() {
        DeformationField f = FieldFixtures.randomField(CFG, 5);
        GaussianCloud c = pair();
        try (Device dev = new CpuDevice(2)) {
            MotionGate g = new MotionGate();
            g.measure(f, c, TIGHT, dev);
            float[] expect = new float[2 * FieldConfig.OUTPUTS], d = new float[2 * FieldConfig.OUTPUTS];
            for (int s = 0; s < MotionGate.TIMES; s++) {
                f.forward(dev, c.means(), null, 2, s / (float) (MotionGate.TIMES - 1), d);
                for (int j = 0; j < d.length; j++) {
                    expect[j] += d[j] / MotionGate.TIMES;
                }
            }
            assertArrayEquals(expect, java.util.Arrays.copyOf(g.mean(), expect.length), 1e-6f);
            GaussianCloud before = c.copy();
            g.bake(c, 1, 1, true);
            int r = FieldConfig.OUTPUTS;
            for (int a = 0; a < 3; a++) {
                assertEquals(before.means()[3 + a] + expect[r + a], c.means()[3 + a], 1e-6f);
                assertEquals(before.logScales()[3 + a] + expect[r + 3 + a], c.logScales()[3 + a], 1e-6f);
            }
            assertEquals(before.quats()[4] + expect[r + 6], c.quats()[4], 1e-6f);
            assertEquals(before.opacityLogits()[1] + expect[r + 10], c.opacityLogits()[1], 1e-6f);
            assertEquals(before.means()[0], c.means()[0], "Gaussian 0 untouched");
            g.bake(c, 1, -1, false);
            assertEquals(before.means()[3], c.means()[3], 1e-6f, "-1 undoes +1");
            assertEquals(before.opacityLogits()[1] + expect[r + 10], c.opacityLogits()[1], 1e-6f,
                    "opacity stays when the field does not deform it");
        }
    }
}
