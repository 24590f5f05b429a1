package org.splatforge.scenes.raytrace;

/**
 * A solid the ray tracer can hit. World axes are z-up (as Blender and NeRF-synthetic); each
 * shape has a material and a class index for the label maps.
 */
public abstract sealed class Shape permits Sphere, Box, Cylinder {

    private final Material material;
    private final int classId;

    protected Shape(Material material, int classId) {
        this.material = material;
        this.classId = classId;
    }

    public Material material() {
        return material;
    }

    public int classId() {
        return classId;
    }

    /**
     * Intersects the ray o + t d (d unit length) for t in (tMin, hit.t); on a nearer hit,
     * records it in {@code hit} and returns true.
     */
    abstract boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMin, Hit hit);
}
