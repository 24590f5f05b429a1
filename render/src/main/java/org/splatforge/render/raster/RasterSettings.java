package org.splatforge.render.raster;

import java.util.Arrays;

/**
 * What a rasterizer call should do, beyond the scene and the camera. Immutable; the
 * {@code with*} methods return modified copies.
 *
 * <ul>
 *   <li>{@code background}: RGB added behind the splats as {@code C + T*background}</li>
 *   <li>{@code shDegree}: SH degree to evaluate, at most the cloud's; -1 (the default) means
 *       the cloud's own degree. Training raises it every 1000 iterations (3DGS).</li>
 *   <li>{@code antialiased}: multiply each opacity by the Mip-Splatting / gsplat
 *       compensation {@code sqrt(max(0, det(cov2d) / det(cov2d + 0.3 I)))}, which keeps the
 *       +0.3 low-pass from brightening small splats. Off in the contract and the fixtures.</li>
 *   <li>{@code nearPlane}: camera-space z below which a Gaussian is culled (contract: 0.01).</li>
 *   <li>{@code computeDepth}: also produce the per-pixel alpha-weighted depth
 *       (and accept a depth gradient in backward).</li>
 *   <li>{@code computeContributions}: also produce, per Gaussian, the sum over pixels of its
 *       blend weight {@code alpha_i * T_i} (the significance score of LightGaussian-style
 *       pruning: accumulate it over training views).</li>
 * </ul>
 */
public final class RasterSettings {

    /** Contract near plane, camera-space z. */
    public static final double DEFAULT_NEAR = 0.01;

    private final float[] background;
    private final int shDegree;
    private final boolean antialiased;
    private final double nearPlane;
    private final boolean computeDepth;
    private final boolean computeContributions;

    private RasterSettings(float[] background, int shDegree, boolean antialiased, double nearPlane,
                           boolean computeDepth, boolean computeContributions) {
        if (background.length != 3) {
            throw new IllegalArgumentException("background must have 3 values (RGB), got " + background.length);
        }
        for (float v : background) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("background must be finite: " + Arrays.toString(background));
            }
        }
        if (shDegree < -1 || shDegree > 3) {
            throw new IllegalArgumentException("SH degree must be -1 (the cloud's) or 0..3, got " + shDegree);
        }
        if (!(nearPlane > 0) || !Double.isFinite(nearPlane)) {
            throw new IllegalArgumentException("near plane must be a positive finite distance, got " + nearPlane);
        }
        this.background = background.clone();
        this.shDegree = shDegree;
        this.antialiased = antialiased;
        this.nearPlane = nearPlane;
        this.computeDepth = computeDepth;
        this.computeContributions = computeContributions;
    }

    /** Black background, the cloud's SH degree, no antialiasing, near 0.01, no depth or contributions. */
    public static RasterSettings defaults() {
        return new RasterSettings(new float[3], -1, false, DEFAULT_NEAR, false, false);
    }

    public RasterSettings withBackground(float r, float g, float b) {
        return new RasterSettings(new float[] {r, g, b}, shDegree, antialiased, nearPlane, computeDepth,
                computeContributions);
    }

    public RasterSettings withShDegree(int degree) {
        return new RasterSettings(background, degree, antialiased, nearPlane, computeDepth, computeContributions);
    }

    public RasterSettings withAntialiased(boolean on) {
        return new RasterSettings(background, shDegree, on, nearPlane, computeDepth, computeContributions);
    }

    public RasterSettings withNearPlane(double near) {
        return new RasterSettings(background, shDegree, antialiased, near, computeDepth, computeContributions);
    }

    public RasterSettings withDepth(boolean on) {
        return new RasterSettings(background, shDegree, antialiased, nearPlane, on, computeContributions);
    }

    public RasterSettings withContributions(boolean on) {
        return new RasterSettings(background, shDegree, antialiased, nearPlane, computeDepth, on);
    }

    /** Background colour channel c (0 = R). */
    public float background(int c) {
        return background[c];
    }

    /** Requested SH degree, -1 for the cloud's. */
    public int shDegree() {
        return shDegree;
    }

    /**
     * The degree actually evaluated for a cloud of degree {@code cloudDegree}.
     *
     * @throws IllegalArgumentException if more was requested than the cloud has
     */
    public int shDegreeFor(int cloudDegree) {
        if (shDegree > cloudDegree) {
            throw new IllegalArgumentException("SH degree " + shDegree + " requested but the cloud only has degree "
                    + cloudDegree);
        }
        return shDegree < 0 ? cloudDegree : shDegree;
    }

    public boolean antialiased() {
        return antialiased;
    }

    public double nearPlane() {
        return nearPlane;
    }

    public boolean computeDepth() {
        return computeDepth;
    }

    public boolean computeContributions() {
        return computeContributions;
    }

    @Override
    public String toString() {
        return "RasterSettings[background=" + Arrays.toString(background) + ", shDegree=" + shDegree
                + ", antialiased=" + antialiased + ", near=" + nearPlane + ", depth=" + computeDepth
                + ", contributions=" + computeContributions + "]";
    }
}
