package org.splatforge.core.io.spz;

/**
 * Axis flips between an SPZ file's coordinate system and ours. SPZ stores RUB (x right,
 * y up, z back: OpenGL/three.js) unless an {@code SPZ_ADOBE_coordinate_system} extension
 * says otherwise; our clouds are in the INRIA PLY frame, which splat-transform and the SPZ
 * library call RDF (x right, y down, z forward). RUB to RDF negates y and z: a rotation by
 * 180 degrees about x, so positions, quaternion vector parts and odd SH basis functions
 * change sign (the SPZ library's {@code CoordinateConverter} does the same).
 *
 * @param flip   sign of each axis (x, y, z) from file to RDF
 */
record SpzAxes(float[] flip) {

    /** The SPZ default, RUB: y and z flip. */
    static final SpzAxes RUB = new SpzAxes(new float[] {1, -1, -1});

    /**
     * For each of the 15 non-DC real SH basis functions (3DGS order: band 1 y, z, x; band 2
     * xy, yz, 3z^2-1, xz, x^2-y^2; band 3 ...), whether it is odd in x, y and z. Flipping
     * axis a multiplies the coefficient by -1 for each odd axis.
     */
    private static final int[][] SH_PARITY = {
            {0, 1, 0}, {0, 0, 1}, {1, 0, 0},
            {1, 1, 0}, {0, 1, 1}, {0, 0, 0}, {1, 0, 1}, {0, 0, 0},
            {0, 1, 0}, {1, 1, 1}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {0, 0, 1}, {1, 0, 0},
    };

    /** Sign for the position axis a. */
    float position(int a) {
        return flip[a];
    }

    /** Sign for quaternion vector component a (x, y, z): an axial vector, so times the determinant. */
    float quat(int a) {
        return flip[a] * flip[0] * flip[1] * flip[2];
    }

    /** Sign for SH coefficient k (1..15; k = 0 is DC and never flips). */
    float sh(int k) {
        int[] p = SH_PARITY[k - 1];
        float s = 1;
        for (int a = 0; a < 3; a++) {
            if (p[a] == 1) {
                s *= flip[a];
            }
        }
        return s;
    }

    /**
     * The flips for an SPZ library {@code CoordinateSystem} enum value, or null when the
     * system is one of the rotated family (LBD..RFU), which we do not convert.
     * 0 (UNSPECIFIED) is taken as the spec's default, RUB.
     */
    static SpzAxes forCoordinateSystem(int value) {
        // Standard family in enum order: LDB, RDB, LUB, RUB, LDF, RDF, LUF, RUF (1..8).
        if (value == 0) {
            return RUB;
        }
        if (value < 1 || value > 8) {
            return null;
        }
        int v = value - 1;
        float x = (v & 1) == 0 ? -1 : 1;   // L / R
        float y = (v & 2) == 0 ? 1 : -1;   // D / U
        float z = (v & 4) == 0 ? -1 : 1;   // B / F
        return new SpzAxes(new float[] {x, y, z});
    }
}
