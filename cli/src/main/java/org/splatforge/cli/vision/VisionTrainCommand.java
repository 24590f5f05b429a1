package org.splatforge.cli.vision;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.util.Log;
import org.splatforge.vision.data.FashionMnist;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.model.VitCheckpoint;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.train.TrainOptions;
import org.splatforge.vision.train.TrainState;
import org.splatforge.vision.train.VitGrowth;
import org.splatforge.vision.train.VitTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code splat vision train}: trains a ViT from scratch on Fashion-MNIST, checkpointing every epoch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a tiny ViT from scratch on Fashion-MNIST; writes a safetensors checkpoint after every epoch.")
public final class VisionTrainCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}).",
            defaultValue = "/usr/share/datasets/fashion-mnist")
    Path data;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "Checkpoint to write (.safetensors).")
    Path out;

    @Option(names = "--epochs", defaultValue = "15") int epochs;
    @Option(names = "--batch", defaultValue = "128") int batch;
    @Option(names = "--lr", defaultValue = "2e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).") float lr;
    @Option(names = "--warmup", defaultValue = "500", description = "Warm-up steps.") int warmup;
    @Option(names = "--weight-decay", defaultValue = "0.05") float weightDecay;
    @Option(names = "--label-smoothing", defaultValue = "0") float labelSmoothing;
    @Option(names = "--shift", defaultValue = "2", description = "Random shift augmentation in pixels (0 = off).") int shift;
    @Option(names = "--no-flip", description = "Disable random horizontal flips.") boolean noFlip;
    @Option(names = "--erase", defaultValue = "0", description = "Random erasing probability (0 = off).") float erase;
    @Option(names = "--ema", defaultValue = "0", description = "Decay of an exponential moving average of the weights, e.g. 0.9995 (0 = off). "
            + "With it on, the checkpoint holds the averaged weights.") float ema;
    @Option(names = "--resume", paramLabel = "STATE", description = "Continue a run exactly from its training state "
            + "(the .state.safetensors written next to the checkpoint: weights, EMA, AdamW moments, epoch); "
            + "the run's own options apply and the other training options are ignored.") Path resume;
    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N training images (0 = all).") int limit;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--init", paramLabel = "FILE", description = "Start from this checkpoint's weights (fine-tune or continue) instead of a fresh initialisation; its shape overrides --patch/--dim/...") Path init;
    @Option(names = "--grow-depth", defaultValue = "0", description = "With --init: insert identity blocks (zero output "
            + "projections) up to this depth before training, keeping the trained function (0 = off).") int growDepth;
    @Option(names = "--patch", defaultValue = "4") int patch;
    @Option(names = "--dim", defaultValue = "64") int dim;
    @Option(names = "--depth", defaultValue = "4") int depth;
    @Option(names = "--heads", defaultValue = "4") int heads;
    @Option(names = "--mlp", defaultValue = "128") int mlp;

    @Override
    public Integer call() throws Exception {
        if (resume != null && init != null) {
            throw new IllegalArgumentException("--resume and --init exclude each other: a state already holds its weights");
        }
        ImageSet train = FashionMnist.train(data);
        ImageSet test = FashionMnist.test(data);
        TrainState state;
        if (resume != null) {
            state = TrainState.read(resume);
            Log.info("resuming %s after epoch %d of %d", resume, state.epochsDone(), state.options.epochs());
        } else {
            TrainOptions o = new TrainOptions(epochs, batch, lr, warmup, 0.01f, weightDecay, labelSmoothing, !noFlip, shift,
                    erase, ema, seed, limit);
            VitConfig c = new VitConfig(train.size(), train.channels(), patch, dim, depth, heads, mlp,
                    train.classNames().size(), new float[] {0.2860f}, new float[] {0.3530f}, 1e-6f);
            VitWeights start = init != null ? VitCheckpoint.read(init) : VitWeights.init(c, seed);
            if (growDepth > 0) {
                if (init == null) {
                    throw new IllegalArgumentException("--grow-depth needs --init (a fresh model takes --depth)");
                }
                start = VitGrowth.deepen(start, growDepth, seed);
                Log.info("grew %s to %d blocks (new blocks start as the identity)", init, growDepth);
            }
            state = TrainState.start(start, o);
        }
        TrainOptions o = state.options;
        VitWeights w = state.weights;
        VitConfig c = w.config;
        Path statePath = statePath(out);
        Log.info("training %s (%d parameters) on %d images, %d epochs, batch %d, lr %g, %s; state in %s", c, w.data.length,
                o.limit() > 0 ? Math.min(o.limit(), train.count()) : train.count(), o.epochs(), o.batch(), o.lr(), o, statePath);
        long t0 = System.nanoTime();
        try (Device device = deviceOptions.open()) {
            VitTrainer trainer = new VitTrainer(w, device, batch);
            long[] last = {System.nanoTime()};
            int batch = o.batch();
            double acc = trainer.train(train, test, state, new VitTrainer.Listener() {
                @Override
                public void step(long step, double loss, float rate) {
                    if (step % 50 == 0) {
                        long now = System.nanoTime();
                        Log.info("step %d loss %.4f lr %.2e (%.0f images/s)", step, loss, rate, 50.0 * batch / ((now - last[0]) / 1e9));
                        last[0] = now;
                    }
                }

                @Override
                public boolean epoch(int epoch, double trainLoss, double testAccuracy, double emaAccuracy, TrainState st) {
                    Map<String, String> meta = new LinkedHashMap<>();
                    meta.put("epoch", Integer.toString(epoch));
                    meta.put("train_loss", String.format(java.util.Locale.ROOT, "%.5f", trainLoss));
                    boolean avg = st.ema != null;
                    meta.put("test_accuracy", String.format(java.util.Locale.ROOT, "%.5f", avg ? emaAccuracy : testAccuracy));
                    if (avg) {
                        meta.put("weights", "ema " + o.emaDecay());
                        meta.put("test_accuracy_raw", String.format(java.util.Locale.ROOT, "%.5f", testAccuracy));
                    }
                    meta.put("seed", Long.toString(o.seed()));
                    try {
                        // State first: a crash between the two leaves a state that re-runs this epoch's save.
                        st.write(statePath);
                        VitCheckpoint.write(out, st.model(), meta);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    Log.info("epoch %d: train loss %.4f, test accuracy %.2f%%%s (%.0f s), wrote %s", epoch, trainLoss,
                            100 * testAccuracy, avg ? String.format(java.util.Locale.ROOT, ", EMA %.2f%%", 100 * emaAccuracy) : "",
                            (System.nanoTime() - t0) / 1e9, out);
                    return true;
                }
            });
            System.out.printf(java.util.Locale.ROOT, "{\"test_accuracy\": %.5f, \"seconds\": %.1f, \"checkpoint\": \"%s\"}%n",
                    acc, (System.nanoTime() - t0) / 1e9, out);
        }
        return ExitCodes.OK;
    }

    /** {@code runs/vit.safetensors -> runs/vit.state.safetensors}. */
    static Path statePath(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return out.resolveSibling(stem + ".state.safetensors");
    }
}
