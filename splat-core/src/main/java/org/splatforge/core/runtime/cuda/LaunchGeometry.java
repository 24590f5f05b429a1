package org.splatforge.core.runtime.cuda;

/**
 * Grid and block dimensions of one kernel launch, plus dynamic shared memory. Pure arithmetic,
 * validated against the limits every CUDA GPU since compute 3.0 has (1024 threads a block,
 * grid x below 2^31, y and z below 2^16), so a bad launch fails here with the sizes named
 * rather than as {@code CUDA_ERROR_INVALID_VALUE} on the device.
 */
public record LaunchGeometry(int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ, int sharedBytes) {

    public LaunchGeometry {
        if (gridX < 1 || gridY < 1 || gridZ < 1 || blockX < 1 || blockY < 1 || blockZ < 1 || sharedBytes < 0) {
            throw new IllegalArgumentException("launch dimensions must be positive: " + text(gridX, gridY, gridZ,
                    blockX, blockY, blockZ, sharedBytes));
        }
        if ((long) blockX * blockY * blockZ > 1024) {
            throw new IllegalArgumentException("more than 1024 threads a block: " + text(gridX, gridY, gridZ, blockX,
                    blockY, blockZ, sharedBytes));
        }
        if (gridY > 65535 || gridZ > 65535) {
            throw new IllegalArgumentException("grid y and z must be at most 65535: " + text(gridX, gridY, gridZ,
                    blockX, blockY, blockZ, sharedBytes));
        }
    }

    /** One thread per element of {@code n}, {@code block} threads a block (at least one block). */
    public static LaunchGeometry linear(long n, int block) {
        return new LaunchGeometry(blocks(n, block), 1, 1, block, 1, 1, 0);
    }

    /** A 2D grid of {@code gx * gy} blocks of {@code bx * by} threads. */
    public static LaunchGeometry grid2d(int gx, int gy, int bx, int by) {
        return new LaunchGeometry(gx, gy, 1, bx, by, 1, 0);
    }

    /** {@code ceil(n / per)} blocks, at least 1, checked to fit a grid's x dimension. */
    public static int blocks(long n, long per) {
        if (n < 0 || per < 1) {
            throw new IllegalArgumentException("blocks(" + n + ", " + per + ")");
        }
        long b = Math.max(1, (n + per - 1) / per);
        if (b > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " elements need " + b + " blocks of " + per
                    + ": more than a grid holds");
        }
        return (int) b;
    }

    public long threads() {
        return (long) gridX * gridY * gridZ * blockX * blockY * blockZ;
    }

    @Override
    public String toString() {
        return text(gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes);
    }

    private static String text(int gx, int gy, int gz, int bx, int by, int bz, int sh) {
        return "grid " + gx + "x" + gy + "x" + gz + ", block " + bx + "x" + by + "x" + bz
                + (sh > 0 ? ", " + sh + " B shared" : "");
    }
}
