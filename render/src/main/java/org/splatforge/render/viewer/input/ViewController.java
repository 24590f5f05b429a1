package org.splatforge.render.viewer.input;

import org.splatforge.core.camera.Camera;

/**
 * The interactive camera: a position, an orientation and a pivot at {@code distance}
 * along the view direction, moved by orbit (rotate about the pivot: yaw about the world
 * up vector, pitch about the camera's right axis), pan (move eye and pivot across the
 * view), zoom (move the eye towards the pivot) and fly (move eye and pivot together).
 * Produces {@link Camera}s in the rasterization contract's conventions (OpenCV axes,
 * world-to-camera) for any framebuffer size, so the picture keeps its vertical field of
 * view when the window is resized.
 *
 * <p>State is doubles in world units: {@code eye: double[3]}; {@code rot: double[9]} the
 * world-to-camera rotation, row-major, rows = camera right, down and forward in world
 * axes. Not thread-safe; the render thread owns it.
 */
public final class ViewController {

    private final double[] eye = new double[3];
    private final double[] rot = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    private double distance = 1;
    private double fovY = Math.toRadians(50);
    private double[] up = {0, 0, 1};
    private double[] homeCentre = {0, 0, 0};
    private double homeRadius = 1;

    /** World up (a unit vector is not required); orbit yaws about it and reset keeps it up on screen. */
    public void setUp(double[] worldUp) {
        double n = Math.sqrt(dot(worldUp, worldUp));
        if (!(n > 0)) {
            throw new IllegalArgumentException("up vector must be non-zero");
        }
        up = new double[] {worldUp[0] / n, worldUp[1] / n, worldUp[2] / n};
    }

    public double[] up() {
        return up.clone();
    }

    /** Where reset and frame look: the scene's centre and radius (world units). */
    public void setHome(double[] centre, double radius) {
        homeCentre = centre.clone();
        homeRadius = Math.max(1e-6, radius);
    }

    public double fovY() {
        return fovY;
    }

    public void setFovY(double radians) {
        fovY = Math.min(Math.toRadians(150), Math.max(Math.toRadians(5), radians));
    }

    /** Distance from the eye to the pivot, world units. */
    public double distance() {
        return distance;
    }

    /**
     * The default view: the whole scene in view from the front, slightly above (20 degrees
     * of elevation over the horizontal plane of the up vector).
     */
    public void reset() {
        double[] e1 = anyPerpendicular(up);
        double el = Math.toRadians(20);
        double d = frameDistance();
        double[] dir = {Math.cos(el) * e1[0] + Math.sin(el) * up[0], Math.cos(el) * e1[1] + Math.sin(el) * up[1],
                Math.cos(el) * e1[2] + Math.sin(el) * up[2]};
        double[] e = {homeCentre[0] + d * dir[0], homeCentre[1] + d * dir[1], homeCentre[2] + d * dir[2]};
        lookAt(e, homeCentre);
    }

    /** Keeps the orientation and moves back until the whole scene fits the view. */
    public void frame() {
        distance = frameDistance();
        for (int a = 0; a < 3; a++) {
            eye[a] = homeCentre[a] - rot[6 + a] * distance;
        }
    }

    private double frameDistance() {
        return homeRadius / Math.sin(0.5 * Math.min(fovY, Math.toRadians(120))) * 1.05;
    }

    /** Looks from {@code from} at {@code target}, keeping the world up vector up on screen. */
    public void lookAt(double[] from, double[] target) {
        double[] fwd = {target[0] - from[0], target[1] - from[1], target[2] - from[2]};
        double d = Math.sqrt(dot(fwd, fwd));
        if (!(d > 0)) {
            throw new IllegalArgumentException("eye and target coincide");
        }
        double[] upUse = Math.abs(dot(fwd, up)) > 0.999 * d ? anyPerpendicular(up) : up;
        double[] v = Camera.lookAt(from, target, upUse, 2, 2, fovY).viewmat();
        for (int r = 0; r < 3; r++) {
            System.arraycopy(v, r * 4, rot, r * 3, 3);
        }
        System.arraycopy(from, 0, eye, 0, 3);
        distance = d;
    }

    /**
     * Takes a dataset camera's pose and vertical field of view; the pivot goes to the
     * point of the view axis nearest the scene centre.
     */
    public void setFrom(Camera camera) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                rot[r * 3 + c] = camera.view(r, c);
            }
        }
        double[] c = camera.center();
        System.arraycopy(c, 0, eye, 0, 3);
        double along = 0;
        for (int a = 0; a < 3; a++) {
            along += (homeCentre[a] - c[a]) * rot[6 + a];
        }
        distance = Math.max(homeRadius * 0.05, along);
        fovY = camera.fovY();
    }

    /**
     * Rotates the view about the pivot.
     *
     * @param yaw   radians about the world up vector (positive: the camera moves to its right
     *              around the pivot, so the scene appears to turn left)
     * @param pitch radians about the camera's right axis (positive: the camera moves up)
     */
    public void orbit(double yaw, double pitch) {
        double[] pivot = pivot();
        rotateAbout(pivot, up, yaw);
        // Keep away from the poles so the up vector stays meaningful.
        double[] fwd = {rot[6], rot[7], rot[8]};
        double elev = Math.asin(Math.max(-1, Math.min(1, -dot(fwd, up)))); // > 0 when looking down
        double limit = Math.toRadians(89);
        double target = Math.max(-limit, Math.min(limit, elev + pitch));
        double[] right = {rot[0], rot[1], rot[2]};
        rotateAbout(pivot, right, elev - target); // about +right, a positive angle lowers the eye
    }

    /** Moves eye and pivot across the view by a screen offset in framebuffer pixels, so the pivot follows the cursor. */
    public void pan(double dxPixels, double dyPixels, int framebufferHeight) {
        double worldPerPixel = 2 * distance * Math.tan(0.5 * fovY) / Math.max(1, framebufferHeight);
        for (int a = 0; a < 3; a++) {
            eye[a] -= (rot[a] * dxPixels + rot[3 + a] * dyPixels) * worldPerPixel;
        }
    }

    /** Moves the eye towards the pivot by {@code factor} of the distance (< 1 zooms in). */
    public void zoom(double factor) {
        double[] pivot = pivot();
        distance = Math.max(1e-4 * homeRadius, distance * factor);
        for (int a = 0; a < 3; a++) {
            eye[a] = pivot[a] - rot[6 + a] * distance;
        }
    }

    /**
     * Flies eye and pivot together, in camera axes: {@code forward} along the view,
     * {@code right} to the right, {@code rise} along the world up. World units.
     */
    public void fly(double forward, double right, double rise) {
        for (int a = 0; a < 3; a++) {
            eye[a] += rot[6 + a] * forward + rot[a] * right + up[a] * rise;
        }
    }

    /** Flying speed that suits the scene: its radius per second. */
    public double flySpeed() {
        return homeRadius;
    }

    /** The pivot, world. */
    public double[] pivot() {
        return new double[] {eye[0] + rot[6] * distance, eye[1] + rot[7] * distance, eye[2] + rot[8] * distance};
    }

    /** The eye, world. */
    public double[] eye() {
        return eye.clone();
    }

    /** A camera for a framebuffer of {@code width x height} pixels: centred principal point, square pixels. */
    public Camera camera(int width, int height, double time) {
        double f = 0.5 * height / Math.tan(0.5 * fovY);
        double[] v = new double[16];
        for (int r = 0; r < 3; r++) {
            v[r * 4] = rot[r * 3];
            v[r * 4 + 1] = rot[r * 3 + 1];
            v[r * 4 + 2] = rot[r * 3 + 2];
            v[r * 4 + 3] = -(rot[r * 3] * eye[0] + rot[r * 3 + 1] * eye[1] + rot[r * 3 + 2] * eye[2]);
        }
        v[15] = 1;
        return new Camera(width, height, f, f, 0.5 * width, 0.5 * height, v, time, "view");
    }

    /** Rotates the camera (orientation and eye) by {@code angle} about {@code axis} through {@code centre}. */
    private void rotateAbout(double[] centre, double[] axis, double angle) {
        double[] m = rotation(axis, angle);
        // rows of rot are camera axes in world: each turns with the world.
        for (int r = 0; r < 3; r++) {
            double x = rot[r * 3], y = rot[r * 3 + 1], z = rot[r * 3 + 2];
            rot[r * 3] = m[0] * x + m[1] * y + m[2] * z;
            rot[r * 3 + 1] = m[3] * x + m[4] * y + m[5] * z;
            rot[r * 3 + 2] = m[6] * x + m[7] * y + m[8] * z;
        }
        double x = eye[0] - centre[0], y = eye[1] - centre[1], z = eye[2] - centre[2];
        eye[0] = centre[0] + m[0] * x + m[1] * y + m[2] * z;
        eye[1] = centre[1] + m[3] * x + m[4] * y + m[5] * z;
        eye[2] = centre[2] + m[6] * x + m[7] * y + m[8] * z;
        orthonormalise();
    }

    /** Rodrigues' rotation matrix, row-major. */
    static double[] rotation(double[] axis, double angle) {
        double n = Math.sqrt(dot(axis, axis));
        double x = axis[0] / n, y = axis[1] / n, z = axis[2] / n;
        double c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
        return new double[] {
                t * x * x + c, t * x * y - s * z, t * x * z + s * y,
                t * x * y + s * z, t * y * y + c, t * y * z - s * x,
                t * x * z - s * y, t * y * z + s * x, t * z * z + c};
    }

    /** Re-orthonormalises the rotation (Gram-Schmidt) so rounding does not accumulate. */
    private void orthonormalise() {
        double[] f = {rot[6], rot[7], rot[8]};
        normalise(f);
        double[] r = {rot[0], rot[1], rot[2]};
        double k = dot(r, f);
        for (int a = 0; a < 3; a++) {
            r[a] -= k * f[a];
        }
        normalise(r);
        double[] d = {f[1] * r[2] - f[2] * r[1], f[2] * r[0] - f[0] * r[2], f[0] * r[1] - f[1] * r[0]}; // down = fwd x right
        System.arraycopy(r, 0, rot, 0, 3);
        System.arraycopy(d, 0, rot, 3, 3);
        System.arraycopy(f, 0, rot, 6, 3);
    }

    static double[] anyPerpendicular(double[] v) {
        double[] a = Math.abs(v[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double k = dot(a, v);
        double[] p = {a[0] - k * v[0], a[1] - k * v[1], a[2] - k * v[2]};
        normalise(p);
        return p;
    }

    private static void normalise(double[] v) {
        double n = Math.sqrt(dot(v, v));
        v[0] /= n;
        v[1] /= n;
        v[2] /= n;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
