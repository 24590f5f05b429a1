package org.splatforge.render.raster;

import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;

/**
 * A differentiable tile rasterizer of 3D Gaussians that follows DESIGN.md "Rasterization
 * conventions" exactly: EWA projection with the clamped Jacobian and +0.3 dilation, 16x16
 * tiles, per-pixel front-to-back blending in ascending depth (ties by index) with the 1/255
 * and 1e-4 rules, colour {@code max(0, SH(dir) + 0.5)}, output {@code C + T*background}.
 *
 * <p>Backends: {@link ReferenceRasterizer} (plain double-precision loops, the twin every fast
 * path is tested against), {@link CpuRasterizer} (tiles on all cores, Vector API), and later
 * a CUDA backend; {@link Rasterizers#create} picks one for a
 * {@link org.splatforge.core.runtime.Device}. The same abstract test suites run against each.
 *
 * <p>Usage in a training step:
 * <pre>{@code
 * RasterFrame frame = rasterizer.forward(cloud, camera, settings, frame);   // reuse the frame
 * float[] dImage = lossGradient(frame.image());                              // float[H*W*3]
 * rasterizer.backward(frame, dImage, null, null, grads);
 * }</pre>
 *
 * <p>Implementations are deterministic: for a fixed thread count (for the CPU backends, any
 * thread count) two calls with the same inputs give bit-identical outputs and gradients.
 * A rasterizer is not thread-safe: one call at a time; frames are independent.
 */
public interface Rasterizer extends AutoCloseable {

    /** Tile side in pixels (the contract's 16). */
    int TILE = 16;

    /** Short name for logs and JSON, e.g. {@code "cpu"} or {@code "reference"}. */
    String name();

    /**
     * Renders {@code cloud} from {@code camera} into {@code frame} (or a new frame when null)
     * and returns it. See {@link RasterFrame} for the outputs' shapes and units.
     */
    RasterFrame forward(GaussianCloud cloud, Camera camera, RasterSettings settings, RasterFrame frame);

    /** As {@link #forward(GaussianCloud, Camera, RasterSettings, RasterFrame)} into a new frame. */
    default RasterFrame forward(GaussianCloud cloud, Camera camera, RasterSettings settings) {
        return forward(cloud, camera, settings, null);
    }

    /**
     * Back-propagates loss gradients with respect to the frame's outputs to the cloud's raw
     * parameters, overwriting {@code out} (see {@link GaussianGradients}).
     *
     * @param frame     the result of this rasterizer's {@link #forward}, cloud unchanged since
     * @param dLdImage  dL/d image, {@code float[H*W*3]}
     * @param dLdAlpha  dL/d alpha, {@code float[H*W]}, or null for zero
     * @param dLdDepth  dL/d depth (the alpha-weighted depth sum), {@code float[H*W]}, or null;
     *                  non-null requires the forward to have had {@link RasterSettings#computeDepth()}
     */
    void backward(RasterFrame frame, float[] dLdImage, float[] dLdAlpha, float[] dLdDepth, GaussianGradients out);

    /** Releases worker scratch (native memory for GPU backends). */
    @Override
    default void close() {
    }
}
