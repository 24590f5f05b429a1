package org.splatforge.vision.quant;

import org.splatforge.vision.quant.integer.IntVitModel;

/**
 * An integer-only model plus the one real number outside the integer path: the scale of its
 * int32 logits, for reporting probabilities ({@code logit = int * logitScale}). Classification
 * (argmax) needs no scale.
 */
public record QuantizedVit(IntVitModel model, double logitScale, String calibration) {
}
