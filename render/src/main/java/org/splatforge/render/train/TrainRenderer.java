package org.splatforge.render.train;

import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.densify.ViewStats;
import org.splatforge.render.optim.CloudGradients;

/**
 * The differentiable renderer as the trainer uses it: one forward and one backward per
 * iteration, the frame kept inside between the two. {@link RasterTrainRenderer} adapts the
 * project's tile rasterizer ({@code org.splatforge.render.raster}); other backends (CUDA)
 * plug in the same way. Implementations must be deterministic for a fixed thread count.
 */
public interface TrainRenderer extends AutoCloseable {

    /** Short name for logs and JSON. */
    String name();

    /**
     * Renders {@code cloud} with SH bands up to {@code shDegree} on {@code background}; returns
     * the image {@code float[H*W*3]}, RGB, channels interleaved, valid until the next call.
     */
    float[] forward(GaussianCloud cloud, Camera camera, int shDegree, float[] background);

    /**
     * Back-propagates {@code dLdImage} ({@code float[H*W*3]}) through the last forward into
     * {@code grads} (overwritten, sized to the cloud), and returns the view's per-Gaussian
     * screen statistics for the density strategy (valid until the next call).
     */
    ViewStats backward(float[] dLdImage, CloudGradients grads);

    /**
     * Renders {@code cloud} as {@link #forward} does and returns each Gaussian's blend-weight
     * sum over the image's pixels, {@code sum alpha T} ({@code float[N]}, pixels; valid until
     * the next call). The last forward's frame is not kept: call between iterations.
     */
    default float[] contributions(GaussianCloud cloud, Camera camera, int shDegree, float[] background) {
        throw new UnsupportedOperationException(name() + " does not report blend-weight contributions");
    }

    @Override
    default void close() {
    }
}
