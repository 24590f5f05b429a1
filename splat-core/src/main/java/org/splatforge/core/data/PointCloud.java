package org.splatforge.core.data;

import java.util.SplittableRandom;

/**
 * Points that seed the Gaussians: {@code positions: float[N*3]} world xyz, and
 * {@code colors: float[N*3]} RGB in [0, 1]. From COLMAP's points3D, or random for synthetic
 * scenes (3DGS, "3D Gaussian Splatting for Real-Time Radiance Field Rendering", section 5.1:
 * "100K uniformly random Gaussians inside a volume that bounds the scene").
 */
public final class PointCloud {

    private final int count;
    private final float[] positions;
    private final float[] colors;

    /** Wraps the arrays (not copied); both must hold {@code count*3} values. */
    public PointCloud(int count, float[] positions, float[] colors) {
        if (count < 0 || positions.length != 3L * count || colors.length != 3L * count) {
            throw new IllegalArgumentException("point cloud of " + count + " points needs " + 3L * count
                    + " positions and colours, got " + positions.length + " and " + colors.length);
        }
        this.count = count;
        this.positions = positions;
        this.colors = colors;
    }

    /**
     * {@code count} points uniform in the box [min, max] with uniform random colours in
     * [0, 1]. Deterministic for a seed.
     */
    public static PointCloud random(int count, double[] min, double[] max, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("random point count must be >= 0, got " + count);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] p = new float[count * 3];
        float[] c = new float[count * 3];
        for (int i = 0; i < count; i++) {
            for (int a = 0; a < 3; a++) {
                p[i * 3 + a] = (float) (min[a] + (max[a] - min[a]) * rnd.nextDouble());
            }
            for (int a = 0; a < 3; a++) {
                c[i * 3 + a] = (float) rnd.nextDouble();
            }
        }
        return new PointCloud(count, p, c);
    }

    public int count() {
        return count;
    }

    /** World xyz, {@code float[N*3]} (shared). */
    public float[] positions() {
        return positions;
    }

    /** RGB in [0, 1], {@code float[N*3]} (shared). */
    public float[] colors() {
        return colors;
    }

    /** Axis-aligned bounds {minx, miny, minz, maxx, maxy, maxz}; NaNs for an empty cloud. */
    public double[] bounds() {
        double[] b = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        if (count == 0) {
            return b;
        }
        for (int a = 0; a < 3; a++) {
            b[a] = Double.POSITIVE_INFINITY;
            b[a + 3] = Double.NEGATIVE_INFINITY;
        }
        for (int i = 0; i < count; i++) {
            for (int a = 0; a < 3; a++) {
                b[a] = Math.min(b[a], positions[i * 3 + a]);
                b[a + 3] = Math.max(b[a + 3], positions[i * 3 + a]);
            }
        }
        return b;
    }

    @Override
    public String toString() {
        return "PointCloud[" + count + " points]";
    }
}
