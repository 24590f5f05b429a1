package org.splatforge.render.train;

/**
 * Image quality metrics used for evaluation, over RGB images {@code float[H*W*3]} in [0, 1]
 * (the project's canonical PSNR and SSIM live in {@code org.splatforge.core.metrics}; the
 * CLI passes those in). LPIPS is not computed anywhere in Splatforge.
 */
public interface ImageMetrics {

    /** Peak signal-to-noise ratio in dB (peak 1). */
    double psnr(float[] render, float[] target, int width, int height);

    /** Mean SSIM (11x11 Gaussian window, sigma 1.5). */
    double ssim(float[] render, float[] target, int width, int height);
}
