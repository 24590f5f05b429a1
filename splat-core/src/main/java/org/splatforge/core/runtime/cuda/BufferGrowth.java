package org.splatforge.core.runtime.cuda;

/**
 * How device buffers grow: to what was asked for, but at least 1.5 times the old capacity, so
 * densification adding a few percent of Gaussians per step reallocates O(log N) times (the
 * same rule as the host arrays of RasterFrame). Never shrinks.
 */
public final class BufferGrowth {

    private BufferGrowth() {
    }

    /**
     * New capacity (elements) for a buffer of {@code current} elements that must hold
     * {@code needed}: {@code current} when it already fits.
     */
    public static long capacity(long current, long needed) {
        if (needed < 0 || current < 0) {
            throw new IllegalArgumentException("negative buffer size: current " + current + ", needed " + needed);
        }
        if (needed <= current) {
            return current;
        }
        long grown = current + current / 2;
        return Math.max(needed, grown);
    }

    /** Bytes of {@code count} elements of {@code elementBytes}, failing clearly on overflow. */
    public static long bytes(long count, int elementBytes, String what) {
        try {
            return Math.multiplyExact(count, (long) elementBytes);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + ": " + count + " elements of " + elementBytes
                    + " bytes overflow a 64-bit size");
        }
    }
}
