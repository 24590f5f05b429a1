package org.splatforge.scenes.raytrace;

/** An upright capped cylinder: axis through (cx, cy) along z, from zMin to zMax, radius r. */
public final class Cylinder extends Shape {

    private final double cx;
    private final double cy;
    private final double zMin;
    private final double zMax;
    private final double r;

    public Cylinder(double cx, double cy, double zMin, double zMax, double r, Material material, int classId) {
        super(material, classId);
        this.cx = cx;
        this.cy = cy;
        this.zMin = zMin;
        this.zMax = zMax;
        this.r = r;
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMin, Hit hit) {
        boolean found = false;
        double lx = ox - cx, ly = oy - cy;
        double a = dx * dx + dy * dy;
        if (a > 1e-15) {
            double b = lx * dx + ly * dy;
            double c = lx * lx + ly * ly - r * r;
            double disc = b * b - a * c;
            if (disc >= 0) {
                double s = Math.sqrt(disc);
                found = side((-b - s) / a, lx, ly, oz, dx, dy, dz, tMin, hit)
                        || side((-b + s) / a, lx, ly, oz, dx, dy, dz, tMin, hit);
            }
        }
        if (dz != 0) {
            found |= cap(zMax, 1, lx, ly, oz, dx, dy, dz, tMin, hit);
            found |= cap(zMin, -1, lx, ly, oz, dx, dy, dz, tMin, hit);
        }
        return found;
    }

    private boolean side(double t, double lx, double ly, double oz, double dx, double dy, double dz, double tMin, Hit hit) {
        if (t <= tMin || t >= hit.t) {
            return false;
        }
        double z = oz + t * dz;
        if (z < zMin || z > zMax) {
            return false;
        }
        hit.set(t, (lx + t * dx) / r, (ly + t * dy) / r, 0, this);
        return true;
    }

    private boolean cap(double zc, double nz, double lx, double ly, double oz, double dx, double dy, double dz,
                        double tMin, Hit hit) {
        double t = (zc - oz) / dz;
        if (t <= tMin || t >= hit.t) {
            return false;
        }
        double x = lx + t * dx, y = ly + t * dy;
        if (x * x + y * y > r * r) {
            return false;
        }
        hit.set(t, 0, 0, nz, this);
        return true;
    }
}
