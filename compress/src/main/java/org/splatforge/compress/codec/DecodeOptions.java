package org.splatforge.compress.codec;

/**
 * Limits and choices for {@link SceneCodec#decode}.
 *
 * @param maxGaussians    largest Gaussian count accepted (a crafted header cannot make the
 *                        decoder allocate more); default from the heap, about 512 bytes per
 *                        Gaussian of decoding memory
 * @param maxSectionBytes largest section payload accepted
 * @param restoreOrder    when the archive stores the input order (PERM), return Gaussians in
 *                        that order; otherwise in curve order
 */
public record DecodeOptions(long maxGaussians, long maxSectionBytes, boolean restoreOrder) {

    public DecodeOptions {
        if (maxGaussians < 0 || maxSectionBytes < 0) {
            throw new IllegalArgumentException("limits must be >= 0");
        }
    }

    public static DecodeOptions defaults() {
        long byHeap = Runtime.getRuntime().maxMemory() / 512;
        return new DecodeOptions(Math.max(1 << 16, Math.min(1L << 28, byHeap)), Integer.MAX_VALUE - 8, true);
    }

    public DecodeOptions withMaxGaussians(long m) {
        return new DecodeOptions(m, maxSectionBytes, restoreOrder);
    }

    public DecodeOptions withRestoreOrder(boolean r) {
        return new DecodeOptions(maxGaussians, maxSectionBytes, r);
    }
}
