package org.splatforge.cli.train;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.videoio.VideoWriter;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.Images;
import org.splatforge.core.image.OpenCvNative;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;

/**
 * Turntable cameras around a scene and writing the frames as a video (OpenCV VideoWriter,
 * MPEG-4 Part 2 in .mp4, MJPEG in .avi), or as numbered PNGs when OpenCV has no encoder for
 * the container (a clear WARN says so). The video is written to a temporary name beside
 * the target and renamed when complete.
 */
public final class Turntable {

    /** Where the frames went: a video file, or a folder of PNGs. */
    public record Result(Path path, boolean video) {
    }

    private Turntable() {
    }

    /**
     * {@code n} cameras on a circle around the scene's centre (per-axis median of the means),
     * {@code elevationDeg} above the plane normal to {@code up}, at {@code distance} (default
     * 2.2 x the 90th-percentile radius of the means), 40 degrees vertical field of view.
     */
    public static List<Camera> cameras(GaussianCloud c, int n, int w, int h, double elevationDeg, double[] up,
                                       Double distance) {
        double[] center = median(c);
        double un = Math.sqrt(up[0] * up[0] + up[1] * up[1] + up[2] * up[2]);
        if (!(un > 0)) {
            throw new IllegalArgumentException("--up must be a non-zero vector");
        }
        double[] u = {up[0] / un, up[1] / un, up[2] / un};
        // Two axes spanning the horizontal plane.
        double[] a = Math.abs(u[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double[] e1 = normalize(cross(u, a));
        double[] e2 = cross(u, e1);
        double r = distance != null ? distance : 2.2 * radius(c, center, 0.9);
        double el = Math.toRadians(elevationDeg);
        List<Camera> cams = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            double az = 2 * Math.PI * k / n;
            double[] eye = new double[3];
            for (int i = 0; i < 3; i++) {
                eye[i] = center[i] + r * (Math.cos(el) * (Math.cos(az) * e1[i] + Math.sin(az) * e2[i]) + Math.sin(el) * u[i]);
            }
            cams.add(Camera.lookAt(eye, center, u, w, h, Math.toRadians(40)).withName(String.format(Locale.ROOT, "orbit_%04d", k)));
        }
        return cams;
    }

    /**
     * Writes {@code frames} images ({@code float[h*w*3]} from {@code frame}) to {@code out}; falls
     * back to {@code <out without extension>_frames/frame_NNNN.png}.
     */
    public static Result write(Path out, int fps, int w, int h, int frames, IntFunction<float[]> frame) throws IOException {
        Path abs = out.toAbsolutePath();
        String name = abs.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        int fourcc;
        if (lower.endsWith(".mp4")) {
            fourcc = -1;
        } else if (lower.endsWith(".avi")) {
            fourcc = -2;
        } else {
            throw new IllegalArgumentException("--out for --orbit must end in .mp4 or .avi, got " + name);
        }
        OpenCvNative.ensureLoaded();
        fourcc = fourcc == -1 ? VideoWriter.fourcc('m', 'p', '4', 'v') : VideoWriter.fourcc('M', 'J', 'P', 'G');
        Files.createDirectories(abs.getParent());
        String ext = lower.substring(lower.lastIndexOf('.'));
        Path tmp = abs.resolveSibling("." + name + ".partial" + ext);
        VideoWriter vw = new VideoWriter(tmp.toString(), fourcc, fps, new Size(w, h), true);
        if (!vw.isOpened()) {
            vw.release();
            Files.deleteIfExists(tmp);
            Path dir = abs.resolveSibling(name.substring(0, name.lastIndexOf('.')) + "_frames");
            Log.warn("OpenCV cannot encode %s here (no %s encoder in this OpenCV build): writing PNG frames to %s instead"
                    + "%s", ext, ext.equals(".mp4") ? "MPEG-4" : "MJPEG", dir,
                    ext.equals(".mp4") ? " (an .avi name gives an MJPEG video, which OpenCV always has)" : "");
            Files.createDirectories(dir);
            for (int k = 0; k < frames; k++) {
                float[] img = frame.apply(k);
                Images.writePng(dir.resolve(String.format(Locale.ROOT, "frame_%04d.png", k)),
                        new FloatImage(w, h, 3, Arrays.copyOf(img, w * h * 3)));
            }
            return new Result(dir, false);
        }
        boolean done = false;
        Mat m = new Mat(h, w, CvType.CV_8UC3);
        byte[] bgr = new byte[w * h * 3];
        try {
            for (int k = 0; k < frames; k++) {
                float[] img = frame.apply(k);
                for (int p = 0; p < w * h; p++) {
                    for (int c = 0; c < 3; c++) {
                        float v = Math.min(1f, Math.max(0f, img[p * 3 + c]));
                        bgr[p * 3 + (2 - c)] = (byte) Math.round(v * 255f);
                    }
                }
                m.put(0, 0, bgr);
                vw.write(m);
            }
            vw.release();
            if (!Files.exists(tmp) || Files.size(tmp) == 0) {
                throw new IOException("OpenCV wrote no video data to " + tmp);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            m.release();
            if (!done) {
                vw.release();
                Files.deleteIfExists(tmp);
            }
        }
        return new Result(abs, true);
    }

    private static double[] median(GaussianCloud c) {
        int n = c.size();
        double[] m = new double[3];
        if (n == 0) {
            return m;
        }
        float[] tmp = new float[n];
        for (int a = 0; a < 3; a++) {
            for (int i = 0; i < n; i++) {
                tmp[i] = c.means()[i * 3 + a];
            }
            Arrays.sort(tmp);
            m[a] = tmp[n / 2];
        }
        return m;
    }

    private static double radius(GaussianCloud c, double[] center, double q) {
        int n = c.size();
        if (n == 0) {
            return 1;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double dx = c.means()[i * 3] - center[0], dy = c.means()[i * 3 + 1] - center[1], dz = c.means()[i * 3 + 2] - center[2];
            d[i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        Arrays.sort(d);
        return Math.max(1e-3, d[(int) Math.min(n - 1, Math.floor(q * (n - 1)))]);
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] normalize(double[] a) {
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }
}
