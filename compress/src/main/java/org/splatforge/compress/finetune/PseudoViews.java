package org.splatforge.compress.finetune;

import java.util.ArrayList;
import java.util.List;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.View;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.PackedImage;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;

/**
 * View-free training views for fine-tuning: renders of the uncompressed scene itself from
 * cameras spread over a sphere around it, so quantization-aware fine-tuning can pull the
 * compressed scene towards what the original renders without any dataset (self-distillation
 * from pseudo views, as LightGaussian's SH distillation renders its teacher from sampled
 * viewpoints, Fan et al., NeurIPS 2024 sec. 3.3). The loss then measures exactly what the
 * codec promises to preserve: the image of the uncompressed scene.
 *
 * <p>Cameras: {@code count} directions on a Fibonacci sphere (even coverage, deterministic)
 * around the centroid of the means, at {@code distance * extent} (the cloud's robust radius,
 * {@link GaussianCloud#extent()}), looking at the centroid with a vertical field of view
 * {@code fovY}, square images of {@code size} pixels. Without views nothing says which way is
 * up or which side a viewer will see, so every direction is used; the in-plane roll of a
 * view does not matter to the loss. Images are kept at 16 bits per sample (the 8-bit
 * rounding of a PNG would be visible next to quantization errors of a fraction of a level).
 */
public final class PseudoViews {

    /** Camera distance in robust scene radii: the tabletop datasets' cameras sit at about 2. */
    public static final double DEFAULT_DISTANCE = 2.0;
    /** Vertical field of view (radians), about the NeRF-synthetic cameras' 54 degrees. */
    public static final double DEFAULT_FOV = 0.95;

    /** Views by default: as many as a NeRF-synthetic training split. */
    public static final int DEFAULT_COUNT = 100;
    /** Image side by default (pixels): the tabletop datasets at {@code --resolution 2}. */
    public static final int DEFAULT_SIZE = 200;

    private PseudoViews() {
    }

    /** {@link #render(GaussianCloud, int, int, double, double, Device)} with the defaults. */
    public static SceneViews render(GaussianCloud teacher, Device device) {
        return render(teacher, DEFAULT_COUNT, DEFAULT_SIZE, DEFAULT_DISTANCE, DEFAULT_FOV, device);
    }

    /** The camera of pseudo view {@code i} of {@code count} around a scene of centre {@code c} and radius {@code r}. */
    static Camera camera(int i, int count, double[] c, double r, double distance, int size, double fovY) {
        // Fibonacci sphere: z evenly spaced in (-1, 1), azimuth advancing by the golden angle.
        double z = 1 - (2.0 * i + 1) / count;
        double rho = Math.sqrt(Math.max(0, 1 - z * z));
        double phi = i * Math.PI * (3 - Math.sqrt(5));
        double[] dir = {rho * Math.cos(phi), rho * Math.sin(phi), z};
        double[] eye = {c[0] + dir[0] * distance * r, c[1] + dir[1] * distance * r, c[2] + dir[2] * distance * r};
        double[] up = Math.abs(z) > 0.9 ? new double[] {0, 1, 0} : new double[] {0, 0, 1};
        return Camera.lookAt(eye, c, up, size, size, fovY).withName(String.format(java.util.Locale.ROOT, "pseudo_%03d", i));
    }

    /**
     * Renders {@code teacher} from {@code count} sphere cameras on a black background.
     *
     * @return views of {@code size x size} pixels as training views (no test views), background black
     */
    public static SceneViews render(GaussianCloud teacher, int count, int size, double distance, double fovY,
                                    Device device) {
        if (count < 1 || size < 8 || !(distance > 0) || !(fovY > 0 && fovY < Math.PI)) {
            throw new IllegalArgumentException("pseudo views need count >= 1, size >= 8, distance > 0 and a field "
                    + "of view in (0, pi); got " + count + ", " + size + ", " + distance + ", " + fovY);
        }
        float[] bg = {0, 0, 0};
        double[] c = teacher.centroid();
        double r = teacher.extent();
        RasterSettings settings = RasterSettings.defaults().withBackground(0, 0, 0);
        List<View> views = new ArrayList<>(count);
        RasterFrame frame = new RasterFrame();
        try (Rasterizer rast = Rasterizers.create(device)) {
            for (int i = 0; i < count; i++) {
                Camera cam = camera(i, count, c, r, distance, size, fovY);
                rast.forward(teacher, cam, settings, frame);
                float[] src = frame.image();
                FloatImage img = new FloatImage(size, size, 3);
                System.arraycopy(src, 0, img.data(), 0, size * size * 3);
                views.add(View.of(cam, PackedImage.quantize(img, 16, false), null, bg));
            }
        }
        return new SceneViews(views, List.of(), bg);
    }
}
