package org.splatforge.core.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Facts about the Vector API on this JVM, for logs and for choosing kernel widths. */
public final class VectorSupport {

    /** The widest float species the hardware supports (e.g. 8 lanes with AVX2). */
    public static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private VectorSupport() {
    }

    /** e.g. {@code "8 float lanes"}. */
    public static String describe() {
        return FLOATS.length() + " float lanes";
    }
}
