package org.splatforge.compress.codec;

import org.splatforge.compress.sh.ShBandMode;

/**
 * Why band {@code band} got its mode: the rate-distortion cost {@code J = D + lambda R} of
 * each candidate on the planned cloud (D: significance-weighted squared SH error summed
 * over Gaussians; R: estimated bits), NaN for candidates not tried.
 */
public record ShDecision(int band, ShBandMode chosen, double lambda, double jDrop, double jScalar, double jVector,
                         double scalarBits, double vectorBits, int vectorK) {
}
