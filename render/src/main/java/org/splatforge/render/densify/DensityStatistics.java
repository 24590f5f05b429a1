package org.splatforge.render.densify;

import java.util.Arrays;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.render.checkpoint.CheckpointData;

/**
 * Per-Gaussian statistics gathered between densifications (3DGS's
 * {@code xyz_gradient_accum}, {@code denom}, {@code max_radii2D}):
 * <ul>
 *   <li>{@code gradSum: float[N]}, sum over views that saw the Gaussian of the norm of its
 *       view-space positional gradient in NDC units (pixel gradient times (W/2, H/2))</li>
 *   <li>{@code views: int[N]}, how many views saw it (radius > 0)</li>
 *   <li>{@code maxRadius: float[N]}, largest screen radius seen, as a fraction of max(W, H)</li>
 * </ul>
 */
final class DensityStatistics {

    float[] gradSum = new float[0];
    int[] views = new int[0];
    float[] maxRadius = new float[0];
    int size;

    /** Zeroed statistics for {@code n} Gaussians. */
    void reset(int n) {
        size = n;
        gradSum = new float[n];
        views = new int[n];
        maxRadius = new float[n];
    }

    void observe(ViewStats v, boolean absGrad) {
        if (v.count() != size) {
            throw new IllegalStateException("statistics for " + size + " Gaussians, view has " + v.count());
        }
        float[] g = absGrad && v.means2dAbsGrad() != null ? v.means2dAbsGrad() : v.means2dGrad();
        float sx = v.width() * 0.5f, sy = v.height() * 0.5f;
        float inv = 1f / Math.max(v.width(), v.height());
        int[] radii = v.radii();
        for (int i = 0; i < size; i++) {
            if (radii[i] <= 0) {
                continue;
            }
            float gx = g[2 * i] * sx, gy = g[2 * i + 1] * sy;
            gradSum[i] += (float) Math.sqrt(gx * gx + gy * gy);
            views[i]++;
            maxRadius[i] = Math.max(maxRadius[i], radii[i] * inv);
        }
    }

    /** Mean NDC gradient norm of Gaussian i over the views that saw it (0 if none). */
    float mean(int i) {
        return views[i] == 0 ? 0f : gradSum[i] / views[i];
    }

    void save(CheckpointData out, String prefix) {
        out.put(prefix + "gradSum", Arrays.copyOf(gradSum, size));
        out.put(prefix + "views", Arrays.copyOf(views, size));
        out.put(prefix + "maxRadius", Arrays.copyOf(maxRadius, size));
    }

    void load(CheckpointData in, String prefix, int n) throws CorruptDataException {
        gradSum = in.floats(prefix + "gradSum", n);
        views = in.ints(prefix + "views", n);
        maxRadius = in.floats(prefix + "maxRadius", n);
        size = n;
    }
}
