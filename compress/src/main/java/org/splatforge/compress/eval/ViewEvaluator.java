package org.splatforge.compress.eval;

import java.util.List;
import org.splatforge.core.data.View;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.metrics.Psnr;
import org.splatforge.core.metrics.Ssim;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;

/**
 * Renders a scene on held-out views and compares it with their images: what "test-view
 * PSNR/SSIM" means in the batch manifest and {@code splat bench compress}. Renders are
 * clamped to [0, 1] before the metrics, as the 3DGS evaluation does, on the views' own
 * background. Ground-truth images are decoded once and kept ({@code H*W*3} floats per view).
 *
 * <p>Not thread-safe (one rasterizer, one frame); make one per worker.
 */
public final class ViewEvaluator implements AutoCloseable {

    private final List<View> views;
    private final FloatImage[] truth;
    private final Rasterizer rasterizer;
    private final Ssim ssim;
    private final RasterFrame frame = new RasterFrame();

    /** @param views the views to measure on (usually the dataset's test split) */
    public ViewEvaluator(List<View> views, Device device) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("no views to evaluate on");
        }
        this.views = List.copyOf(views);
        this.truth = new FloatImage[views.size()];
        for (int v = 0; v < truth.length; v++) {
            truth[v] = views.get(v).image();
        }
        this.rasterizer = Rasterizers.create(device);
        this.ssim = new Ssim(device);
    }

    public int viewCount() {
        return views.size();
    }

    /** Mean PSNR and SSIM of {@code cloud}'s renders against the views' images. */
    public ImageQuality measure(GaussianCloud cloud) {
        double psnr = 0, s = 0;
        for (int v = 0; v < truth.length; v++) {
            FloatImage img = render(cloud, v);
            psnr += Psnr.psnr(img, truth[v]);
            s += ssim.ssim(img, truth[v]);
        }
        return new ImageQuality(psnr / truth.length, s / truth.length, truth.length);
    }

    /** The render of view {@code v}, clamped to [0, 1], H x W x 3. */
    public FloatImage render(GaussianCloud cloud, int v) {
        View view = views.get(v);
        float[] bg = view.background();
        RasterSettings settings = RasterSettings.defaults().withBackground(bg[0], bg[1], bg[2]);
        rasterizer.forward(cloud, view.camera(), settings, frame);
        FloatImage img = new FloatImage(view.width(), view.height(), 3);
        float[] src = frame.image(), dst = img.data();
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Math.max(0f, Math.min(1f, src[i]));
        }
        return img;
    }

    @Override
    public void close() {
        rasterizer.close();
    }
}
