package org.splatforge.compress.codec;

import org.splatforge.compress.container.ByteReader;
import org.splatforge.compress.container.ByteWriter;
import org.splatforge.compress.entropy.StreamCorruptException;

/**
 * The HEAD section: counts and the settings every other section needs.
 *
 * @param sourceCount  Gaussians in the input, before pruning
 * @param count        Gaussians stored
 * @param sourceDegree SH degree of the input
 * @param shDegree     SH degree of the decoded cloud (highest band kept)
 * @param quality      preset id
 * @param lossless     every attribute stored as exact float bits
 * @param permuted     a PERM section restores the input order
 * @param blockSize    Gaussians per independently coded block
 */
record Header(long sourceCount, int count, int sourceDegree, int shDegree, Quality quality, boolean lossless,
              boolean permuted, int blockSize) {

    byte[] encode() {
        return new ByteWriter().varint(sourceCount).varint(count).u8(sourceDegree).u8(shDegree).u8(quality.id())
                .u8((lossless ? 1 : 0) | (permuted ? 2 : 0)).varint(blockSize).toByteArray();
    }

    static Header decode(ByteReader r, long maxGaussians) {
        long source = r.varint("source Gaussian count", 0, Long.MAX_VALUE / 2);
        int countAt = r.position();
        long count = r.varint("Gaussian count");
        if (count > maxGaussians) {
            throw new StreamCorruptException(countAt, "Gaussian count " + count + " exceeds the decoder's limit of "
                    + maxGaussians + " (DecodeOptions.maxGaussians)");
        }
        if (count > source) {
            throw new StreamCorruptException(countAt, "stored count " + count + " exceeds the source count " + source);
        }
        int sd = r.u8("source SH degree", 0, 3);
        int d = r.u8("SH degree", 0, sd);
        int qAt = r.position();
        int q = r.u8("quality");
        Quality quality;
        try {
            quality = Quality.fromId(q);
        } catch (IllegalArgumentException e) {
            throw new StreamCorruptException(qAt, "unknown quality id " + q);
        }
        int flagsAt = r.position();
        int flags = r.u8("flags");
        if ((flags & ~3) != 0) {
            throw new StreamCorruptException(flagsAt, "unknown header flags " + flags);
        }
        int block = (int) r.varint("block size", 256, 1 << 24);
        r.expectEnd("HEAD");
        return new Header(source, (int) count, sd, d, quality, (flags & 1) != 0, (flags & 2) != 0, block);
    }
}
