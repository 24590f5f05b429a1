package org.splatforge.core.camera;

import java.util.Arrays;
import org.joml.Matrix4d;

/**
 * A pinhole camera in the rasterization contract's conventions (DESIGN.md): world-to-camera
 * {@code viewmat} 4x4 row-major in OpenCV axes (x right, y down, z forward), intrinsics in
 * pixels, pixel (row i, column j) centred at (j + 0.5, i + 0.5). Immutable.
 *
 * <p>{@code time} is the normalised time in [0, 1] for dynamic scenes (0 for static ones).
 */
public final class Camera {

    private final int width;
    private final int height;
    private final double fx;
    private final double fy;
    private final double cx;
    private final double cy;
    private final double[] viewmat;
    private final double time;
    private final String name;

    /**
     * @param viewmat world-to-camera, 16 values row-major (copied)
     */
    public Camera(int width, int height, double fx, double fy, double cx, double cy, double[] viewmat) {
        this(width, height, fx, fy, cx, cy, viewmat, 0.0, "");
    }

    public Camera(int width, int height, double fx, double fy, double cx, double cy, double[] viewmat,
                  double time, String name) {
        if (width <= 0 || height <= 0 || width > 1 << 15 || height > 1 << 15) {
            throw new IllegalArgumentException("camera size " + width + "x" + height + " outside 1..32768");
        }
        if (!(fx > 0) || !(fy > 0) || !Double.isFinite(fx) || !Double.isFinite(fy)
                || !Double.isFinite(cx) || !Double.isFinite(cy)) {
            throw new IllegalArgumentException("camera intrinsics must be finite with fx, fy > 0: fx=" + fx
                    + " fy=" + fy + " cx=" + cx + " cy=" + cy);
        }
        if (viewmat.length != 16) {
            throw new IllegalArgumentException("viewmat must have 16 values, got " + viewmat.length);
        }
        for (double v : viewmat) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("viewmat has a non-finite value: " + Arrays.toString(viewmat));
            }
        }
        this.width = width;
        this.height = height;
        this.fx = fx;
        this.fy = fy;
        this.cx = cx;
        this.cy = cy;
        this.viewmat = viewmat.clone();
        this.time = time;
        this.name = name == null ? "" : name;
    }

    /**
     * From a NeRF/Blender {@code transform_matrix} (camera-to-world, OpenGL axes: y up, z
     * backwards) and a horizontal field of view: flip the camera's y and z axes, then invert.
     *
     * @param c2wGl camera-to-world, 16 values row-major
     * @param fovX  horizontal field of view, radians ({@code camera_angle_x})
     */
    public static Camera fromNerf(double[] c2wGl, int width, int height, double fovX) {
        double f = 0.5 * width / Math.tan(0.5 * fovX);
        return fromCameraToWorldGl(c2wGl, width, height, f, f, 0.5 * width, 0.5 * height);
    }

    /** As {@link #fromNerf} with explicit intrinsics (some transforms.json carry fl_x, cx...). */
    public static Camera fromCameraToWorldGl(double[] c2wGl, int width, int height,
                                             double fx, double fy, double cx, double cy) {
        double[] c2w = c2wGl.clone();
        for (int r = 0; r < 3; r++) { // columns 1 and 2 are the camera's y and z axes
            c2w[r * 4 + 1] = -c2w[r * 4 + 1];
            c2w[r * 4 + 2] = -c2w[r * 4 + 2];
        }
        return new Camera(width, height, fx, fy, cx, cy, invert(c2w));
    }

    /**
     * From a COLMAP image pose: {@code qvec} (w,x,y,z) and {@code tvec} map world to camera
     * in OpenCV axes already, so the view matrix is [R(q) | t].
     */
    public static Camera fromColmap(double[] qvec, double[] tvec, int width, int height,
                                    double fx, double fy, double cx, double cy) {
        double w = qvec[0], x = qvec[1], y = qvec[2], z = qvec[3];
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= n;
        x /= n;
        y /= n;
        z /= n;
        double[] m = {
                1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y), tvec[0],
                2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x), tvec[1],
                2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y), tvec[2],
                0, 0, 0, 1};
        return new Camera(width, height, fx, fy, cx, cy, m);
    }

    /**
     * A camera at {@code eye} looking at {@code target}, with {@code up} pointing up on
     * screen (world vector), vertical field of view {@code fovY} radians, centred principal
     * point.
     */
    public static Camera lookAt(double[] eye, double[] target, double[] up, int width, int height, double fovY) {
        double[] z = normalize(sub(target, eye));            // forward
        double[] x = normalize(cross(z, up));                // right = forward x up ...
        if (Double.isNaN(x[0])) {
            throw new IllegalArgumentException("lookAt: up vector is parallel to the view direction");
        }
        double[] y = cross(z, x);                            // ... and down = forward x right
        double f = 0.5 * height / Math.tan(0.5 * fovY);
        double[] m = {
                x[0], x[1], x[2], -dot(x, eye),
                y[0], y[1], y[2], -dot(y, eye),
                z[0], z[1], z[2], -dot(z, eye),
                0, 0, 0, 1};
        return new Camera(width, height, f, f, 0.5 * width, 0.5 * height, m);
    }

    /**
     * The same view at another resolution: intrinsics scale by the size ratio. Used for
     * {@code --resolution N} (size divided by N, rounded as 3DGS does).
     */
    public Camera resized(int newWidth, int newHeight) {
        double sx = (double) newWidth / width, sy = (double) newHeight / height;
        return new Camera(newWidth, newHeight, fx * sx, fy * sy, cx * sx, cy * sy, viewmat, time, name);
    }

    /** Size divided by {@code factor} (rounded), intrinsics scaled to match. */
    public Camera downscaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("resolution factor must be > 0, got " + factor);
        }
        return resized(Math.max(1, (int) Math.round(width / factor)), Math.max(1, (int) Math.round(height / factor)));
    }

    public Camera withTime(double t) {
        return new Camera(width, height, fx, fy, cx, cy, viewmat, t, name);
    }

    public Camera withName(String n) {
        return new Camera(width, height, fx, fy, cx, cy, viewmat, time, n);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double fx() {
        return fx;
    }

    public double fy() {
        return fy;
    }

    public double cx() {
        return cx;
    }

    public double cy() {
        return cy;
    }

    public double time() {
        return time;
    }

    public String name() {
        return name;
    }

    /** World-to-camera, 16 values row-major (a copy). */
    public double[] viewmat() {
        return viewmat.clone();
    }

    /** Element (row r, column c) of the world-to-camera matrix. */
    public double view(int r, int c) {
        return viewmat[r * 4 + c];
    }

    /** Camera-to-world, 16 values row-major. */
    public double[] cameraToWorld() {
        return invert(viewmat);
    }

    /** Camera centre in world coordinates: -R^T t. */
    public double[] center() {
        double[] c = new double[3];
        for (int a = 0; a < 3; a++) {
            c[a] = -(viewmat[a] * viewmat[3] + viewmat[4 + a] * viewmat[7] + viewmat[8 + a] * viewmat[11]);
        }
        return c;
    }

    /** Horizontal field of view, radians. */
    public double fovX() {
        return 2 * Math.atan(0.5 * width / fx);
    }

    /** Vertical field of view, radians. */
    public double fovY() {
        return 2 * Math.atan(0.5 * height / fy);
    }

    /** Inverse of a 4x4 row-major matrix. */
    public static double[] invert(double[] rowMajor) {
        Matrix4d m = new Matrix4d().set(transpose(rowMajor)); // JOML takes column-major
        double det = m.determinant();
        if (!(Math.abs(det) > 1e-300) || !Double.isFinite(det)) {
            throw new IllegalArgumentException("singular camera matrix: " + Arrays.toString(rowMajor));
        }
        double[] out = new double[16];
        m.invert().get(out);
        return transpose(out);
    }

    private static double[] transpose(double[] a) {
        double[] t = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                t[c * 4 + r] = a[r * 4 + c];
            }
        }
        return t;
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] normalize(double[] a) {
        double n = Math.sqrt(dot(a, a));
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Camera[%s %dx%d f=(%.2f, %.2f) c=(%.2f, %.2f) t=%.3f]",
                name, width, height, fx, fy, cx, cy, time);
    }
}
