package org.splatforge.compress.sh;

/**
 * How one SH band (degree l >= 1, (2l+1) coefficients x 3 colours) is stored. The ids are
 * written in archives; never renumber them.
 */
public enum ShBandMode {
    /** Not stored: decoded as zeros (the band did not pay for its bits). */
    DROP(0),
    /** Entropy-constrained scalar quantization of every coefficient, see {@link ScalarShQuantizer}. */
    SCALAR(1),
    /** Entropy-constrained vector quantization of the band's vector, see {@link VectorShQuantizer}. */
    VECTOR(2);

    private final int id;

    ShBandMode(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public static ShBandMode fromId(int id) {
        for (ShBandMode m : values()) {
            if (m.id == id) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown SH band mode " + id);
    }
}
