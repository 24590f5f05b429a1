package org.splatforge.compress.quant;

/**
 * Uniform scalar quantizer {@code q = rint((x - origin) / step)}, reconstruction
 * {@code origin + q * step}; the largest error is {@code step / 2}.
 */
public record UniformQuantizer(double origin, double step) {

    public UniformQuantizer {
        if (!(step > 0) || !Double.isFinite(step) || !Double.isFinite(origin)) {
            throw new IllegalArgumentException("bad quantizer origin " + origin + ", step " + step);
        }
    }

    public int quantize(double x) {
        double q = StrictMath.rint((x - origin) / step);
        return (int) Math.max(Integer.MIN_VALUE / 4, Math.min(Integer.MAX_VALUE / 4, q));
    }

    public double dequantize(int q) {
        return origin + q * step;
    }
}
