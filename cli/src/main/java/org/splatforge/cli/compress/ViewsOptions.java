package org.splatforge.cli.compress;

import java.io.IOException;
import java.nio.file.Path;
import org.splatforge.compress.batch.FineTuneFactory;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.finetune.FineTuneConfig;
import org.splatforge.compress.finetune.QuantizationAwareFineTuner;
import org.splatforge.core.data.DatasetOptions;
import org.splatforge.core.data.Datasets;
import picocli.CommandLine.Option;

/** {@code --dataset DIR} and how to load it (a picocli mixin of the compress commands). */
public final class ViewsOptions {

    /**
     * Fine-tuning steps by default: three epochs of a 100-view NeRF-synthetic scene; 60 to
     * 100 s on 2 shared cores for a 20k-Gaussian tabletop-static model at 200x200 pixels
     * ({@code splat bench compress}), against about 5 s for the rest of the encode.
     */
    public static final int DEFAULT_FINE_TUNE_STEPS = 300;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = {"Training views of the scene (NeRF-synthetic, COLMAP, ... as `splat train` reads them):",
                    "view-based significance for pruning, quantization-aware fine-tuning against the training",
                    "views, and test-view PSNR/SSIM in the report."})
    Path dataset;

    @Option(names = "--fine-tune", paramLabel = "STEPS", defaultValue = "" + DEFAULT_FINE_TUNE_STEPS,
            description = {"With --dataset: quantization-aware fine-tuning steps (one training view each) after the",
                    "quantizers are fixed; 0 = none (default: ${DEFAULT-VALUE})."})
    int fineTuneSteps;

    @Option(names = "--resolution", paramLabel = "R", defaultValue = "1",
            description = "Downscale the dataset's images by R (as `splat train --resolution`; default: ${DEFAULT-VALUE}).")
    double resolution;

    @Option(names = "--max-views", paramLabel = "N", defaultValue = "0",
            description = "Use at most N evenly spaced views per split (0 = all; default: ${DEFAULT-VALUE}).")
    int maxViews;

    /**
     * The fine-tuner factory, or null when there are no views or {@code --fine-tune 0}.
     *
     * @throws IllegalArgumentException for a negative step count
     */
    FineTuneFactory fineTune() {
        if (fineTuneSteps < 0) {
            throw new IllegalArgumentException("--fine-tune must be >= 0 steps, got " + fineTuneSteps);
        }
        if (dataset == null || fineTuneSteps == 0) {
            return null;
        }
        return QuantizationAwareFineTuner.factory(FineTuneConfig.defaults(fineTuneSteps));
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
