package org.splatforge.vision.train;

import java.util.SplittableRandom;
import org.splatforge.core.runtime.Device;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;
import org.splatforge.vision.model.VitWeights;

/**
 * Trains a ViT classifier from scratch with AdamW and cross-entropy. Data parallel over the
 * device's workers: each worker runs forward and backward for a contiguous slice of the batch
 * ({@link Device#parallelForStatic}) into its own gradient buffer; the buffers are summed in
 * worker order, so a run is deterministic for a fixed seed and thread count.
 */
public final class VitTrainer {

    /** Called after every step and epoch (for logs, checkpoints and Ctrl-C handling). */
    public interface Listener {
        default void step(long step, double loss, float lr) {
        }

        /**
         * After each epoch; {@code state} is consistent (it can be written and resumed).
         *
         * @param emaAccuracy test accuracy of the moving-average weights (NaN when the EMA is off)
         * @return false to stop training
         */
        default boolean epoch(int epoch, double trainLoss, double testAccuracy, double emaAccuracy, TrainState state) {
            return true;
        }
    }

    private final VitWeights w;
    private final Device device;
    private final VitLayout lay;
    private final VitBackprop[] work;
    private final float[][] grads;
    private final float[][] dlogits;
    private final float[] pT;
    private final int capacity;

    public VitTrainer(VitWeights weights, Device device, int maxBatch) {
        this.w = weights;
        this.device = device;
        this.lay = weights.layout;
        int workers = device.parallelism();
        this.capacity = (maxBatch + workers - 1) / workers;
        work = new VitBackprop[workers];
        grads = new float[workers][];
        dlogits = new float[workers][];
        for (int k = 0; k < workers; k++) {
            work[k] = new VitBackprop(weights.config, capacity);
            grads[k] = new float[lay.total];
            dlogits[k] = new float[capacity * weights.config.classes()];
        }
        pT = new float[lay.total];
    }

    /**
     * Loss (mean over the batch) and its gradient (into {@code grad}, overwritten) for the
     * images {@code idx} of {@code set} without augmentation.
     */
    public double lossAndGradient(ImageSet set, int[] idx, float labelSmoothing, float[] grad) {
        double loss = run(set, idx, idx.length, labelSmoothing, null, false, 0, 0f, true);
        System.arraycopy(grads[0], 0, grad, 0, grad.length);
        return loss;
    }

    /** One AdamW step on {@code n} images {@code idx[0..n)}; returns the mean loss. */
    public double step(AdamW opt, ImageSet set, int[] idx, int n, float lr, TrainOptions o, SplittableRandom rnd) {
        double loss = run(set, idx, n, o.labelSmoothing(), rnd, o.flip(), o.maxShift(), o.erase(), true);
        opt.step(w.data, grads[0], lr, o.weightDecay());
        return loss;
    }

    private double run(ImageSet set, int[] idx, int n, float eps, SplittableRandom rnd, boolean flip, int shift,
                       float erase, boolean backward) {
        if (n > capacity * work.length) {
            throw new IllegalArgumentException("batch " + n + " exceeds trainer capacity " + capacity * work.length);
        }
        VitConfig c = w.config;
        float[] p = w.data;
        if (backward) {
            VitBackprop.transposeWeights(lay, p, pT);
        }
        // Augmentation draws happen here, in sample order, so results do not depend on threads.
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = rnd == null ? 0 : rnd.nextLong();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = set.label(idx[i]);
        }
        double[] losses = new double[work.length];
        float gradScale = 1f / n;
        device.parallelForStatic(n, (s, e, wk) -> {
            VitBackprop bp = work[wk];
            int m = e - s;
            for (int i = 0; i < m; i++) {
                int img = idx[s + i];
                if (rnd == null) {
                    Patches.extract(c, set.pixels(), img * set.pixelsPerImage(), bp.patches, bp.patchOffset(i), false, 0, 0);
                } else {
                    Patches.extractAugmented(c, set, img, bp.patches, bp.patchOffset(i), new SplittableRandom(seeds[s + i]),
                            flip, shift, erase);
                }
            }
            bp.forward(p, m);
            losses[wk] = bp.crossEntropy(m, labels, s, eps, gradScale, dlogits[wk]);
            if (backward) {
                java.util.Arrays.fill(grads[wk], 0f);
                bp.backward(p, pT, dlogits[wk], grads[wk], m);
            }
        });
        double loss = 0;
        for (int k = 0; k < work.length; k++) {
            loss += losses[k];
        }
        if (backward) {
            int workersUsed = Math.min(work.length, n);
            for (int k = 1; k < workersUsed; k++) {
                float[] gk = grads[k], g0 = grads[0];
                for (int i = 0; i < g0.length; i++) {
                    g0[i] += gk[i];
                }
            }
        }
        return loss / n;
    }

    /** Top-1 accuracy of the current weights on {@code set} (no augmentation). */
    public double accuracy(ImageSet set) {
        return accuracy(set, w.data);
    }

    /** Top-1 accuracy of parameters {@code params} (same layout as the weights) on {@code set}. */
    public double accuracy(ImageSet set, float[] params) {
        int correct = 0;
        int batch = capacity * work.length;
        int[] idx = new int[batch];
        int[] hits = new int[work.length];
        VitConfig c = w.config;
        for (int start = 0; start < set.count(); start += batch) {
            int n = Math.min(batch, set.count() - start);
            for (int i = 0; i < n; i++) {
                idx[i] = start + i;
            }
            java.util.Arrays.fill(hits, 0);
            device.parallelForStatic(n, (s, e, wk) -> {
                VitBackprop bp = work[wk];
                for (int i = 0; i < e - s; i++) {
                    Patches.extract(c, set.pixels(), idx[s + i] * set.pixelsPerImage(), bp.patches, bp.patchOffset(i), false, 0, 0);
                }
                bp.forward(params, e - s);
                for (int i = 0; i < e - s; i++) {
                    if (bp.argmax(i) == set.label(idx[s + i])) {
                        hits[wk]++;
                    }
                }
            });
            for (int h : hits) {
                correct += h;
            }
        }
        return (double) correct / set.count();
    }

    /** A fresh run of {@code o} from the trainer's current weights; returns the final test accuracy. */
    public double train(ImageSet train, ImageSet test, TrainOptions o, Listener listener) {
        return train(train, test, TrainState.start(w, o), listener);
    }

    /**
     * Runs the epochs of {@code state} not done yet ({@code state.weights} must be this trainer's
     * weights). Epoch e shuffles the identity order and draws augmentations from a generator seeded
     * by (seed, e) alone, so a run resumed from a saved state repeats the uninterrupted run exactly.
     * Returns the test accuracy of the last epoch's shipped weights ({@link TrainState#model()};
     * NaN without a test set or when no epoch ran).
     */
    public double train(ImageSet train, ImageSet test, TrainState state, Listener listener) {
        if (state.weights != w) {
            throw new IllegalArgumentException("the training state holds other weights than this trainer");
        }
        TrainOptions o = state.options;
        int n = o.limit() > 0 ? Math.min(o.limit(), train.count()) : train.count();
        int stepsPerEpoch = n / o.batch();
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("batch " + o.batch() + " is larger than the " + n + " training images");
        }
        long totalSteps = (long) stepsPerEpoch * o.epochs();
        AdamW opt = state.adam;
        float[] ema = state.ema;
        int[] order = new int[n];
        int[] batchIdx = new int[o.batch()];
        double acc = Double.NaN;
        for (int epoch = state.epochsDone + 1; epoch <= o.epochs(); epoch++) {
            SplittableRandom rnd = new SplittableRandom(epochSeed(o.seed(), epoch));
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sum = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                System.arraycopy(order, s * o.batch(), batchIdx, 0, o.batch());
                long step = opt.steps();
                float lr = learningRate(o, step, totalSteps);
                double loss = step(opt, train, batchIdx, o.batch(), lr, o, rnd);
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("training diverged at step " + step + " (loss " + loss
                            + "); lower --lr");
                }
                if (ema != null) {
                    updateEma(ema, w.data, emaDecay(o.emaDecay(), opt.steps()));
                }
                sum += loss;
                listener.step(step + 1, loss, lr);
            }
            state.epochsDone = epoch;
            double raw = test == null ? Double.NaN : accuracy(test);
            double avg = test == null || ema == null ? Double.NaN : accuracy(test, ema);
            acc = ema == null ? raw : avg;
            if (!listener.epoch(epoch, sum / stepsPerEpoch, raw, avg, state)) {
                break;
            }
        }
        return acc;
    }

    /** The generator seed of one epoch (SplitMix-style mixing of seed and epoch). */
    static long epochSeed(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 29);
    }

    /** timm's ModelEma decay with warm-up: {@code min(decay, (1 + t) / (10 + t))} after t steps. */
    static float emaDecay(float decay, long t) {
        return Math.min(decay, (1f + t) / (10f + t));
    }

    /** {@code ema = d * ema + (1 - d) * w}. */
    static void updateEma(float[] ema, float[] w, float d) {
        float a = 1 - d;
        for (int i = 0; i < ema.length; i++) {
            ema[i] += a * (w[i] - ema[i]);
        }
    }

    /** Linear warm-up, then cosine decay to {@code lr * minLrFactor}. */
    public static float learningRate(TrainOptions o, long step, long total) {
        if (step < o.warmupSteps()) {
            return o.lr() * (step + 1) / o.warmupSteps();
        }
        double t = (double) (step - o.warmupSteps()) / Math.max(1, total - o.warmupSteps());
        double min = o.lr() * o.minLrFactor();
        return (float) (min + 0.5 * (o.lr() - min) * (1 + Math.cos(Math.PI * Math.min(1, t))));
    }
}
