package org.splatforge.scenes.raytrace;

/**
 * The nearest intersection found so far along a ray (mutable, one per thread, so tracing
 * allocates nothing): distance {@code t}, world-space unit normal, and the shape hit.
 */
public final class Hit {
    public double t;
    public double nx;
    public double ny;
    public double nz;
    public Shape shape;

    void set(double t, double nx, double ny, double nz, Shape shape) {
        this.t = t;
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.shape = shape;
    }
}
