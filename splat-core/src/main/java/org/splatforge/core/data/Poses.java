package org.splatforge.core.data;

import java.nio.file.Path;
import org.splatforge.core.io.CorruptDataException;

/** Checks shared by the readers that take camera-to-world matrices from files. */
final class Poses {

    private Poses() {
    }

    /**
     * Throws unless {@code m} (4x4 row-major camera-to-world) is finite, has bottom row
     * (0, 0, 0, 1) and a proper rotation (orthonormal, determinant +1, to 1e-3): the
     * rasterizer assumes rigid cameras, and a scaled or mirrored pose would silently
     * distort every projection.
     */
    static void checkRigid(double[] m, Path file, String field) throws CorruptDataException {
        for (int i = 0; i < 16; i++) {
            if (!Double.isFinite(m[i])) {
                throw CorruptDataException.field(file, field + "[" + i / 4 + "][" + i % 4 + "]",
                        "is " + m[i] + ", expected a finite number");
            }
        }
        if (Math.abs(m[12]) > 1e-6 || Math.abs(m[13]) > 1e-6 || Math.abs(m[14]) > 1e-6 || Math.abs(m[15] - 1) > 1e-6) {
            throw CorruptDataException.field(file, field + "[3]", "bottom row is (" + m[12] + ", " + m[13] + ", "
                    + m[14] + ", " + m[15] + "), expected (0, 0, 0, 1)");
        }
        double worst = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double d = 0;
                for (int r = 0; r < 3; r++) {
                    d += m[r * 4 + a] * m[r * 4 + b];
                }
                worst = Math.max(worst, Math.abs(d - (a == b ? 1 : 0)));
            }
        }
        double det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8])
                + m[2] * (m[4] * m[9] - m[5] * m[8]);
        if (worst > 1e-3 || det < 0) {
            throw CorruptDataException.field(file, field, String.format(java.util.Locale.ROOT,
                    "rotation part is not a proper rotation (|R^T R - I| = %.3g, det = %.4f); expected a rigid "
                            + "camera-to-world transform without scale or mirroring", worst, det));
        }
    }
}
