package org.splatforge.vision.quant.integer;

/**
 * Dyadic requantisation multipliers, per channel ({@code mult.length == channels}) or per
 * tensor (length 1): {@code out = (x * mult[c] + 2^(shift[c]-1)) >> shift[c]}.
 */
public record Requant(int[] mult, int[] shift) {

    public Requant {
        if (mult.length != shift.length || mult.length == 0) {
            throw new IllegalArgumentException("requant arrays must be non-empty and of equal length");
        }
        for (int s : shift) {
            if (s < 1 || s > 62) {
                throw new IllegalArgumentException("requant shift " + s + " outside [1, 62]");
            }
        }
    }

    public long apply(long x, int channel) {
        int c = mult.length == 1 ? 0 : channel;
        return IntKernels.requant(x, mult[c], shift[c]);
    }
}
