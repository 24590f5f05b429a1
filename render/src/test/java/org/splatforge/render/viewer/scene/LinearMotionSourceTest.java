package org.splatforge.render.viewer.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.Test;
import org.splatforge.core.scene.GaussianCloud;

class LinearMotionSourceTest {

    @Test
    void meansMoveLinearlyAndTheBaseIsUntouched() {
        GaussianCloud base = GaussianCloud.create(2, 1);
        base.means()[0] = 1;
        base.means()[4] = 2;
        float[] vel = {1, 0, 0, 0, -2, 0};
        LinearMotionSource s = new LinearMotionSource("two", base, vel);
        assertEquals(2, s.size());
        assertEquals(1, s.shDegree());
        GaussianCloud c = s.at(0.25);
        assertArrayEquals(new float[] {1.25f, 0, 0, 0, 1.5f, 0}, java.util.Arrays.copyOf(c.means(), 6));
        assertArrayEquals(new float[] {1, 0, 0, 0, 2, 0}, java.util.Arrays.copyOf(base.means(), 6));
        assertNotSame(c, s.at(0.25), "a fresh cloud per call: the viewer owns it");
        assertEquals(0, new StaticSceneSource("s", base).endTime());
        assertEquals(1, s.endTime());
    }
}
