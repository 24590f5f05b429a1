package org.splatforge.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SplatColumn;
import org.splatforge.core.scene.SplatColumns;

/** Comparisons of clouds for format tests, naming the first column and Gaussian that differ. */
public final class Clouds {

    private Clouds() {
    }

    /** Every attribute bit-identical (NaNs compare equal to NaNs). */
    public static void assertIdentical(GaussianCloud expected, GaussianCloud actual) {
        assertClose(expected, actual, new Tolerance(0, 0, 0, 0, 0, 0, 0));
    }

    /**
     * Per-attribute absolute tolerances (quaternions compared after normalising, sign-free;
     * opacity after the sigmoid).
     */
    public record Tolerance(double position, double logScale, double quat, double opacity, double dc, double sh1, double shRest) {
    }

    public static void assertClose(GaussianCloud expected, GaussianCloud actual, Tolerance tol) {
        assertEquals(expected.size(), actual.size(), "Gaussian count");
        assertEquals(expected.shDegree(), actual.shDegree(), "SH degree");
        float[] qe = new float[4], qa = new float[4];
        for (SplatColumn c : SplatColumns.forDegree(expected.shDegree())) {
            if (c.field() == SplatColumn.Field.QUATS) {
                continue;
            }
            double t = switch (c.field()) {
                case MEANS -> tol.position;
                case LOG_SCALES -> tol.logScale;
                case OPACITY -> tol.opacity;
                case SH -> c.base() < 3 ? tol.dc : c.base() < 12 ? tol.sh1 : tol.shRest;
                case QUATS -> 0;
            };
            for (int i = 0; i < expected.size(); i++) {
                double e = c.get(expected, i), a = c.get(actual, i);
                if (c.field() == SplatColumn.Field.OPACITY && t > 0) {
                    e = GaussianCloud.sigmoid((float) e);
                    a = GaussianCloud.sigmoid((float) a);
                }
                boolean ok = t == 0 ? Float.floatToIntBits((float) e) == Float.floatToIntBits((float) a) : Math.abs(e - a) <= t;
                if (!ok) {
                    fail("column " + c.name() + ", Gaussian " + i + ": expected " + e + ", got " + a + " (tolerance " + t + ")");
                }
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            if (tol.quat == 0) {
                for (int a = 0; a < 4; a++) {
                    if (Float.floatToIntBits(expected.quats()[i * 4 + a]) != Float.floatToIntBits(actual.quats()[i * 4 + a])) {
                        fail("rot_" + a + ", Gaussian " + i + ": expected " + expected.quats()[i * 4 + a] + ", got " + actual.quats()[i * 4 + a]);
                    }
                }
                continue;
            }
            expected.normalizedQuat(i, qe, 0);
            actual.normalizedQuat(i, qa, 0);
            double dot = 0;
            for (int a = 0; a < 4; a++) {
                dot += qe[a] * qa[a];
            }
            double sign = dot < 0 ? -1 : 1; // q and -q are the same rotation
            for (int a = 0; a < 4; a++) {
                if (Math.abs(qe[a] - sign * qa[a]) > tol.quat) {
                    fail("rot_" + a + " (normalised), Gaussian " + i + ": expected " + qe[a] + ", got " + sign * qa[a] + " (tolerance " + tol.quat + ")");
                }
            }
        }
    }
}
