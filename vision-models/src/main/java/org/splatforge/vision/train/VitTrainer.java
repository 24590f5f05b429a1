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

        /** @return false to stop training */
        default boolean epoch(int epoch, double trainLoss, double testAccuracy, VitWeights weights) {
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
        double loss = run(set, idx, idx.length, labelSmoothing, null, false, 0, true);
        System.arraycopy(grads[0], 0, grad, 0, grad.length);
        return loss;
    }

    /** One AdamW step on {@code n} images {@code idx[0..n)}; returns the mean loss. */
    public double step(AdamW opt, ImageSet set, int[] idx, int n, float lr, TrainOptions o, SplittableRandom rnd) {
        double loss = run(set, idx, n, o.labelSmoothing(), rnd, o.flip(), o.maxShift(), true);
        opt.step(w.data, grads[0], lr, o.weightDecay());
        return loss;
    }

    private double run(ImageSet set, int[] idx, int n, float eps, SplittableRandom rnd, boolean flip, int shift,
                       boolean backward) {
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
                            flip, shift);
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
                bp.forward(w.data, e - s);
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

    /** Full training run; returns the final test accuracy (or NaN without a test set). */
    public double train(ImageSet train, ImageSet test, TrainOptions o, Listener listener) {
        int n = o.limit() > 0 ? Math.min(o.limit(), train.count()) : train.count();
        int stepsPerEpoch = n / o.batch();
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("batch " + o.batch() + " is larger than the " + n + " training images");
        }
        long totalSteps = (long) stepsPerEpoch * o.epochs();
        boolean[] decay = new boolean[lay.total];
        for (VitLayout.Tensor t : lay.tensors()) {
            if (t.decay()) {
                java.util.Arrays.fill(decay, t.offset(), t.offset() + t.size(), true);
            }
        }
        AdamW opt = new AdamW(lay.total, decay, 0.9f, 0.999f, 1e-8f);
        SplittableRandom rnd = new SplittableRandom(o.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] batchIdx = new int[o.batch()];
        double acc = Double.NaN;
        for (int epoch = 1; epoch <= o.epochs(); epoch++) {
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
                sum += loss;
                listener.step(step + 1, loss, lr);
            }
            acc = test == null ? Double.NaN : accuracy(test);
            if (!listener.epoch(epoch, sum / stepsPerEpoch, acc, w)) {
                break;
            }
        }
        return acc;
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
