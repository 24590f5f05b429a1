package org.splatforge.vision.train;

/**
 * AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"): Adam moments
 * with bias correction, and weight decay applied to the weights directly, only where
 * {@code decayMask} is true (matrices; not biases, norms, tokens or positions, as timm does).
 */
public final class AdamW {

    private final float[] m, v;
    private final boolean[] decayMask;
    private final float beta1, beta2, eps;
    private long t;

    public AdamW(int size, boolean[] decayMask, float beta1, float beta2, float eps) {
        this.m = new float[size];
        this.v = new float[size];
        this.decayMask = decayMask;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** One update of {@code params} with gradient {@code grad}. */
    public void step(float[] params, float[] grad, float lr, float weightDecay) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lr / bc1);
        float invBc2 = (float) (1 / Math.sqrt(bc2));
        for (int i = 0; i < params.length; i++) {
            float g = grad[i];
            float mi = m[i] = beta1 * m[i] + (1 - beta1) * g;
            float vi = v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            if (decayMask[i]) {
                params[i] -= lr * weightDecay * params[i];
            }
            params[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invBc2 + eps);
        }
    }

    public long steps() {
        return t;
    }
}
