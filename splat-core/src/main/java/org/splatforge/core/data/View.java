package org.splatforge.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.LabelImage;
import org.splatforge.core.image.PackedImage;

/**
 * One training or test image with its camera: {@link #image()} is RGB composited on the
 * dataset's background ({@code FloatImage} H x W x 3, values in [0, 1]), {@link #alpha()} the
 * coverage when the file had an alpha channel, {@link #labels()} per-pixel class indices when
 * the dataset has a {@code labels/} folder, {@link #time()} the normalised time in [0, 1]
 * (0 for static scenes). The camera ({@link #camera()}) is at the image's resolution, in the
 * rasterization contract's conventions (OpenCV axes, pixel centres at +0.5).
 *
 * <p>Pixels are kept compact (8-bit samples as in the file, RGBA premultiplied after
 * resampling) and converted on each call, so every {@code image()} returns a fresh array;
 * hot loops should call {@link #image(float[], float[], int)} with a reused buffer. With
 * lazy loading each call decodes the file again. Thread-safe.
 */
public final class View {

    private final Camera camera;
    private final String name;
    private final String stream;
    private final Path imagePath;
    private final float[] background;
    private final PixelSource pixels;
    private final boolean hasAlpha;
    private final boolean hasLabels;

    View(Camera camera, String name, String stream, Path imagePath, float[] background, PixelSource pixels,
         boolean hasAlpha, boolean hasLabels) {
        this.camera = camera;
        this.name = name;
        this.stream = stream;
        this.imagePath = imagePath;
        this.background = background.clone();
        this.pixels = pixels;
        this.hasAlpha = hasAlpha;
        this.hasLabels = hasLabels;
    }

    /**
     * An in-memory view (tests, tools). {@code image} must match the camera's size;
     * {@code labels} may be null.
     */
    public static View of(Camera camera, PackedImage image, LabelImage labels, float[] background) {
        if (image.width() != camera.width() || image.height() != camera.height()) {
            throw new IllegalArgumentException("image " + image + " does not match camera " + camera);
        }
        if (labels != null && (labels.width() != camera.width() || labels.height() != camera.height())) {
            throw new IllegalArgumentException("labels " + labels + " do not match camera " + camera);
        }
        return new View(camera, camera.name(), camera.name(), null, background, new PixelSource.InMemory(image, labels),
                image.hasAlpha(), labels != null);
    }

    /** This view with another default background (same camera, pixels and labels). */
    View withBackground(float[] rgb) {
        return new View(camera, name, stream, imagePath, rgb, pixels, hasAlpha, hasLabels);
    }

    public Camera camera() {
        return camera;
    }

    /** E.g. {@code "train/r_007"} or {@code "cam03/0012"}. */
    public String name() {
        return name;
    }

    /**
     * The fixed camera this view is a frame of, for multi-view video (N3V: {@code "cam03"};
     * multiview.json: the camera's name): views with the same stream share a camera and
     * differ in time. For NeRF, D-NeRF and COLMAP, where every view has its own camera, the
     * view's {@link #name()}.
     */
    public String stream() {
        return stream;
    }

    /** The source file, or null for an in-memory view. */
    public Path imagePath() {
        return imagePath;
    }

    public double time() {
        return camera.time();
    }

    public int width() {
        return camera.width();
    }

    public int height() {
        return camera.height();
    }

    /** Whether the source image had an alpha channel. */
    public boolean hasAlpha() {
        return hasAlpha;
    }

    public boolean hasLabels() {
        return hasLabels;
    }

    /** The dataset background this view composites on by default (a copy). */
    public float[] background() {
        return background.clone();
    }

    /** RGB on the dataset background, H x W x 3 (a fresh image). */
    public FloatImage image() {
        return image(background);
    }

    /** RGB composited on another background (e.g. 3DGS's random background), H x W x 3. */
    public FloatImage image(float[] bg) {
        FloatImage out = new FloatImage(width(), height(), 3);
        image(bg, out.data(), 0);
        return out;
    }

    /** RGB composited on {@code bg} into {@code dst[off ... off + H*W*3)}; allocates nothing when eager. */
    public void image(float[] bg, float[] dst, int off) {
        packed().compositeRgb(bg, dst, off);
    }

    /**
     * Coverage in [0, 1], H x W x 1, or null when the source had no alpha channel (a fully
     * opaque alpha channel gives all ones).
     */
    public FloatImage alpha() {
        if (!hasAlpha) {
            return null;
        }
        FloatImage out = new FloatImage(width(), height(), 1);
        packed().alpha(out.data(), 0);
        return out;
    }

    /** Per-pixel class indices, or null without a labels folder. */
    public LabelImage labels() {
        if (!hasLabels) {
            return null;
        }
        try {
            return pixels.labels();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compact pixels (RGBA premultiplied when {@link PackedImage#premultiplied()}). */
    public PackedImage packed() {
        try {
            return pixels.image();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Heap bytes of pixels and labels this view keeps alive. */
    public long retainedBytes() {
        return pixels.retainedBytes();
    }

    @Override
    public String toString() {
        return "View[" + name + " " + width() + "x" + height() + " t=" + time() + "]";
    }
}
