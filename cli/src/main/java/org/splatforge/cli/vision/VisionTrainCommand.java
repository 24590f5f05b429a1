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
    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N training images (0 = all).") int limit;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--init", paramLabel = "FILE", description = "Start from this checkpoint's weights (fine-tune or continue) instead of a fresh initialisation; its shape overrides --patch/--dim/...") Path init;
    @Option(names = "--patch", defaultValue = "4") int patch;
    @Option(names = "--dim", defaultValue = "64") int dim;
    @Option(names = "--depth", defaultValue = "4") int depth;
    @Option(names = "--heads", defaultValue = "4") int heads;
    @Option(names = "--mlp", defaultValue = "128") int mlp;

    @Override
    public Integer call() throws Exception {
        TrainOptions o = new TrainOptions(epochs, batch, lr, warmup, 0.01f, weightDecay, labelSmoothing, !noFlip, shift, seed, limit);
        ImageSet train = FashionMnist.train(data);
        ImageSet test = FashionMnist.test(data);
        VitConfig c = new VitConfig(train.size(), train.channels(), patch, dim, depth, heads, mlp,
                train.classNames().size(), new float[] {0.2860f}, new float[] {0.3530f}, 1e-6f);
        VitWeights w = init != null ? VitCheckpoint.read(init) : VitWeights.init(c, seed);
        if (!w.config.equals(c) && init == null) {
            throw new IllegalStateException("config mismatch");
        }
        c = w.config;
        Log.info("training %s (%d parameters) on %d images, %d epochs, batch %d, lr %g", c, w.data.length,
                limit > 0 ? Math.min(limit, train.count()) : train.count(), epochs, batch, lr);
        long t0 = System.nanoTime();
        try (Device device = deviceOptions.open()) {
            VitTrainer trainer = new VitTrainer(w, device, batch);
            long[] last = {System.nanoTime()};
            double acc = trainer.train(train, test, o, new VitTrainer.Listener() {
                @Override
                public void step(long step, double loss, float rate) {
                    if (step % 50 == 0) {
                        long now = System.nanoTime();
                        Log.info("step %d loss %.4f lr %.2e (%.0f images/s)", step, loss, rate, 50.0 * batch / ((now - last[0]) / 1e9));
                        last[0] = now;
                    }
                }

                @Override
                public boolean epoch(int epoch, double trainLoss, double testAccuracy, VitWeights weights) {
                    Map<String, String> meta = new LinkedHashMap<>();
                    meta.put("epoch", Integer.toString(epoch));
                    meta.put("train_loss", String.format(java.util.Locale.ROOT, "%.5f", trainLoss));
                    meta.put("test_accuracy", String.format(java.util.Locale.ROOT, "%.5f", testAccuracy));
                    meta.put("seed", Long.toString(seed));
                    try {
                        VitCheckpoint.write(out, weights, meta);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    Log.info("epoch %d: train loss %.4f, test accuracy %.2f%% (%.0f s), wrote %s", epoch, trainLoss,
                            100 * testAccuracy, (System.nanoTime() - t0) / 1e9, out);
                    return true;
                }
            });
            System.out.printf(java.util.Locale.ROOT, "{\"test_accuracy\": %.5f, \"seconds\": %.1f, \"checkpoint\": \"%s\"}%n",
                    acc, (System.nanoTime() - t0) / 1e9, out);
        }
        return ExitCodes.OK;
    }
}
