package org.splatforge.compress.eval;

import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.View;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.PackedImage;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;

/** Test views whose images are renders of a known cloud (a dataset the cloud fits exactly). */
public final class RenderedViews {

    private RenderedViews() {
    }

    /**
     * {@code count} views on a circle of radius 6 around the origin at height 2, 36x33
     * pixels (straddles the 16-pixel tile), images the 8-bit renders of {@code c} on white.
     */
    public static List<View> of(GaussianCloud c, Device dev, int count) {
        List<View> views = new ArrayList<>();
        float[] white = {1, 1, 1};
        try (Rasterizer r = Rasterizers.create(dev)) {
            for (int k = 0; k < count; k++) {
                double a = 2 * Math.PI * k / count;
                Camera cam = Camera.lookAt(new double[] {6 * Math.sin(a), 2, -6 * Math.cos(a)}, new double[3],
                        new double[] {0, 1, 0}, 36, 33, Math.toRadians(50)).withName("v" + k);
                float[] img = r.forward(c, cam, RasterSettings.defaults().withBackground(1, 1, 1)).imageCopy();
                for (int i = 0; i < img.length; i++) {
                    img[i] = Math.max(0, Math.min(1, img[i]));
                }
                PackedImage p = PackedImage.quantize(new FloatImage(36, 33, 3, img), 8, false);
                views.add(View.of(cam, p, null, white));
            }
        }
        return views;
    }
}
