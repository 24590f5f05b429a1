package org.splatforge.render.train;

import java.util.List;

/**
 * What training needs from a dataset: training and test views, the points that seed the
 * Gaussians ({@code positions: float[M*3]} world, {@code colors: float[M*3]} RGB in [0, 1]),
 * the scene extent (world units: 3DGS's camera radius, which scales the position learning
 * rate and the size tests) and the dataset's background (RGB).
 */
public record TrainingScene(String name, List<TrainingView> train, List<TrainingView> test, float[] positions,
                            float[] colors, double extent, float[] background) {

    public TrainingScene {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the dataset has no training views");
        }
        if (positions.length % 3 != 0 || colors.length != positions.length) {
            throw new IllegalArgumentException("initial points: " + positions.length + " coordinates, "
                    + colors.length + " colour values");
        }
        if (!(extent > 0) || !Double.isFinite(extent)) {
            throw new IllegalArgumentException("scene extent must be finite and > 0, got " + extent);
        }
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    public int pointCount() {
        return positions.length / 3;
    }
}
