package org.splatforge.render.optim;

/**
 * Per-group Adam learning rates for one step of a Gaussian cloud. {@code means} is in world
 * units (already multiplied by the scene extent); the SH rate applies to the DC band, the
 * higher bands get {@code shDc * shRestFactor} (3DGS: 1/20) through the group's column scale.
 */
public record LearningRates(float means, float logScales, float quats, float opacityLogits, float shDc) {
}
