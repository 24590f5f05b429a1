package org.splatforge.render.viewer.input;

import org.splatforge.core.camera.Camera;

/**
 * A scripted camera for headless runs and tests: the camera of frame k of n, for a
 * framebuffer of the given size.
 */
@FunctionalInterface
public interface CameraPath {

    Camera camera(int frame, int frames, int width, int height);

    /** The same camera for every frame (resized to the framebuffer). */
    static CameraPath fixed(Camera camera) {
        return (k, n, w, h) -> camera.width() == w && camera.height() == h ? camera : camera.resized(w, h);
    }

    /**
     * One full turn around {@code centre} at {@code radius}, at {@code elevation} radians
     * above the plane normal to {@code up}, looking at the centre, vertical field of view
     * {@code fovY}. Frame 0 starts on an arbitrary fixed side; the eye turns counter-clockwise
     * seen from above (about +up by 2*pi*k/n), so the scene appears to turn clockwise.
     */
    static CameraPath orbit(double[] centre, double radius, double elevation, double[] up, double fovY) {
        double[] u = unit(up);
        double[] e1 = ViewController.anyPerpendicular(u);
        double[] e2 = {u[1] * e1[2] - u[2] * e1[1], u[2] * e1[0] - u[0] * e1[2], u[0] * e1[1] - u[1] * e1[0]}; // up x e1
        return (k, n, w, h) -> {
            double a = 2 * Math.PI * k / Math.max(1, n);
            double ce = Math.cos(elevation), se = Math.sin(elevation);
            double[] eye = new double[3];
            for (int i = 0; i < 3; i++) {
                eye[i] = centre[i] + radius * (ce * (Math.cos(a) * e1[i] + Math.sin(a) * e2[i]) + se * u[i]);
            }
            return Camera.lookAt(eye, centre, u, w, h, fovY).withName("orbit " + k);
        };
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }
}
