package org.splatforge.render.train;

import java.util.Arrays;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Initial Gaussians from a point cloud, as 3DGS's {@code create_from_pcd}: one Gaussian per
 * point, SH DC from the point colour ({@code (rgb - 0.5) / C0}), higher bands zero, identity
 * rotation, the given opacity, and an isotropic scale equal to the root of the mean squared
 * distance to the three nearest other points (clamped below at 1e-7, as {@code distCUDA2}).
 * Nearest neighbours come from a uniform grid searched ring by ring until no closer point
 * can exist, in parallel over points (each point's result is independent of the partition).
 */
public final class GaussianInit {

    /** SH band-0 constant, 1 / (2 sqrt(pi)). */
    public static final double SH_C0 = 0.28209479177387814;

    private GaussianInit() {
    }

    /**
     * @param positions   {@code float[M*3]}, world
     * @param colors      {@code float[M*3]}, RGB in [0, 1]
     * @param shDegree    SH degree of the cloud (bands above 0 start at zero)
     * @param opacity     initial opacity (activated)
     * @param scaleFactor multiplier of the nearest-neighbour scale
     */
    public static GaussianCloud fromPoints(float[] positions, float[] colors, int shDegree, float opacity,
                                           float scaleFactor, Device device) {
        int n = positions.length / 3;
        GaussianCloud c = GaussianCloud.create(n, shDegree);
        System.arraycopy(positions, 0, c.means(), 0, n * 3);
        float[] d2 = meanSquaredDistance3(positions, n, device);
        float logit = GaussianCloud.logit(opacity);
        int k3 = c.shCoeffs() * 3;
        for (int i = 0; i < n; i++) {
            float s = (float) Math.log(Math.sqrt(Math.max(1e-7, d2[i])) * scaleFactor);
            c.logScales()[i * 3] = s;
            c.logScales()[i * 3 + 1] = s;
            c.logScales()[i * 3 + 2] = s;
            c.opacityLogits()[i] = logit;
            for (int ch = 0; ch < 3; ch++) {
                c.sh()[i * k3 + ch] = (float) ((colors[i * 3 + ch] - 0.5) / SH_C0);
            }
        }
        return c;
    }

    /** Mean squared distance from each point to its 3 nearest other points (fewer when n <= 3). */
    public static float[] meanSquaredDistance3(float[] p, int n, Device device) {
        float[] out = new float[n];
        if (n <= 1) {
            Arrays.fill(out, 1e-2f);
            return out;
        }
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], p[i * 3 + a]);
                hi[a] = Math.max(hi[a], p[i * 3 + a]);
            }
        }
        double vol = 1;
        for (int a = 0; a < 3; a++) {
            vol *= Math.max(hi[a] - lo[a], 1e-6);
        }
        double cell = Math.cbrt(vol * 2.0 / n); // about two points per cell
        int[] dim = new int[3];
        for (int a = 0; a < 3; a++) {
            dim[a] = (int) Math.max(1, Math.min(1 << 10, Math.ceil((hi[a] - lo[a]) / cell) + 1));
        }
        long cells = (long) dim[0] * dim[1] * dim[2];
        if (cells > 1 << 26) {
            throw new IllegalArgumentException("initial points span too many grid cells: " + cells);
        }
        int[] cellOf = new int[n];
        int[] start = new int[(int) cells + 1];
        for (int i = 0; i < n; i++) {
            int cx = coord(p[i * 3], lo[0], cell, dim[0]);
            int cy = coord(p[i * 3 + 1], lo[1], cell, dim[1]);
            int cz = coord(p[i * 3 + 2], lo[2], cell, dim[2]);
            cellOf[i] = (cz * dim[1] + cy) * dim[0] + cx;
            start[cellOf[i] + 1]++;
        }
        for (int c = 0; c < cells; c++) {
            start[c + 1] += start[c];
        }
        int[] order = new int[n];
        int[] fill = Arrays.copyOf(start, (int) cells);
        for (int i = 0; i < n; i++) {
            order[fill[cellOf[i]]++] = i;
        }
        int want = Math.min(3, n - 1);
        device.parallelFor(n, 1024, (s, e, w) -> {
            double[] best = new double[3];
            for (int i = s; i < e; i++) {
                Arrays.fill(best, Double.MAX_VALUE);
                int c = cellOf[i];
                int cx = c % dim[0], cy = (c / dim[0]) % dim[1], cz = c / (dim[0] * dim[1]);
                for (int ring = 0; ; ring++) {
                    for (int z = cz - ring; z <= cz + ring; z++) {
                        for (int y = cy - ring; y <= cy + ring; y++) {
                            for (int x = cx - ring; x <= cx + ring; x++) {
                                boolean shell = Math.abs(x - cx) == ring || Math.abs(y - cy) == ring || Math.abs(z - cz) == ring;
                                if (!shell || x < 0 || y < 0 || z < 0 || x >= dim[0] || y >= dim[1] || z >= dim[2]) {
                                    continue;
                                }
                                int cc = (z * dim[1] + y) * dim[0] + x;
                                for (int k = start[cc]; k < start[cc + 1]; k++) {
                                    int j = order[k];
                                    if (j == i) {
                                        continue;
                                    }
                                    double dx = p[j * 3] - p[i * 3], dy = p[j * 3 + 1] - p[i * 3 + 1], dz = p[j * 3 + 2] - p[i * 3 + 2];
                                    insert(best, dx * dx + dy * dy + dz * dz);
                                }
                            }
                        }
                    }
                    double reach = ring * cell; // unvisited points are at least this far
                    boolean covered = ring >= dim[0] && ring >= dim[1] && ring >= dim[2];
                    if ((best[want - 1] <= reach * reach) || covered) {
                        break;
                    }
                }
                double sum = 0;
                for (int k = 0; k < want; k++) {
                    sum += best[k];
                }
                out[i] = (float) (sum / want);
            }
        });
        return out;
    }

    private static int coord(float v, double lo, double cell, int dim) {
        return Math.min(dim - 1, Math.max(0, (int) ((v - lo) / cell)));
    }

    private static void insert(double[] best, double d) {
        if (d >= best[2]) {
            return;
        }
        if (d < best[0]) {
            best[2] = best[1];
            best[1] = best[0];
            best[0] = d;
        } else if (d < best[1]) {
            best[2] = best[1];
            best[1] = d;
        } else {
            best[2] = d;
        }
    }
}
