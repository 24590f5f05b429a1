package org.splatforge.vision.model;

/**
 * Shape of a ViT/DeiT classifier (Dosovitskiy et al. 2021, "An Image is Worth 16x16 Words";
 * DeiT, Touvron et al. 2021): square images of {@code imageSize} pixels with {@code channels}
 * planes, cut into {@code patch x patch} patches, a class token, learned position embeddings,
 * {@code depth} pre-norm blocks of width {@code dim} with {@code heads} attention heads and an
 * MLP of width {@code mlp}, and a linear head over {@code classes}.
 *
 * <p>Inputs are normalised per channel as {@code (pixel/255 - mean[c]) / std[c]} before the
 * patch embedding; the normalisation is part of the model so integer inference can fold it
 * into the first layer.
 *
 * @param lnEps LayerNorm epsilon (timm's ViT and DeiT use 1e-6)
 */
public record VitConfig(int imageSize, int channels, int patch, int dim, int depth, int heads,
                        int mlp, int classes, float[] mean, float[] std, float lnEps) {

    public VitConfig {
        if (imageSize <= 0 || channels <= 0 || patch <= 0 || dim <= 0 || depth <= 0 || heads <= 0
                || mlp <= 0 || classes <= 0) {
            throw new IllegalArgumentException("ViT sizes must be positive: " + describe(imageSize, channels,
                    patch, dim, depth, heads, mlp, classes));
        }
        if (imageSize % patch != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " is not a multiple of patch " + patch);
        }
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
        }
        if (mean == null || std == null || mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("mean and std need one value per channel (" + channels + ")");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be > 0, got " + s);
            }
        }
        if (imageSize > 4096 || dim > 8192 || depth > 256 || mlp > 65536 || classes > 100_000) {
            throw new IllegalArgumentException("absurd ViT size: " + describe(imageSize, channels, patch, dim,
                    depth, heads, mlp, classes));
        }
    }

    /** The tiny Fashion-MNIST model: 28x28 grey, patch 4 (49 patches + class token), dim 64, 4 blocks. */
    public static VitConfig tinyFashion() {
        return new VitConfig(28, 1, 4, 64, 4, 4, 128, 10, new float[] {0.2860f}, new float[] {0.3530f}, 1e-6f);
    }

    /** Patches per side. */
    public int grid() {
        return imageSize / patch;
    }

    /** Number of patches (tokens without the class token). */
    public int patches() {
        return grid() * grid();
    }

    /** Tokens including the class token (token 0). */
    public int tokens() {
        return patches() + 1;
    }

    /** Values in one patch vector, ordered (channel, row, column) like a Conv2d kernel. */
    public int patchDim() {
        return channels * patch * patch;
    }

    public int headDim() {
        return dim / heads;
    }

    /** Pixels of one input image, CHW. */
    public int pixels() {
        return channels * imageSize * imageSize;
    }

    @Override
    public String toString() {
        return describe(imageSize, channels, patch, dim, depth, heads, mlp, classes);
    }

    private static String describe(int imageSize, int channels, int patch, int dim, int depth, int heads,
                                   int mlp, int classes) {
        return "ViT(image " + imageSize + "x" + imageSize + "x" + channels + ", patch " + patch + ", dim " + dim
                + ", depth " + depth + ", heads " + heads + ", mlp " + mlp + ", classes " + classes + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VitConfig c && c.imageSize == imageSize && c.channels == channels && c.patch == patch
                && c.dim == dim && c.depth == depth && c.heads == heads && c.mlp == mlp && c.classes == classes
                && java.util.Arrays.equals(c.mean, mean) && java.util.Arrays.equals(c.std, std) && c.lnEps == lnEps;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(imageSize, channels, patch, dim, depth, heads, mlp, classes,
                java.util.Arrays.hashCode(mean), java.util.Arrays.hashCode(std), lnEps);
    }
}
