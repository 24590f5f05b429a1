package org.splatforge.compress.eval;

import java.util.List;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.Dataset;
import org.splatforge.core.data.View;
import org.splatforge.render.raster.RasterSettings;

/**
 * The views of a scene the compressor may use: training views (view-based significance,
 * fine-tuning) and held-out views (quality measurement).
 *
 * @param train      training views (cameras and images), not empty
 * @param test       held-out views; may be empty
 * @param background RGB the views' images are composited on, {@code float[3]}
 */
public record SceneViews(List<View> train, List<View> test, float[] background) {

    public SceneViews {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("scene views need at least one training view");
        }
        if (background.length != 3) {
            throw new IllegalArgumentException("background must be RGB");
        }
        train = List.copyOf(train);
        test = List.copyOf(test);
        background = background.clone();
    }

    /** The training and test splits of a loaded dataset. */
    public static SceneViews of(Dataset d) {
        return new SceneViews(d.train(), d.test(), d.background());
    }

    /** Training cameras, in view order. */
    public List<Camera> trainCameras() {
        return train.stream().map(View::camera).toList();
    }

    /** Views to measure quality on: the test split, or the training views when there is none. */
    public List<View> evalViews() {
        return test.isEmpty() ? train : test;
    }

    /** Whether {@link #evalViews()} are held out (false: the training views stand in). */
    public boolean heldOut() {
        return !test.isEmpty();
    }

    /** Rasterizer settings of the training renders: the views' background. */
    public RasterSettings rasterSettings() {
        return RasterSettings.defaults().withBackground(background[0], background[1], background[2]);
    }

    @Override
    public float[] background() {
        return background.clone();
    }
}
