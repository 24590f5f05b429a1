package org.splatforge.scenes;

import java.util.List;
import org.splatforge.scenes.raytrace.Box;
import org.splatforge.scenes.raytrace.Cylinder;
import org.splatforge.scenes.raytrace.Material;
import org.splatforge.scenes.raytrace.SceneModel;
import org.splatforge.scenes.raytrace.Shape;
import org.splatforge.scenes.raytrace.Sphere;

/**
 * The built-in "shapes" tabletop: a checkered platform (3 x 3 units, top at z = 0) with a
 * glossy red sphere, a turned blue box, a green cylinder, a small glossy gold sphere and an
 * orange pillar, lit by one sun with shadows. World z is up; the content fits in
 * [-1.5, 1.5] x [-1.5, 1.5] x [-0.1, 1.0].
 *
 * <p>The dynamic variant animates two objects over t in [0, 1] and leaves the rest still (so
 * a static/dynamic split has something to find): the red sphere rolls across the platform
 * while bouncing, and the blue box turns half a revolution.
 */
final class ShapesScene {

    static final List<String> CLASSES = List.of("background", "platform", "sphere", "cube", "cylinder");
    static final int PLATFORM = 1, SPHERE = 2, CUBE = 3, CYLINDER = 4;

    private ShapesScene() {
    }

    static SceneModel at(double t, boolean dynamic) {
        Material red = Material.glossy(0.85, 0.15, 0.12, 0.6, 40);
        Material blue = Material.glossy(0.15, 0.3, 0.85, 0.3, 25);
        Material green = Material.matte(0.2, 0.7, 0.25);
        Material gold = Material.glossy(0.9, 0.7, 0.2, 0.8, 60);
        Material orange = Material.matte(0.95, 0.5, 0.1);
        Material floor = Material.checker(0.85, 0.85, 0.8, 0.3, 0.3, 0.35, 0.375);

        double sx = -0.55, sy = -0.3, sz = 0.35, yaw = Math.toRadians(30);
        if (dynamic) {
            sx = -0.9 + 1.4 * t;                                         // rolls along x
            sz = 0.35 + 0.45 * Math.abs(Math.sin(2 * Math.PI * t));     // two bounces
            yaw += Math.PI * t;                                          // half a turn
        }
        List<Shape> shapes = List.of(
                new Box(0, 0, -0.05, 1.5, 1.5, 0.05, 0, floor, PLATFORM),
                new Sphere(sx, sy, sz, 0.35, red, SPHERE),
                new Box(0.55, 0.35, 0.25, 0.25, 0.25, 0.25, yaw, blue, CUBE),
                new Cylinder(0.25, -0.75, 0, 0.6, 0.2, green, CYLINDER),
                new Sphere(0.8, -0.45, 0.18, 0.18, gold, SPHERE),
                new Box(-0.6, 0.65, 0.45, 0.12, 0.12, 0.45, Math.toRadians(-15), orange, CUBE));
        return new SceneModel(shapes, new double[] {-0.45, -0.35, 0.82}, 0.85, 0.3, CLASSES);
    }
}
