package org.splatforge.render.train;

import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.densify.ViewStats;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.raster.GaussianGradients;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.RasterTimings;
import org.splatforge.render.raster.Rasterizer;

/**
 * {@link TrainRenderer} over the project's differentiable rasterizer
 * ({@link org.splatforge.render.raster.Rasterizer}): one reused frame and one reused
 * gradient buffer, so steady-state training allocates nothing here. The trainer's gradient
 * view wraps the rasterizer's arrays (no copy).
 *
 * <p>The view statistics carry the rasterizer's dL/d(conic) when the backend reports it
 * ({@link GaussianGradients#hasConics()}: the CPU and reference rasterizers do), which gives
 * SteepGS its full splitting-matrix estimator; otherwise {@code conicGrads = null} and SteepGS
 * falls back to its reduced one (see {@link org.splatforge.render.densify.SplittingMatrix}).
 */
public final class RasterTrainRenderer implements TrainRenderer {

    private final Rasterizer rasterizer;
    private final boolean ownsRasterizer;
    private final GaussianGradients raw = new GaussianGradients();
    private RasterFrame frame = new RasterFrame();
    private RasterSettings settings = RasterSettings.defaults();
    private final long[] rasterNs = new long[5];

    /**
     * @param rasterizer the backend (e.g. {@code Rasterizers.create(device)})
     * @param owns       close the rasterizer with this renderer
     */
    public RasterTrainRenderer(Rasterizer rasterizer, boolean owns) {
        this.rasterizer = rasterizer;
        this.ownsRasterizer = owns;
    }

    @Override
    public String name() {
        return rasterizer.name();
    }

    @Override
    public float[] forward(GaussianCloud cloud, Camera camera, int shDegree, float[] background) {
        if (settings.shDegree() != shDegree || settings.background(0) != background[0]
                || settings.background(1) != background[1] || settings.background(2) != background[2]) {
            settings = RasterSettings.defaults().withShDegree(shDegree)
                    .withBackground(background[0], background[1], background[2]);
        }
        frame = rasterizer.forward(cloud, camera, settings, frame);
        RasterTimings t = frame.timings();
        rasterNs[0] += t.projectNs;
        rasterNs[1] += t.sortNs;
        rasterNs[2] += t.blendNs;
        return frame.image();
    }

    @Override
    public float[] contributions(GaussianCloud cloud, Camera camera, int shDegree, float[] background) {
        RasterSettings s = RasterSettings.defaults().withShDegree(shDegree)
                .withBackground(background[0], background[1], background[2]).withContributions(true);
        frame = rasterizer.forward(cloud, camera, s, frame);
        return frame.contributions();
    }

    @Override
    public ViewStats backward(float[] dLdImage, CloudGradients grads) {
        rasterizer.backward(frame, dLdImage, null, null, raw);
        RasterTimings t = frame.timings();
        rasterNs[3] += t.backwardBlendNs;
        rasterNs[4] += t.backwardProjectNs;
        int n = frame.count();
        grads.wrap(n, raw.shCoeffs(), raw.means(), raw.logScales(), raw.quats(), raw.opacityLogits(), raw.sh());
        return new ViewStats(frame.camera(), frame.width(), frame.height(), n, frame.radii(), raw.means2d(),
                raw.means2dAbs(), frame.conics(), raw.hasConics() ? raw.conics() : null, raw.opacityLogits());
    }

    /**
     * Rasterizer phase times summed since the last reset, nanoseconds: forward project, sort,
     * blend; backward blend (per-tile walk), backward project (reduction and chain rule).
     */
    public long[] rasterNanos() {
        return rasterNs.clone();
    }

    public void resetRasterNanos() {
        java.util.Arrays.fill(rasterNs, 0);
    }

    /** The last frame (read-only use: contributions, depth...). */
    public RasterFrame frame() {
        return frame;
    }

    @Override
    public void close() {
        if (ownsRasterizer) {
            rasterizer.close();
        }
    }
}
