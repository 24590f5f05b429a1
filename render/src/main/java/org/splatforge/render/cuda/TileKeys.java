package org.splatforge.render.cuda;

/**
 * The 64-bit sort key of a (tile, Gaussian) entry, as the CUDA kernels build it
 * ({@code tile_key} in splat_common.cuh): the tile id in the top {@code tileBits} bits, then the
 * positive double depth's IEEE-754 bit pattern (bit 63 is 0, and positive doubles order like
 * their bit patterns) shifted right by {@code tileBits - 1}. Sorting the keys stably therefore
 * groups entries by tile and orders each tile's run by depth, ties (depths equal in their top
 * {@code 64 - tileBits} bits: at 8160 tiles, 50 of the 63) by index, the contract's order.
 *
 * <p>This class is the Java twin the tests check the ordering and the tile extraction with.
 */
public final class TileKeys {

    private TileKeys() {
    }

    /** Bits needed for tile ids {@code 0..tiles-1}: at least 1, at most 32. */
    public static int tileBits(int tiles) {
        if (tiles < 1) {
            throw new IllegalArgumentException("tiles must be >= 1, got " + tiles);
        }
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(tiles - 1));
    }

    /** The key of an entry of tile {@code tile} at positive camera depth {@code depth}. */
    public static long key(int tile, double depth, int tileBits) {
        long bits = Double.doubleToRawLongBits(depth);
        return ((long) tile << (64 - tileBits)) | (bits >>> (tileBits - 1));
    }

    /** The tile id of a key. */
    public static int tile(long key, int tileBits) {
        return (int) (key >>> (64 - tileBits));
    }
}
