package org.splatforge.scenes.raytrace;

/**
 * A box with half extents (hx, hy, hz) centred at (cx, cy, cz), turned by {@code yaw}
 * radians about the vertical axis. Intersected with the slab method in its own frame.
 */
public final class Box extends Shape {

    private final double cx;
    private final double cy;
    private final double cz;
    private final double hx;
    private final double hy;
    private final double hz;
    private final double cos;
    private final double sin;

    public Box(double cx, double cy, double cz, double hx, double hy, double hz, double yaw, Material material, int classId) {
        super(material, classId);
        this.cx = cx;
        this.cy = cy;
        this.cz = cz;
        this.hx = hx;
        this.hy = hy;
        this.hz = hz;
        this.cos = Math.cos(yaw);
        this.sin = Math.sin(yaw);
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMin, Hit hit) {
        // World -> box frame: translate, then rotate by -yaw about z.
        double px = ox - cx, py = oy - cy, pz = oz - cz;
        double lox = cos * px + sin * py, loy = -sin * px + cos * py;
        double ldx = cos * dx + sin * dy, ldy = -sin * dx + cos * dy;
        // Slab method (Kay and Kajiya 1986): entry is the largest near-plane distance.
        double tx0 = slabNear(lox, ldx, hx), tx1 = slabFar(lox, ldx, hx);
        double ty0 = slabNear(loy, ldy, hy), ty1 = slabFar(loy, ldy, hy);
        double tz0 = slabNear(pz, dz, hz), tz1 = slabFar(pz, dz, hz);
        double t0 = Math.max(tx0, Math.max(ty0, tz0));
        double t1 = Math.min(tx1, Math.min(ty1, tz1));
        if (!(t0 <= t1) || t0 <= tMin || t0 >= hit.t) {
            return false; // miss, or the ray starts inside (shadow rays start outside)
        }
        double nx = 0, ny = 0, nz = 0;
        if (t0 == tx0) {
            nx = ldx > 0 ? -1 : 1;
        } else if (t0 == ty0) {
            ny = ldy > 0 ? -1 : 1;
        } else {
            nz = dz > 0 ? -1 : 1;
        }
        // Box frame -> world: rotate by +yaw.
        hit.set(t0, cos * nx - sin * ny, sin * nx + cos * ny, nz, this);
        return true;
    }

    /** Distance to the nearer of the planes at +-h along one axis (+-inf when parallel). */
    private static double slabNear(double o, double d, double h) {
        if (d == 0) {
            return o >= -h && o <= h ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double a = (-h - o) / d, b = (h - o) / d;
        return Math.min(a, b);
    }

    private static double slabFar(double o, double d, double h) {
        if (d == 0) {
            return o >= -h && o <= h ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        double a = (-h - o) / d, b = (h - o) / d;
        return Math.max(a, b);
    }
}
