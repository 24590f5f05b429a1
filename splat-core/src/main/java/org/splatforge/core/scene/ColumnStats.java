package org.splatforge.core.scene;

/**
 * Statistics of one column over a cloud, as splat-transform's {@code --summary} reports
 * them: over the finite values only, population standard deviation (divide by n).
 * Values are raw (pre-activation), in the column's own units.
 *
 * @param name      column name ({@link SplatColumns})
 * @param count     number of Gaussians
 * @param nanCount  how many values are NaN
 * @param infCount  how many values are +/-Infinity
 * @param min       smallest finite value (NaN when there is none)
 * @param max       largest finite value (NaN when there is none)
 * @param mean      mean of the finite values (NaN when there is none)
 * @param stdDev    population standard deviation of the finite values
 * @param median    median of the finite values (mean of the middle two for even counts)
 */
public record ColumnStats(String name, long count, long nanCount, long infCount,
                          double min, double max, double mean, double stdDev, double median) {
}
