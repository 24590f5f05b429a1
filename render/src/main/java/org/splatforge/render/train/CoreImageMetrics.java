package org.splatforge.render.train;

import java.util.Arrays;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.metrics.Psnr;
import org.splatforge.core.metrics.Ssim;
import org.splatforge.core.runtime.Device;

/** {@link ImageMetrics} through the project's canonical metrics ({@code org.splatforge.core.metrics}). */
public final class CoreImageMetrics implements ImageMetrics {

    private final Ssim ssim;

    public CoreImageMetrics(Device device) {
        this.ssim = new Ssim(device);
    }

    @Override
    public double psnr(float[] render, float[] target, int width, int height) {
        return Psnr.psnr(image(render, width, height), image(target, width, height));
    }

    @Override
    public double ssim(float[] render, float[] target, int width, int height) {
        return ssim.ssim(image(render, width, height), image(target, width, height));
    }

    private static FloatImage image(float[] a, int w, int h) {
        int n = w * h * 3;
        return new FloatImage(w, h, 3, a.length == n ? a : Arrays.copyOf(a, n));
    }
}
