package org.splatforge.vision.infer;

/**
 * Peak activation bytes of one forward pass of a batch: the planned schedule's arena, the
 * naive schedule with no reuse, and the naive (unfused) schedule with buffers freed after
 * their last use (layer-by-layer execution, the usual framework baseline).
 */
public record MemoryReport(int batch, long plannedBytes, long naiveBytes, long naiveLivenessBytes) {

    /** naive / planned. */
    public double reduction() {
        return (double) naiveBytes / plannedBytes;
    }

    /** naive-with-frees / planned. */
    public double reductionVsLiveness() {
        return (double) naiveLivenessBytes / plannedBytes;
    }
}
