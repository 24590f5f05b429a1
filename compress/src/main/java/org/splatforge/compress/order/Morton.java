package org.splatforge.compress.order;

/** 3D Morton (Z-order) bit interleaving of three 21-bit integers into a 63-bit key. */
public final class Morton {

    private Morton() {
    }

    /** Spreads the low 21 bits of {@code v} to every third bit (bit i goes to bit 3i). */
    static long spread(int v) {
        long x = v & 0x1F_FFFFL;
        x = (x | x << 32) & 0x1F00000000FFFFL;
        x = (x | x << 16) & 0x1F0000FF0000FFL;
        x = (x | x << 8) & 0x100F00F00F00F00FL;
        x = (x | x << 4) & 0x10C30C30C30C30C3L;
        x = (x | x << 2) & 0x1249249249249249L;
        return x;
    }

    /** Inverse of {@link #spread}: gathers every third bit starting at bit 0. */
    static int compact(long key) {
        long x = key & 0x1249249249249249L;
        x = (x | x >>> 2) & 0x10C30C30C30C30C3L;
        x = (x | x >>> 4) & 0x100F00F00F00F00FL;
        x = (x | x >>> 8) & 0x1F0000FF0000FFL;
        x = (x | x >>> 16) & 0x1F00000000FFFFL;
        x = (x | x >>> 32) & 0x1F_FFFFL;
        return (int) x;
    }

    /** Key with x in the most significant bit of each bit triple. */
    public static long encode(int x, int y, int z) {
        return spread(x) << 2 | spread(y) << 1 | spread(z);
    }
}
