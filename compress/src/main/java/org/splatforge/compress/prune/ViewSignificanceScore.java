package org.splatforge.compress.prune;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;

/**
 * View-based significance: LightGaussian's global significance (Fan et al., "LightGaussian",
 * NeurIPS 2024, eq. 3 and sec. 3.2),
 * <pre>
 *   GS_i = (sum over views v, pixels p of alpha_i(p) T_i(p)) * (V_i / V_ref)^vPow
 * </pre>
 * where {@code alpha_i(p) T_i(p)} is Gaussian i's blend weight in pixel p (its opacity times
 * the Gaussian falloff, times the transmittance left in front of it), exactly the weight
 * the rasterizer composites its colour with, and the volume term is
 * {@link LightGaussianVolume}. A Gaussian hidden behind others in every training view, or
 * outside every view, scores 0 and is pruned first, which the view-free
 * {@link VolumeOpacityScore} cannot know.
 *
 * <p>The per-view weights come from the rasterizer's forward pass with
 * {@link RasterSettings#withContributions}; they are summed over views in view order in
 * double, so the score is bit-reproducible for a given rasterizer (the CPU rasterizer's
 * contributions do not depend on the thread count).
 *
 * <p>The spatio-temporal variant of the 4D work sums the same over (view, time) pairs of
 * the deformed cloud; {@link #accumulate} is the per-view step it can reuse.
 */
public final class ViewSignificanceScore implements SignificanceScore {

    private final List<Camera> views;
    private final RasterSettings settings;
    private final double vPow;
    private final Function<Device, Rasterizer> rasterizers;

    /**
     * @param views    training cameras (world-to-camera, pixels; see {@link Camera})
     * @param settings background and SH degree of the training renders; contributions are
     *                 switched on here
     */
    public ViewSignificanceScore(List<Camera> views, RasterSettings settings) {
        this(views, settings, LightGaussianVolume.DEFAULT_POWER, Rasterizers::create);
    }

    /**
     * @param vPow        power of the volume term (LightGaussian: 0.1), finite and >= 0
     * @param rasterizers makes the rasterizer for the device {@link #score} is called with
     *                    (the tests pass the reference rasterizer)
     */
    public ViewSignificanceScore(List<Camera> views, RasterSettings settings, double vPow,
                                 Function<Device, Rasterizer> rasterizers) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("view-based significance needs at least one view");
        }
        if (!(vPow >= 0) || !Double.isFinite(vPow)) {
            throw new IllegalArgumentException("volume power must be finite and >= 0, got " + vPow);
        }
        this.views = List.copyOf(views);
        this.settings = settings.withContributions(true);
        this.vPow = vPow;
        this.rasterizers = rasterizers;
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "view(views=%d,vPow=%s)", views.size(), vPow);
    }

    /** Number of views summed over. */
    public int viewCount() {
        return views.size();
    }

    @Override
    public float[] score(GaussianCloud cloud, Device device) {
        double[] sum = new double[cloud.size()];
        try (Rasterizer r = rasterizers.apply(device)) {
            RasterFrame frame = new RasterFrame();
            for (Camera c : views) {
                accumulate(r, cloud, c, settings, frame, sum);
            }
        }
        float[] importance = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            importance[i] = (float) sum[i];
        }
        return LightGaussianVolume.apply(importance, cloud, vPow);
    }

    /**
     * Renders {@code cloud} from {@code camera} and adds each Gaussian's blend-weight sum
     * (pixels, {@code sum alpha T}) to {@code sum[i]}.
     *
     * @param settings must have {@link RasterSettings#computeContributions()}
     * @param frame    reused between calls
     * @param sum      {@code double[N]}, accumulated in place
     */
    public static void accumulate(Rasterizer r, GaussianCloud cloud, Camera camera, RasterSettings settings,
                                  RasterFrame frame, double[] sum) {
        if (!settings.computeContributions()) {
            throw new IllegalArgumentException("settings must compute contributions");
        }
        r.forward(cloud, camera, settings, frame);
        float[] w = frame.contributions();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += w[i];
        }
    }
}
