package org.splatforge.cli.compress;

import java.io.IOException;
import java.nio.file.Path;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.core.data.DatasetOptions;
import org.splatforge.core.data.Datasets;
import picocli.CommandLine.Option;

/** {@code --dataset DIR} and how to load it (a picocli mixin of the compress commands). */
public final class ViewsOptions {

    @Option(names = "--dataset", paramLabel = "DIR",
            description = {"Training views of the scene (NeRF-synthetic, COLMAP, ... as `splat train` reads them):",
                    "view-based significance for pruning, and test-view PSNR/SSIM in the report."})
    Path dataset;

    @Option(names = "--resolution", paramLabel = "R", defaultValue = "1",
            description = "Downscale the dataset's images by R (as `splat train --resolution`; default: ${DEFAULT-VALUE}).")
    double resolution;

    @Option(names = "--max-views", paramLabel = "N", defaultValue = "0",
            description = "Use at most N evenly spaced views per split (0 = all; default: ${DEFAULT-VALUE}).")
    int maxViews;

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
