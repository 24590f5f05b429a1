package org.splatforge.core.data;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.LabelImage;
import org.splatforge.core.image.OpenCvNative;

/**
 * Turns images of a distorted camera (COLMAP SIMPLE_RADIAL, RADIAL, OPENCV, FULL_OPENCV)
 * into images of a pinhole camera, through OpenCV:
 * <ol>
 * <li>the new pinhole intrinsics come from {@code getOptimalNewCameraMatrix} with
 *     {@code alpha = 0} at the same image size, so every output pixel sees real image
 *     content (no black borders; a slight zoom for barrel distortion), as COLMAP's
 *     {@code image_undistorter} does with its default {@code blank_pixels = 0};</li>
 * <li>{@code initUndistortRectifyMap} gives, for every output pixel, where to sample the
 *     distorted image; {@code remap} samples it bilinearly (edges replicated); labels are
 *     sampled nearest so class indices stay classes.</li>
 * </ol>
 * COLMAP puts pixel centres at +0.5 (as the rasterization contract does) and OpenCV at
 * integers, so principal points shift by 0.5 going into OpenCV and back. Distortion
 * coefficients act on normalised coordinates, so the same ones hold at any image size.
 * The maps are computed once per image size and reused (thread-safe).
 */
final class Undistortion {

    private final double[] coeffs;
    private final Map<String, Maps> cache = new ConcurrentHashMap<>();

    /** @param coeffs OpenCV order: k1, k2, p1, p2 [, k3 [, k4, k5, k6]] */
    Undistortion(double[] coeffs) {
        if (coeffs.length != 4 && coeffs.length != 5 && coeffs.length != 8) {
            throw new IllegalArgumentException("distortion needs 4, 5 or 8 OpenCV coefficients, got " + coeffs.length);
        }
        this.coeffs = coeffs.clone();
    }

    /** Whether all coefficients are zero (then nothing needs doing). */
    boolean isIdentity() {
        for (double c : coeffs) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    double[] coefficients() {
        return coeffs.clone();
    }

    /** Sampling maps and the pinhole camera for one input camera. */
    record Maps(float[] mapX, float[] mapY, double fx, double fy, double cx, double cy) {
    }

    Maps maps(Camera cam) {
        String key = cam.width() + "x" + cam.height() + ":" + cam.fx() + "," + cam.fy() + "," + cam.cx() + "," + cam.cy();
        return cache.computeIfAbsent(key, k -> computeMaps(cam));
    }

    private Maps computeMaps(Camera cam) {
        OpenCvNative.ensureLoaded();
        int w = cam.width(), h = cam.height();
        Mat k = new Mat(3, 3, CvType.CV_64F);
        k.put(0, 0, cam.fx(), 0, cam.cx() - 0.5, 0, cam.fy(), cam.cy() - 0.5, 0, 0, 1);
        Mat d = new Mat(1, coeffs.length, CvType.CV_64F);
        d.put(0, 0, coeffs);
        Mat eye = Mat.eye(3, 3, CvType.CV_64F);
        Mat mx = new Mat(), my = new Mat();
        Mat nk = null;
        try {
            nk = Calib3d.getOptimalNewCameraMatrix(k, d, new Size(w, h), 0.0, new Size(w, h), new Rect(), false);
            double[] n = new double[9];
            nk.get(0, 0, n);
            Calib3d.initUndistortRectifyMap(k, d, eye, nk, new Size(w, h), CvType.CV_32FC1, mx, my);
            float[] fx = new float[w * h], fy = new float[w * h];
            mx.get(0, 0, fx);
            my.get(0, 0, fy);
            return new Maps(fx, fy, n[0], n[4], n[2] + 0.5, n[5] + 0.5);
        } finally {
            k.release();
            d.release();
            eye.release();
            mx.release();
            my.release();
            if (nk != null) {
                nk.release();
            }
        }
    }

    /** The pinhole camera the undistorted image belongs to (same pose, time and name). */
    Camera pinhole(Camera cam) {
        Maps m = maps(cam);
        return new Camera(cam.width(), cam.height(), m.fx(), m.fy(), m.cx(), m.cy(), cam.viewmat(), cam.time(), cam.name());
    }

    /** Undistorts a float image (1 to 4 channels, RGBA premultiplied) of camera {@code cam}. */
    FloatImage apply(FloatImage img, Camera cam) {
        int w = img.width(), h = img.height(), c = img.channels();
        Mat src = new Mat(h, w, CvType.CV_32FC(c));
        Mat dst = null;
        try {
            src.put(0, 0, img.data());
            dst = remap(src, maps(cam), Imgproc.INTER_LINEAR);
            FloatImage out = new FloatImage(w, h, c);
            dst.get(0, 0, out.data());
            return out;
        } finally {
            src.release();
            if (dst != null) {
                dst.release();
            }
        }
    }

    /** Undistorts class labels with nearest sampling. */
    LabelImage apply(LabelImage labels, Camera cam) {
        int w = labels.width(), h = labels.height();
        Mat src = new Mat(h, w, CvType.CV_16UC1);
        Mat dst = null;
        try {
            src.put(0, 0, labels.toShorts());
            dst = remap(src, maps(cam), Imgproc.INTER_NEAREST);
            short[] out = new short[w * h];
            dst.get(0, 0, out);
            return LabelImage.compact(w, h, out);
        } finally {
            src.release();
            if (dst != null) {
                dst.release();
            }
        }
    }

    /** {@code remap} of {@code src} through the maps; the caller releases the result. */
    private static Mat remap(Mat src, Maps m, int interpolation) {
        int h = src.rows(), w = src.cols();
        Mat mx = new Mat(h, w, CvType.CV_32FC1), my = new Mat(h, w, CvType.CV_32FC1);
        Mat dst = new Mat();
        try {
            mx.put(0, 0, m.mapX());
            my.put(0, 0, m.mapY());
            Imgproc.remap(src, dst, mx, my, interpolation, org.opencv.core.Core.BORDER_REPLICATE, new Scalar(0));
            return dst;
        } finally {
            mx.release();
            my.release();
        }
    }

    @Override
    public String toString() {
        return "Undistortion" + Arrays.toString(coeffs);
    }
}
