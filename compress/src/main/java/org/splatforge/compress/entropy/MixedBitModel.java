package org.splatforge.compress.entropy;

/**
 * Binary context mixing: several {@link BitModel}s, each indexed by its own context, give
 * predictions that a gated linear mixer combines in the logistic domain (Mahoney, "Adaptive
 * weighing of context models for lossless data compression", 2005; PAQ8/lpaq1). The
 * weights are learnt online by gradient descent on coding cost, separately per mixer
 * context, so the mixer learns which model to trust in which situation. Everything is
 * integer arithmetic, so encoder and decoder agree bit for bit.
 *
 * <p>This pays when several weak, different contexts are informative at once (a joint
 * context over all of them would dilute the statistics); see FORMAT.md for where the codec
 * uses it.
 */
public final class MixedBitModel {

    private static final int WEIGHT_ONE = 1 << 16;

    private final BitModel[] inputs;
    private final int[] weights;
    private final int[] stretched;
    private final int n;
    private final int learningRate;
    private int lastMixCtx;
    private int lastP;

    /**
     * @param contextsPerInput number of contexts of each input model
     * @param mixerContexts    number of weight sets
     * @param learningRate     weight update rate, 1..16 (larger adapts faster)
     */
    public MixedBitModel(int[] contextsPerInput, int mixerContexts, int learningRate) {
        n = contextsPerInput.length + 1; // plus a bias input
        inputs = new BitModel[contextsPerInput.length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new BitModel(contextsPerInput[i]);
        }
        weights = new int[n * mixerContexts];
        int w0 = WEIGHT_ONE * 3 / (2 * inputs.length);
        for (int c = 0; c < mixerContexts; c++) {
            for (int i = 0; i < inputs.length; i++) {
                weights[c * n + i] = w0;
            }
        }
        stretched = new int[n];
        this.learningRate = learningRate;
    }

    /** 12-bit P(bit = 1) for the given input contexts and mixer context; call before coding. */
    private int predict(int[] ctx, int mixCtx) {
        long dot = 0;
        int base = mixCtx * n;
        for (int i = 0; i < inputs.length; i++) {
            int st = Logistic.stretch(inputs[i].p1(ctx[i]) >>> 4);
            stretched[i] = st;
            dot += (long) weights[base + i] * st;
        }
        stretched[n - 1] = 256;
        dot += (long) weights[base + n - 1] * 256;
        lastMixCtx = mixCtx;
        lastP = Logistic.squash((int) (dot >> 16));
        return lastP;
    }

    private void update(int[] ctx, int bit) {
        int err = ((bit << 12) - lastP) * learningRate;
        int base = lastMixCtx * n;
        for (int i = 0; i < n; i++) {
            weights[base + i] += (stretched[i] * err + (1 << 9)) >> 10;
        }
        for (int i = 0; i < inputs.length; i++) {
            inputs[i].update(ctx[i], bit);
        }
    }

    private static int p0From12(int p12) {
        int p1 = p12 << 4;
        return 65536 - Math.min(65536 - 64, Math.max(64, p1));
    }

    /** Codes {@code bit}; {@code ctx[i]} is the context of input model i. */
    public void encode(RangeEncoder enc, int[] ctx, int mixCtx, int bit) {
        enc.encodeBit(p0From12(predict(ctx, mixCtx)), bit);
        update(ctx, bit);
    }

    public int decode(RangeDecoder dec, int[] ctx, int mixCtx) {
        int bit = dec.decodeBit(p0From12(predict(ctx, mixCtx)));
        update(ctx, bit);
        return bit;
    }
}
