package org.splatforge.render.raster;

/**
 * Wall-clock nanoseconds spent in each phase of the last forward and backward of a
 * {@link RasterFrame}, for {@code splat bench raster} and training reports. Backends fill
 * what applies to them; zero means "not measured".
 */
public final class RasterTimings {

    /** Forward: per-Gaussian projection, covariance, SH colour, tile rectangle. */
    public long projectNs;
    /** Forward: depth sort and binning into per-tile lists. */
    public long sortNs;
    /** Forward: per-pixel alpha blending. */
    public long blendNs;
    /** Backward: per-pixel walk back to front, per-(tile, Gaussian) gradient sums. */
    public long backwardBlendNs;
    /** Backward: per-Gaussian reduction of the tile sums and the projection's chain rule. */
    public long backwardProjectNs;

    void clear() {
        projectNs = sortNs = blendNs = backwardBlendNs = backwardProjectNs = 0;
    }

    public long forwardNs() {
        return projectNs + sortNs + blendNs;
    }

    public long backwardNs() {
        return backwardBlendNs + backwardProjectNs;
    }
}
