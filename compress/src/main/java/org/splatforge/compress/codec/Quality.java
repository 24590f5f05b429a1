package org.splatforge.compress.codec;

/**
 * Named rate points ({@code splat compress --quality ...}). Each maps to the quantization
 * settings in {@link CodecOptions#preset}; the ids are stored in archives (informational).
 *
 * <p>The lossy presets are provisional: they were set from attribute-error measurements on
 * synthetic clouds ({@code CodecReport}); phase 2 re-tunes them against test-view PSNR of
 * trained scenes (targets: HIGH at most 0.3 dB loss, SMALL about SPZ's 0.5 dB at a quarter
 * of its size).
 */
public enum Quality {
    /** Every float bit-exact (positions, scales, quaternions, opacity, SH). */
    LOSSLESS(0),
    /** Visually lossless target: fine grids; prunes only Gaussians the rasterizer never draws. */
    HIGH(1),
    /** The default: about SPZ's precision on geometry, rate-distortion optimised colour. */
    MEDIUM(2),
    /**
     * Smallest files: coarse grids, aggressive SH decisions, and view-free pruning of the 10%
     * least significant Gaussians (besides the invisible ones).
     */
    SMALL(3);

    private final int id;

    Quality(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public static Quality fromId(int id) {
        for (Quality q : values()) {
            if (q.id == id) {
                return q;
            }
        }
        throw new IllegalArgumentException("unknown quality id " + id);
    }

    /** Parses {@code lossless|high|medium|small} (case-insensitive), for the CLI. */
    public static Quality parse(String s) {
        for (Quality q : values()) {
            if (q.name().equalsIgnoreCase(s.trim())) {
                return q;
            }
        }
        throw new IllegalArgumentException("unknown quality '" + s + "': expected lossless, high, medium or small");
    }
}
