package org.splatforge.scenes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.splatforge.core.camera.Camera;

/**
 * Camera placement for the built-in scenes: on a sphere of radius {@link #DISTANCE} around
 * {@link #TARGET}, between {@link #MIN_ELEVATION} and {@link #MAX_ELEVATION} degrees above
 * the platform, looking at the target with world z up on screen.
 *
 * <p>Training views follow a Fibonacci spiral over that band (even coverage, as a capture
 * walking around the table would give), turned by a seeded random angle; test views are
 * seeded uniform random positions in the same band, so they fall between training views.
 */
final class CameraRig {

    static final double DISTANCE = 4.5;
    static final double[] TARGET = {0, 0, 0.2};
    static final double MIN_ELEVATION = 15;
    static final double MAX_ELEVATION = 65;
    /** Horizontal field of view, radians (about 46 degrees). */
    static final double FOV_X = 0.8;

    private CameraRig() {
    }

    static List<Camera> train(int n, int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double turn = rnd.nextDouble() * 2 * Math.PI;
        double golden = Math.PI * (3 - Math.sqrt(5));
        double zLo = Math.sin(Math.toRadians(MIN_ELEVATION)), zHi = Math.sin(Math.toRadians(MAX_ELEVATION));
        List<Camera> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Uniform in z over the band = uniform area on the sphere (Archimedes).
            double z = zLo + (zHi - zLo) * (i + 0.5) / n;
            out.add(at(Math.asin(z), turn + i * golden, w, h, String.format("train/r_%03d", i)));
        }
        return out;
    }

    static List<Camera> test(int n, int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double zLo = Math.sin(Math.toRadians(MIN_ELEVATION)), zHi = Math.sin(Math.toRadians(MAX_ELEVATION));
        List<Camera> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double z = zLo + (zHi - zLo) * rnd.nextDouble();
            out.add(at(Math.asin(z), rnd.nextDouble() * 2 * Math.PI, w, h, String.format("test/r_%03d", i)));
        }
        return out;
    }

    static Camera at(double elevation, double azimuth, int w, int h, String name) {
        double[] eye = {
                TARGET[0] + DISTANCE * Math.cos(elevation) * Math.cos(azimuth),
                TARGET[1] + DISTANCE * Math.cos(elevation) * Math.sin(azimuth),
                TARGET[2] + DISTANCE * Math.sin(elevation)};
        double fovY = 2 * Math.atan(Math.tan(FOV_X / 2) * h / w);
        return Camera.lookAt(eye, TARGET, new double[] {0, 0, 1}, w, h, fovY).withName(name);
    }
}
