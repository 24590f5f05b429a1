package org.splatforge.core.io.spz;

/**
 * The fixed part of an SPZ header (Niantic spz: {@code PackedGaussiansHeader}, 16 bytes
 * inside the gzip stream for versions 1-3; {@code NgspFileHeader}, 32 plain bytes at the
 * start of the file for version 4).
 *
 * @param version        1..4
 * @param numPoints      Gaussian count
 * @param shDegree       0..4 as stored (we keep at most 3)
 * @param fractionalBits fixed-point fraction bits of the 24-bit positions
 * @param flags          0x1 antialiased, 0x2 extensions present
 * @param numStreams     v4: number of zstd streams after the TOC (0 for legacy)
 * @param tocOffset      v4: byte offset of the TOC (0 for legacy)
 */
record SpzHeader(int version, long numPoints, int shDegree, int fractionalBits, int flags, int numStreams, long tocOffset) {

    static final int MAGIC = 0x5053474e; // "NGSP" little-endian
    static final int FLAG_ANTIALIASED = 0x1;
    static final int FLAG_EXTENSIONS = 0x2;

    /** SH coefficients per channel beyond DC: 0, 3, 8, 15 or 24. */
    int shDim() {
        return (shDegree + 1) * (shDegree + 1) - 1;
    }

    int positionBytes() {
        return version == 1 ? 6 : 9;
    }

    int rotationBytes() {
        return version >= 3 ? 4 : 3;
    }

    /** Uncompressed bytes of stream s in the v4 order: positions, alphas, colors, scales, rotations, sh. */
    long streamBytes(int s) {
        return numPoints * switch (s) {
            case 0 -> positionBytes();
            case 1 -> 1;
            case 2, 3 -> 3;
            case 4 -> rotationBytes();
            default -> shDim() * 3L;
        };
    }

    /** Bytes per Gaussian over all attributes. */
    long bytesPerPoint() {
        return positionBytes() + 1 + 3 + 3 + rotationBytes() + shDim() * 3L;
    }
}
