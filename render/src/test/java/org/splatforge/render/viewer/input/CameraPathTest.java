package org.splatforge.render.viewer.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;

class CameraPathTest {

    @Test
    void orbitCirclesTheCentreCounterClockwiseSeenFromAbove() {
        double[] centre = {0.5, -1, 2};
        CameraPath p = CameraPath.orbit(centre, 3, Math.toRadians(30), new double[] {0, 0, 1}, Math.toRadians(50));
        double prevAngle = Double.NaN;
        for (int k = 0; k < 8; k++) {
            Camera c = p.camera(k, 8, 320, 240);
            double[] e = c.center();
            double dx = e[0] - centre[0], dy = e[1] - centre[1], dz = e[2] - centre[2];
            assertEquals(3, Math.sqrt(dx * dx + dy * dy + dz * dz), 1e-9);
            assertEquals(3 * Math.sin(Math.toRadians(30)), dz, 1e-9);
            double[] uv = ViewControllerTest.project(c, centre);
            assertEquals(160, uv[0], 1e-6);
            assertEquals(120, uv[1], 1e-6);
            double a = Math.atan2(dy, dx);
            if (!Double.isNaN(prevAngle)) {
                double step = Math.IEEEremainder(a - prevAngle, 2 * Math.PI);
                assertEquals(2 * Math.PI / 8, step, 1e-9, "counter-clockwise about +z");
            }
            prevAngle = a;
        }
        assertTrue(p.camera(0, 8, 32, 24).width() == 32);
    }
}
