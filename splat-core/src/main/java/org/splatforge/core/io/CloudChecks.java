package org.splatforge.core.io;

import java.nio.file.Path;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SplatColumn;
import org.splatforge.core.scene.SplatColumns;

/** Checks readers run on what they decoded, so bad values are named where they were read. */
public final class CloudChecks {

    private CloudChecks() {
    }

    /**
     * Throws if any attribute is NaN or infinite, naming the Gaussian index and the
     * attribute by its PLY column name. Does nothing when {@code options} allow non-finite
     * values.
     */
    public static void requireFinite(Path file, GaussianCloud cloud, ReadOptions options) throws CorruptDataException {
        if (options.allowNonFinite()) {
            return;
        }
        int i = cloud.firstNonFinite();
        if (i < 0) {
            return;
        }
        for (SplatColumn c : SplatColumns.forDegree(cloud.shDegree())) {
            float v = c.get(cloud, i);
            if (!Float.isFinite(v)) {
                throw CorruptDataException.field(file, "Gaussian " + i + " attribute '" + c.name() + "'",
                        "expected a finite number, got " + v
                                + " (use `splat info` to count non-finite values)");
            }
        }
        throw CorruptDataException.field(file, "Gaussian " + i, "expected finite attributes");
    }

    /**
     * Largest Gaussian count a {@link GaussianCloud} of degree {@code degree} can hold
     * (its SH array must fit a Java array).
     */
    public static long maxGaussians(int degree) {
        return (Integer.MAX_VALUE - 8) / (GaussianCloud.coeffs(degree) * 3L);
    }

    /** Throws if {@code count} Gaussians of degree {@code degree} cannot be held in memory by one cloud. */
    public static int checkCount(Path file, String field, long count, int degree) throws CorruptDataException {
        if (count < 0) {
            throw CorruptDataException.field(file, field, "expected a non-negative count, got " + count);
        }
        if (count > maxGaussians(degree)) {
            throw CorruptDataException.field(file, field, "count " + count + " exceeds the " + maxGaussians(degree)
                    + " Gaussians of SH degree " + degree + " one cloud can hold");
        }
        return (int) count;
    }
}
