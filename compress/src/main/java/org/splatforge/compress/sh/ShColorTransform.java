package org.splatforge.compress.sh;

/**
 * Orthonormal decorrelating transform of one SH coefficient's RGB triple:
 * {@code Y = (R+G+B)/sqrt3, C1 = (R-B)/sqrt2, C2 = (R-2G+B)/sqrt6}. View-dependent colour
 * (highlights, sheen) is mostly achromatic, so energy concentrates in Y and the chroma
 * coefficients quantize to zero. Being orthonormal, the transform preserves squared error,
 * so distortion can be measured in either space.
 */
public final class ShColorTransform {

    private static final double R3 = 1 / Math.sqrt(3), R2 = 1 / Math.sqrt(2), R6 = 1 / Math.sqrt(6);

    private ShColorTransform() {
    }

    /** RGB at {@code in[io..io+3)} to (Y, C1, C2) at {@code out[oo..oo+3)}. */
    public static void forward(float[] in, int io, float[] out, int oo) {
        double r = in[io], g = in[io + 1], b = in[io + 2];
        out[oo] = (float) ((r + g + b) * R3);
        out[oo + 1] = (float) ((r - b) * R2);
        out[oo + 2] = (float) ((r - 2 * g + b) * R6);
    }

    /** (Y, C1, C2) to RGB. */
    public static void inverse(double y, double c1, double c2, float[] out, int oo) {
        out[oo] = (float) (y * R3 + c1 * R2 + c2 * R6);
        out[oo + 1] = (float) (y * R3 - 2 * c2 * R6);
        out[oo + 2] = (float) (y * R3 - c1 * R2 + c2 * R6);
    }
}
