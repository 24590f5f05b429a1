package org.splatforge.core.data;

import java.nio.file.Path;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.io.CorruptDataException;

/**
 * What a reader knows about one view before its image is decoded: the files, how to build
 * the camera once the image size is known, the lens distortion to remove, the time.
 *
 * @param name         view name, e.g. "train/r_007"
 * @param image        image file (checked to exist by the reader)
 * @param labels       class-label PNG, or null
 * @param camera       builds the (distorted) camera for the decoded image size
 * @param undistortion lens distortion to remove, or null for a pinhole camera
 * @param time         normalised time in [0, 1]
 * @param stream       the fixed camera a video frame belongs to (its folder name), or the
 *                     view's own name when every view has its own camera
 */
record ViewSpec(String name, Path image, Path labels, CameraAt camera, Undistortion undistortion, double time,
                String stream) {

    /** A view with a camera of its own (NeRF, COLMAP): its stream is its name. */
    ViewSpec(String name, Path image, Path labels, CameraAt camera, Undistortion undistortion, double time) {
        this(name, image, labels, camera, undistortion, time, name);
    }

    /** Builds a camera for an image of the given size, or says why the size does not fit. */
    @FunctionalInterface
    interface CameraAt {
        Camera at(int width, int height) throws CorruptDataException;
    }

    /**
     * A camera stated at {@code nominal} size, applied to an image of another size: the
     * intrinsics scale with the image (datasets often ship downsampled images with
     * full-size calibration, e.g. N3V or Mip-NeRF 360's images_4), provided the aspect
     * ratio agrees to within a pixel.
     */
    static Camera fitTo(Camera nominal, int width, int height, Path source, String what) throws CorruptDataException {
        if (width == nominal.width() && height == nominal.height()) {
            return nominal;
        }
        double expectH = (double) width * nominal.height() / nominal.width();
        if (Math.abs(expectH - height) > 1.0 + 1e-9) {
            throw CorruptDataException.field(source, what, "camera is " + nominal.width() + "x" + nominal.height()
                    + " but its image is " + width + "x" + height + " (a different aspect ratio)");
        }
        return nominal.resized(width, height);
    }
}
