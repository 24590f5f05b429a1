package org.splatforge.vision.train;

/**
 * Hyper-parameters of a training run.
 *
 * @param epochs         passes over the training set
 * @param batch          samples per optimiser step
 * @param lr             peak learning rate (after linear warm-up, then cosine decay to {@code lr * minLrFactor})
 * @param warmupSteps    linear warm-up length in steps
 * @param minLrFactor    the cosine schedule ends at {@code lr * minLrFactor}
 * @param weightDecay    AdamW decoupled weight decay on matrices
 * @param labelSmoothing cross-entropy label smoothing
 * @param flip           random horizontal flips
 * @param maxShift       random shifts of up to this many pixels
 * @param erase          probability of random erasing (Zhong et al. 2020): one rectangle of 2-25% of
 *                       the image, aspect ratio 0.3-3.3, set to the background value 0
 * @param emaDecay       exponential moving average of the weights (timm's ModelEma); 0 = off. The
 *                       decay ramps up as {@code min(emaDecay, (1 + t) / (10 + t))} over steps t
 * @param seed           initialisation and shuffling seed
 * @param limit          use only the first {@code limit} training images (0 = all)
 */
public record TrainOptions(int epochs, int batch, float lr, int warmupSteps, float minLrFactor,
                           float weightDecay, float labelSmoothing, boolean flip, int maxShift, float erase,
                           float emaDecay, long seed, int limit) {

    public TrainOptions {
        if (epochs <= 0 || batch <= 0 || !(lr > 0) || warmupSteps < 0 || weightDecay < 0 || labelSmoothing < 0
                || labelSmoothing >= 1 || maxShift < 0 || limit < 0 || minLrFactor < 0 || !(erase >= 0 && erase <= 1)
                || !(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("invalid training options: " + epochs + " epochs, batch " + batch
                    + ", lr " + lr + ", erase " + erase + ", ema " + emaDecay);
        }
    }

    /** The defaults of {@code splat vision train}. */
    public static TrainOptions defaults() {
        return new TrainOptions(15, 128, 2e-3f, 500, 0.01f, 0.05f, 0.0f, true, 2, 0f, 0f, 1, 0);
    }

    /** The same options with a different epoch count. */
    public TrainOptions withEpochs(int n) {
        return new TrainOptions(n, batch, lr, warmupSteps, minLrFactor, weightDecay, labelSmoothing, flip, maxShift,
                erase, emaDecay, seed, limit);
    }
}
