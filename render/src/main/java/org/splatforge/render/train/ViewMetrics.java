package org.splatforge.render.train;

/** Quality of one rendered test view: PSNR (dB) and SSIM against its ground truth. */
public record ViewMetrics(String name, double psnr, double ssim) {
}
