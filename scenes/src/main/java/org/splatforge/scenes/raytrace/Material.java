package org.splatforge.scenes.raytrace;

/**
 * Surface appearance: diffuse RGB in [0, 1] (optionally a checkerboard of two colours with
 * squares of {@code checker} world units on the xy plane), and a Blinn-Phong specular lobe
 * of strength {@code specular} and exponent {@code shininess}, white, so that the colour
 * depends on the view direction (what spherical harmonics are for).
 */
public record Material(double r, double g, double b, double r2, double g2, double b2, double checker,
                       double specular, double shininess) {

    public static Material matte(double r, double g, double b) {
        return new Material(r, g, b, r, g, b, 0, 0, 1);
    }

    public static Material glossy(double r, double g, double b, double specular, double shininess) {
        return new Material(r, g, b, r, g, b, 0, specular, shininess);
    }

    public static Material checker(double r, double g, double b, double r2, double g2, double b2, double size) {
        return new Material(r, g, b, r2, g2, b2, size, 0.08, 20);
    }

    /** Diffuse colour at world point (x, y) into {@code rgb}. */
    void diffuse(double x, double y, double[] rgb) {
        boolean second = checker > 0 && ((Math.floorMod((long) Math.floor(x / checker) + (long) Math.floor(y / checker), 2L)) == 1);
        rgb[0] = second ? r2 : r;
        rgb[1] = second ? g2 : g;
        rgb[2] = second ? b2 : b;
    }
}
