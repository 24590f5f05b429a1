package org.splatforge.scenes.raytrace;

/** A sphere of radius {@code radius} centred at (cx, cy, cz). */
public final class Sphere extends Shape {

    private final double cx;
    private final double cy;
    private final double cz;
    private final double radius;

    public Sphere(double cx, double cy, double cz, double radius, Material material, int classId) {
        super(material, classId);
        this.cx = cx;
        this.cy = cy;
        this.cz = cz;
        this.radius = radius;
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMin, Hit hit) {
        double lx = ox - cx, ly = oy - cy, lz = oz - cz;
        double b = lx * dx + ly * dy + lz * dz;
        double c = lx * lx + ly * ly + lz * lz - radius * radius;
        double disc = b * b - c;
        if (disc < 0) {
            return false;
        }
        double s = Math.sqrt(disc);
        double t = -b - s;
        if (t <= tMin) {
            t = -b + s;
        }
        if (t <= tMin || t >= hit.t) {
            return false;
        }
        double px = ox + t * dx - cx, py = oy + t * dy - cy, pz = oz + t * dz - cz;
        hit.set(t, px / radius, py / radius, pz / radius, this);
        return true;
    }
}
