package org.splatforge.render.train;

import org.splatforge.render.densify.DensityEvent;

/**
 * One training iteration: its (1-based) number, the loss (photometric plus regularisers),
 * the training view's PSNR (dB, from the same render), the Gaussian count after the step,
 * and the density event, if any.
 */
public record StepResult(int iteration, double loss, double trainPsnr, int gaussians, DensityEvent event) {
}
