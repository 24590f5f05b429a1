package org.splatforge.render.raster;

/**
 * Input checks every {@link Rasterizer#backward} implementation makes, in one place so the
 * backends word their errors the same way.
 */
public final class RasterChecks {

    private RasterChecks() {
    }

    /**
     * Checks the loss gradients against the frame: {@code dLdImage} present with H*W*3 values,
     * {@code dLdAlpha}/{@code dLdDepth} null or H*W, and a depth gradient only after a forward
     * with {@link RasterSettings#computeDepth()}.
     */
    public static void backwardInputs(RasterFrame frame, float[] dLdImage, float[] dLdAlpha, float[] dLdDepth) {
        int px = frame.width() * frame.height();
        length(dLdImage, px * 3, "dLdImage", false);
        length(dLdAlpha, px, "dLdAlpha", true);
        length(dLdDepth, px, "dLdDepth", true);
        if (dLdDepth != null && !frame.settings().computeDepth()) {
            throw new IllegalArgumentException("a depth gradient needs a forward with RasterSettings.withDepth(true)");
        }
    }

    private static void length(float[] a, int n, String what, boolean nullable) {
        if (a == null) {
            if (!nullable) {
                throw new IllegalArgumentException(what + " must not be null");
            }
            return;
        }
        if (a.length < n) {
            throw new IllegalArgumentException(what + " has " + a.length + " values, expected at least " + n);
        }
    }
}
