package org.splatforge.core.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CameraTest {

    /** Projects a world point to pixel coordinates {u, v, z}. */
    static double[] project(Camera c, double[] p) {
        double[] t = new double[3];
        for (int r = 0; r < 3; r++) {
            t[r] = c.view(r, 0) * p[0] + c.view(r, 1) * p[1] + c.view(r, 2) * p[2] + c.view(r, 3);
        }
        return new double[] {c.fx() * t[0] / t[2] + c.cx(), c.fy() * t[1] / t[2] + c.cy(), t[2]};
    }

    @Test
    void nerfCameraLooksDownItsMinusZAxisWithYUp() {
        // Blender camera at (0, 0, 5) looking down -z (identity rotation), y up.
        double[] c2w = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 5, 0, 0, 0, 1};
        Camera cam = Camera.fromNerf(c2w, 400, 300, Math.toRadians(60));
        assertArrayEquals(new double[] {0, 0, 5}, cam.center(), 1e-12);
        double[] centre = project(cam, new double[] {0, 0, 0});
        assertArrayEquals(new double[] {200, 150, 5}, centre, 1e-9);
        // World +y is up in Blender, so it lands above the centre (smaller row).
        double[] up = project(cam, new double[] {0, 1, 0});
        assertEquals(200, up[0], 1e-9);
        assertEquals(true, up[1] < 150);
        // World +x is right.
        assertEquals(true, project(cam, new double[] {1, 0, 0})[0] > 200);
        assertEquals(0.5 * 400 / Math.tan(Math.toRadians(30)), cam.fx(), 1e-9);
    }

    @Test
    void colmapIdentityPoseIsTheOpenCvCamera() {
        Camera cam = Camera.fromColmap(new double[] {1, 0, 0, 0}, new double[] {0, 0, 2}, 100, 80, 50, 50, 50, 40);
        assertArrayEquals(new double[] {0, 0, -2}, cam.center(), 1e-12);
        assertArrayEquals(new double[] {50 + 50.0 / 3, 40, 3}, project(cam, new double[] {1, 0, 1}), 1e-9);
    }

    @Test
    void lookAtPutsTheTargetAtThePrincipalPoint() {
        Camera cam = Camera.lookAt(new double[] {3, 2, 1}, new double[] {0, 0, 0}, new double[] {0, 0, 1},
                64, 48, Math.toRadians(50));
        double[] p = project(cam, new double[] {0, 0, 0});
        assertEquals(32, p[0], 1e-9);
        assertEquals(24, p[1], 1e-9);
        // World up (+z) projects above the centre.
        assertEquals(true, project(cam, new double[] {0, 0, 0.5})[1] < 24);
        assertThrows(IllegalArgumentException.class, () -> Camera.lookAt(new double[] {0, 0, 1},
                new double[] {0, 0, 0}, new double[] {0, 0, 1}, 10, 10, 1));
    }

    @Test
    void downscalingScalesIntrinsicsWithTheImage() {
        Camera cam = new Camera(400, 400, 300, 300, 200, 200, Camera.invert(
                new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}));
        Camera half = cam.downscaled(2);
        assertEquals(200, half.width());
        assertEquals(150, half.fx(), 1e-12);
        assertEquals(100, half.cy(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> cam.downscaled(0));
        assertThrows(IllegalArgumentException.class, () -> new Camera(0, 1, 1, 1, 0, 0, new double[16]));
    }
}
