package org.splatforge.cli.compress;

import java.io.IOException;
import java.nio.file.Path;
import org.splatforge.compress.batch.FineTuneFactory;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.finetune.FineTuneConfig;
import org.splatforge.compress.finetune.PseudoViews;
import org.splatforge.compress.finetune.QuantizationAwareFineTuner;
import org.splatforge.core.data.DatasetOptions;
import org.splatforge.core.data.Datasets;
import picocli.CommandLine.Option;

/** {@code --dataset DIR} and how to load it (a picocli mixin of the compress commands). */
public final class ViewsOptions {

    /**
     * Fine-tuning steps by default with {@code --dataset}: ten epochs of a 100-view
     * NeRF-synthetic scene, about 45 s on 2 shared cores for a 12k-Gaussian (pruned)
     * tabletop-static model at 200x200 pixels. Measured there ({@code --quality small --prune
     * 0.55}, 118 KB): test-PSNR loss 0.92 dB after 300 steps, 0.53 dB after 600, -0.04 dB after
     * 1000 (fine-tuning continues the training, so the archive can beat the scene it came from).
     */
    public static final int DEFAULT_FINE_TUNE_STEPS = 1000;

    /**
     * Steps by default with {@code --distill}: 600 steps gained 0.01 dB over 300 on the
     * 25k-Gaussian tabletop-static model ({@code --quality medium --prune 0.2}) for 3% more
     * bytes: the pseudo views' targets are reached early.
     */
    public static final int DEFAULT_DISTILL_STEPS = 300;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = {"Training views of the scene (NeRF-synthetic, COLMAP, ... as `splat train` reads them):",
                    "view-based significance for pruning, quantization-aware fine-tuning against the training",
                    "views, and test-view PSNR/SSIM in the report."})
    Path dataset;

    @Option(names = "--fine-tune", paramLabel = "STEPS",
            description = {"With --dataset (or --distill): quantization-aware fine-tuning steps (one training view",
                    "each) after the quantizers are fixed; 0 = none (default: " + DEFAULT_FINE_TUNE_STEPS
                    + " with --dataset, " + DEFAULT_DISTILL_STEPS + " with --distill)."})
    Integer fineTuneSteps;

    @Option(names = "--fine-tune-lr", paramLabel = "X",
            description = {"Multiply fine-tuning's learning rates by X (default: 1). The base is 3DGS's",
                    "end-of-schedule rates times " + (int) FineTuneConfig.LIGHT_LR_SCALE
                    + " with --dataset and little pruning, rising to " + (int) FineTuneConfig.DEFAULT_LR_SCALE
                    + " at --prune " + FineTuneConfig.HEAVY_PRUNE + " or more; times "
                    + (int) FineTuneConfig.DISTILL_LR_SCALE + " with --distill."})
    Double fineTuneLr;

    @Option(names = "--distill",
            description = {"Without --dataset: fine-tune against renders of the uncompressed scene itself from",
                    PseudoViews.DEFAULT_COUNT + " pseudo views on a sphere around it (view-free self-distillation;",
                    "--fine-tune steps, about 30 s per 300 steps for 25k Gaussians on 2 cores)."})
    boolean distill;

    @Option(names = "--resolution", paramLabel = "R", defaultValue = "1",
            description = "Downscale the dataset's images by R (as `splat train --resolution`; default: ${DEFAULT-VALUE}).")
    double resolution;

    @Option(names = "--max-views", paramLabel = "N", defaultValue = "0",
            description = "Use at most N evenly spaced views per split (0 = all; default: ${DEFAULT-VALUE}).")
    int maxViews;

    /**
     * The fine-tuner factory, or null when there are no views or {@code --fine-tune 0}.
     *
     * @param prunedFraction the share of Gaussians the codec prunes before fine-tuning (sets the
     *                       rates with views, {@link FineTuneConfig#forPruned})
     * @throws IllegalArgumentException for a negative step count or a rate factor that is not > 0
     */
    FineTuneFactory fineTune(double prunedFraction) {
        int steps = steps();
        if (steps < 0) {
            throw new IllegalArgumentException("--fine-tune must be >= 0 steps, got " + fineTuneSteps);
        }
        if (distill && dataset != null) {
            throw new IllegalArgumentException("--distill is the view-free fine-tuning; with --dataset the training "
                    + "views are used (leave out --distill)");
        }
        if (steps == 0 || (dataset == null && !distill)) {
            return null;
        }
        double lr = fineTuneLr == null ? 1 : fineTuneLr;
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("--fine-tune-lr must be finite and > 0, got " + fineTuneLr);
        }
        FineTuneConfig cfg = distill ? FineTuneConfig.distillation(steps)
                : FineTuneConfig.forPruned(steps, prunedFraction);
        return QuantizationAwareFineTuner.factory(cfg.withLrScale((float) lr));
    }

    /** {@code --fine-tune}, or the default for views or self-distillation. */
    private int steps() {
        return fineTuneSteps != null ? fineTuneSteps : distill ? DEFAULT_DISTILL_STEPS : DEFAULT_FINE_TUNE_STEPS;
    }

    /** Whether the fine-tuner (if any) trains on pseudo views ({@code --distill}). */
    boolean distill() {
        return distill && steps() > 0;
    }

    /** The views, or null without {@code --dataset}. */
    SceneViews load() throws IOException {
        if (dataset == null) {
            return null;
        }
        if (maxViews < 0) {
            throw new IllegalArgumentException("--max-views must be >= 0, got " + maxViews);
        }
        DatasetOptions o = DatasetOptions.defaults().withResolution(resolution).withMaxViews(maxViews)
                .withLabels(false);
        return SceneViews.of(Datasets.load(dataset, o));
    }
}
