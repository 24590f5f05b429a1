package org.splatforge.render.dynamic;

/**
 * Shape of a {@link DeformationField}: a multi-resolution HexPlane (K-Planes / 4DGaussians,
 * Wu et al. 2024, "4D Gaussian Splatting for Real-Time Dynamic Scene Rendering") followed by
 * an MLP.
 *
 * @param spatialRes   grid cells per spatial axis at the coarsest scale (4DGaussians: 64)
 * @param scales       number of scales; scale s has {@code spatialRes << s} cells per spatial
 *                     axis (4DGaussians multires [1, 2]: 2)
 * @param timeRes      grid cells along time, the same at every scale (4DGaussians D-NeRF: 25)
 * @param features     feature channels per plane (the MLP input is {@code features * scales})
 * @param hidden       MLP width (4DGaussians: 64)
 * @param hiddenLayers MLP hidden layers, each {@code hidden} wide with ReLU (>= 1)
 */
public record FieldConfig(int spatialRes, int scales, int timeRes, int features, int hidden, int hiddenLayers) {

    /** Outputs of the MLP per Gaussian: d-position (3), d-log-scale (3), d-quaternion (4), d-opacity-logit (1). */
    public static final int OUTPUTS = 11;

    public FieldConfig {
        if (spatialRes < 2 || spatialRes > 512 || scales < 1 || scales > 4 || timeRes < 2 || timeRes > 512
                || features < 1 || features > 64 || hidden < 1 || hidden > 256 || hiddenLayers < 1 || hiddenLayers > 8) {
            throw new IllegalArgumentException("field config out of range (spatialRes 2..512, scales 1..4, timeRes 2..512,"
                    + " features 1..64, hidden 1..256, hiddenLayers 1..8): " + this);
        }
        if ((long) (spatialRes << (scales - 1)) * (spatialRes << (scales - 1)) * features * 3 > 64L << 20) {
            throw new IllegalArgumentException("field planes too large: " + this);
        }
    }

    /** The default for small scenes on a CPU: 16/32 cells, 24 time cells, 8 channels, MLP 2 x 32. */
    public static FieldConfig defaults() {
        return new FieldConfig(16, 2, 24, 8, 32, 2);
    }

    /** MLP input width. */
    public int inputs() {
        return features * scales;
    }

    /** Cells per spatial axis at scale {@code s}. */
    public int res(int s) {
        return spatialRes << s;
    }
}
