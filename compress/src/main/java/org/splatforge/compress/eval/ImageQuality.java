package org.splatforge.compress.eval;

/**
 * Image quality of a scene on a set of views.
 *
 * @param psnr  mean over views of the per-view PSNR, dB (peak 1), as the 3DGS evaluation
 * @param ssim  mean over views of the per-view SSIM
 * @param views number of views measured
 */
public record ImageQuality(double psnr, double ssim, int views) {
}
