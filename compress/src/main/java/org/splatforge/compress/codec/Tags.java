package org.splatforge.compress.codec;

/** Section tags of a Splatforge scene archive, in the order they are written. */
final class Tags {
    static final String HEAD = "HEAD";
    static final String POSITIONS = "POSN";
    static final String SCALES = "SCAL";
    static final String ROTATIONS = "ROTN";
    static final String OPACITY = "OPAC";
    static final String COLOR = "COLR";
    static final String SH = "SHAC";
    static final String PERMUTATION = "PERM";
    static final String META = "META";

    /** Critical sections in their required order (all must be present, in this order). */
    static final String[] REQUIRED = {HEAD, POSITIONS, SCALES, ROTATIONS, OPACITY, COLOR, SH};

    /** Section payload mode byte: quantized symbols or exact float bits. */
    static final int MODE_QUANTIZED = 0;
    static final int MODE_LOSSLESS = 1;

    private Tags() {
    }
}
