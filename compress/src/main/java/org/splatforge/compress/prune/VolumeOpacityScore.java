package org.splatforge.compress.prune;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * View-free significance: {@code sigmoid(opacity) * (V / V_ref)^vPow}, i.e. LightGaussian's
 * global significance with the per-view accumulation of opacity x transmittance replaced by
 * the opacity alone (see {@link LightGaussianVolume}). It cannot see occlusion or how often
 * a Gaussian is in view, so it prunes less reliably than the view-based score; the codec
 * uses it when no training views are given.
 */
public final class VolumeOpacityScore implements SignificanceScore {

    private final double vPow;

    public VolumeOpacityScore() {
        this(LightGaussianVolume.DEFAULT_POWER);
    }

    public VolumeOpacityScore(double vPow) {
        if (!(vPow >= 0) || !Double.isFinite(vPow)) {
            throw new IllegalArgumentException("volume power must be finite and >= 0, got " + vPow);
        }
        this.vPow = vPow;
    }

    @Override
    public String name() {
        return "opacity-volume(vPow=" + vPow + ")";
    }

    @Override
    public float[] score(GaussianCloud cloud, Device device) {
        int n = cloud.size();
        float[] op = new float[n];
        float[] logits = cloud.opacityLogits();
        for (int i = 0; i < n; i++) {
            op[i] = (float) (1.0 / (1.0 + StrictMath.exp(-(double) logits[i])));
        }
        return LightGaussianVolume.apply(op, cloud, vPow);
    }
}
