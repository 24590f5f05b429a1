package org.splatforge.render.viewer.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;

/** The camera controls move the view the way the help text says. */
class ViewControllerTest {

    static double[] project(Camera c, double[] p) {
        double[] t = new double[3];
        for (int r = 0; r < 3; r++) {
            t[r] = c.view(r, 0) * p[0] + c.view(r, 1) * p[1] + c.view(r, 2) * p[2] + c.view(r, 3);
        }
        return new double[] {c.fx() * t[0] / t[2] + c.cx(), c.fy() * t[1] / t[2] + c.cy(), t[2]};
    }

    private static ViewController controller() {
        ViewController v = new ViewController();
        v.setUp(new double[] {0, 0, 1});
        v.setHome(new double[] {1, 2, 3}, 2);
        v.reset();
        return v;
    }

    @Test
    void resetLooksAtTheCentreWithUpUp() {
        ViewController v = controller();
        Camera c = v.camera(800, 600, 0);
        double[] centre = project(c, new double[] {1, 2, 3});
        assertEquals(400, centre[0], 1e-6);
        assertEquals(300, centre[1], 1e-6);
        double[] above = project(c, new double[] {1, 2, 3.5});
        assertTrue(above[1] < centre[1], "a point above the centre is higher on screen (smaller v)");
        assertArrayEquals(new double[] {1, 2, 3}, v.pivot(), 1e-9);
    }

    @Test
    void orbitKeepsTheDistanceAndThePivotOnScreenCentre() {
        ViewController v = controller();
        double d = v.distance();
        double[] eye0 = v.eye();
        v.orbit(0.3, 0.2);
        double[] eye = v.eye(), pivot = v.pivot();
        assertArrayEquals(new double[] {1, 2, 3}, pivot, 1e-9);
        double dist = Math.sqrt(Math.pow(eye[0] - 1, 2) + Math.pow(eye[1] - 2, 2) + Math.pow(eye[2] - 3, 2));
        assertEquals(d, dist, 1e-9);
        assertTrue(eye[2] > eye0[2], "positive pitch raises the eye");
        // Positive yaw moves the camera to its right: the eye moves along the old right axis.
        ViewController w = controller();
        Camera before = w.camera(800, 600, 0);
        double[] right = {before.view(0, 0), before.view(0, 1), before.view(0, 2)};
        double[] e0 = w.eye();
        w.orbit(0.1, 0);
        double[] e1 = w.eye();
        double along = (e1[0] - e0[0]) * right[0] + (e1[1] - e0[1]) * right[1] + (e1[2] - e0[2]) * right[2];
        assertTrue(along > 0, "yaw > 0 moves the eye to the camera's right, got " + along);
        double[] c = project(w.camera(800, 600, 0), new double[] {1, 2, 3});
        assertEquals(400, c[0], 1e-6);
        assertEquals(300, c[1], 1e-6);
    }

    @Test
    void orbitStopsShortOfThePole() {
        ViewController v = controller();
        v.orbit(0, 10); // far past straight down
        Camera c = v.camera(100, 100, 0);
        double fz = c.view(2, 2);
        assertTrue(fz > -1 && fz < -0.99, "looking almost straight down, not over the top: " + fz);
    }

    @Test
    void panMovesThePivotByTheCursorOffset() {
        ViewController v = controller();
        Camera c0 = v.camera(800, 600, 0);
        double[] pivot0 = v.pivot();
        v.pan(40, -25, 600);
        // The old pivot now appears 40 px right and 25 px up of the centre, as if dragged there.
        double[] p = project(v.camera(800, 600, 0), pivot0);
        assertEquals(440, p[0], 1e-6);
        assertEquals(275, p[1], 1e-6);
        assertEquals(c0.fx(), v.camera(800, 600, 0).fx(), 0);
    }

    @Test
    void zoomAndFly() {
        ViewController v = controller();
        double d = v.distance();
        v.zoom(0.5);
        assertEquals(d / 2, v.distance(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, v.pivot(), 1e-9);
        double[] e0 = v.eye();
        v.fly(0, 0, 1);
        assertEquals(e0[2] + 1, v.eye()[2], 1e-12);
    }

    @Test
    void setFromADatasetCameraReproducesItsView() {
        ViewController v = controller();
        Camera ds = Camera.lookAt(new double[] {5, -4, 2}, new double[] {1, 2, 3}, new double[] {0, 0, 1}, 400, 300,
                Math.toRadians(40));
        v.setFrom(ds);
        Camera c = v.camera(400, 300, 0);
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(ds.view(r, k), c.view(r, k), 1e-9, "viewmat[" + r + "][" + k + "]");
            }
        }
        assertEquals(ds.fy(), c.fy(), 1e-9);
    }

    @Test
    void frameFitsTheSceneSphere() {
        ViewController v = controller();
        v.zoom(0.1);
        v.frame();
        assertEquals(2 / Math.sin(0.5 * v.fovY()) * 1.05, v.distance(), 1e-9);
    }
}
