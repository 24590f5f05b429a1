package org.splatforge.render.cuda;

import org.splatforge.core.runtime.cuda.LaunchGeometry;
import org.splatforge.render.raster.Rasterizer;

/**
 * The launch geometry and buffer sizes of one CUDA rasterization of {@code n} Gaussians
 * (K SH coefficients per channel) at {@code width x height}: pure arithmetic, shared by
 * {@link CudaRasterizer} and its unit tests.
 */
public record CudaRasterPlan(int n, int coeffs, int width, int height, int tilesX, int tilesY, int tileBits) {

    /** Threads per block of the per-Gaussian kernels (project uses ~96 registers, reduce ~240: 128 fits both). */
    public static final int GAUSSIAN_BLOCK = 128;
    /** Threads per block of the element-wise kernels. */
    public static final int LINEAR_BLOCK = 256;
    /** Floats of a per-entry gradient record (splat_common.cuh REC). */
    public static final int RECORD = 12;

    public static CudaRasterPlan of(int n, int coeffs, int width, int height) {
        if (n < 0 || coeffs < 1 || width < 1 || height < 1) {
            throw new IllegalArgumentException("rasterization of " + n + " Gaussians (" + coeffs
                    + " SH coefficients) at " + width + "x" + height);
        }
        int tx = (width + Rasterizer.TILE - 1) / Rasterizer.TILE, ty = (height + Rasterizer.TILE - 1) / Rasterizer.TILE;
        if (ty > 65535) {
            throw new IllegalArgumentException("image height " + height + " needs more than 65535 tile rows");
        }
        return new CudaRasterPlan(n, coeffs, width, height, tx, ty, TileKeys.tileBits(Math.multiplyExact(tx, ty)));
    }

    public int tiles() {
        return tilesX * tilesY;
    }

    public int pixels() {
        return Math.multiplyExact(width, height);
    }

    /** project, reduce_project_backward: one thread per Gaussian. */
    public LaunchGeometry perGaussian() {
        return LaunchGeometry.linear(n, GAUSSIAN_BLOCK);
    }

    /** emit_keys, reduce_weights, adam, densify: one thread per element of {@code count}. */
    public static LaunchGeometry linear(long count) {
        return LaunchGeometry.linear(count, LINEAR_BLOCK);
    }

    /** blend_forward / blend_backward: one 16x16 block per tile, one thread per pixel. */
    public LaunchGeometry perTile() {
        return LaunchGeometry.grid2d(tilesX, tilesY, Rasterizer.TILE, Rasterizer.TILE);
    }

    /**
     * Device bytes of a forward + backward with {@code entries} (tile, Gaussian) pairs: the
     * parameters, the per-Gaussian outputs and packed blend data, the per-entry keys, values and
     * gradient records, the per-pixel images and gradients, and the output gradients.
     */
    public long deviceBytes(long entries) {
        long g = n;
        long params = 4 * g * (3 + 3 + 4 + 1 + 3L * coeffs);
        long perGaussian = 4 * g * (2 + 3 + 1 + 1 + 3 + 1 + 1 + 4 + 1 + 1 + 12) + 8 * g;
        long perEntry = entries * (8 * 2 + 4 * 2 + 4 + 4 + 4L * RECORD);
        long perPixel = 4L * pixels() * (3 + 1 + 1 + 1 + 1 + 3 + 1 + 1);
        long grads = 4 * g * (3 + 3 + 4 + 1 + 3L * coeffs + 2 + 2);
        return params + perGaussian + perEntry + perPixel + grads + 8L * tiles();
    }
}
