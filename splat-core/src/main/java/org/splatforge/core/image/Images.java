package org.splatforge.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.CorruptDataException;

/**
 * Image files through OpenCV (org.openpnp:opencv): PNG and JPEG, 8- and 16-bit, gray, RGB
 * and RGBA, read into RGB(A) order (OpenCV itself is BGR(A); the swap happens here and only
 * here), written atomically, and area-filter resizing. Thread-safe: every call owns its
 * native matrices and releases them before returning.
 *
 * <p>Errors: a missing file throws {@link java.nio.file.NoSuchFileException}; a file that is
 * not a decodable image, or a PNG/JPEG that is truncated or damaged, throws
 * {@link CorruptDataException} naming the file (and the byte offset where known).
 */
public final class Images {

    private Images() {
    }

    // ------------------------------------------------------------------ reading

    /** Reads an image file as packed 8/16-bit samples, channels 1, 3 or 4 in RGB(A) order. */
    public static PackedImage readPacked(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file);
    }

    /** Reads an image file as floats in [0, 1], channels as stored (1, 3 or 4; RGB(A) order). */
    public static FloatImage read(Path file) throws IOException {
        return readPacked(file).toFloat();
    }

    /**
     * Decodes image bytes (PNG, JPEG, or another format OpenCV reads) without any
     * conversion of depth or channel count beyond BGR(A) to RGB(A).
     *
     * @param file used in error messages only
     */
    public static PackedImage decode(byte[] bytes, Path file) throws CorruptDataException {
        if (bytes.length == 0) {
            throw CorruptDataException.at(file, 0, "empty file, expected a PNG or JPEG image");
        }
        if (ImageContainerCheck.isPng(bytes)) {
            ImageContainerCheck.checkPng(bytes, file);
        } else if (ImageContainerCheck.isJpeg(bytes)) {
            ImageContainerCheck.checkJpeg(bytes, file);
        }
        OpenCvNative.ensureLoaded();
        Mat buf = new MatOfByte(bytes);
        Mat m = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_UNCHANGED);
        buf.release();
        try {
            if (m.empty()) {
                throw CorruptDataException.at(file, -1, "not a decodable image (" + bytes.length + " bytes, starting "
                        + hexPrefix(bytes) + "); expected PNG or JPEG");
            }
            return fromMat(m, file);
        } finally {
            m.release();
        }
    }

    /**
     * Reads a single-channel 8- or 16-bit image of class indices (values kept as stored).
     * An RGB(A) file whose colour channels are all equal is accepted too (some tools write
     * gray maps as RGB).
     */
    public static LabelImage readLabels(Path file) throws IOException {
        PackedImage p = readPacked(file);
        int w = p.width(), h = p.height(), c = p.channels();
        short[] out = new short[w * h];
        for (int i = 0; i < w * h; i++) {
            int v = raw(p, i * c);
            if (c >= 3 && (raw(p, i * c + 1) != v || raw(p, i * c + 2) != v)) {
                throw CorruptDataException.at(file, -1, "label map must be single-channel (class index per pixel); pixel ("
                        + (i % w) + ", " + (i / w) + ") has different R, G, B values");
            }
            out[i] = (short) v;
        }
        return LabelImage.compact(w, h, out);
    }

    private static int raw(PackedImage p, int i) {
        return p.bits() == 8 ? p.bytes8()[i] & 0xFF : p.shorts16()[i] & 0xFFFF;
    }

    private static PackedImage fromMat(Mat m, Path file) throws CorruptDataException {
        int w = m.cols(), h = m.rows(), c = m.channels();
        if (c != 1 && c != 3 && c != 4) {
            throw CorruptDataException.at(file, -1, "unsupported channel count " + c + " (expected gray, RGB or RGBA)");
        }
        if (!m.isContinuous()) {
            throw new IllegalStateException("OpenCV returned a non-continuous image for " + file);
        }
        int depth = m.depth();
        if (depth == CvType.CV_8U) {
            byte[] b = new byte[w * h * c];
            m.get(0, 0, b);
            if (c >= 3) {
                swapRedBlue(b, c);
            }
            return PackedImage.of8(w, h, c, b, false);
        }
        if (depth == CvType.CV_16U) {
            short[] s = new short[w * h * c];
            m.get(0, 0, s);
            if (c >= 3) {
                swapRedBlue(s, c);
            }
            return PackedImage.of16(w, h, c, s, false);
        }
        throw CorruptDataException.at(file, -1, "unsupported sample type " + CvType.typeToString(m.type())
                + " (expected 8- or 16-bit unsigned)");
    }

    private static void swapRedBlue(byte[] b, int c) {
        for (int i = 0; i < b.length; i += c) {
            byte t = b[i];
            b[i] = b[i + 2];
            b[i + 2] = t;
        }
    }

    private static void swapRedBlue(short[] s, int c) {
        for (int i = 0; i < s.length; i += c) {
            short t = s[i];
            s[i] = s[i + 2];
            s[i + 2] = t;
        }
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes {@code img} atomically; the format follows the extension: {@code .png}
     * (8-bit) or {@code .jpg}/{@code .jpeg} (quality 95, no alpha).
     */
    public static void write(Path file, FloatImage img) throws IOException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) {
            AtomicFiles.write(file, encode(PackedImage.quantize(img, 8, false), ".png"));
        } else if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            FloatImage rgb = img.channels() == 4 ? dropAlpha(img) : img;
            AtomicFiles.write(file, encode(PackedImage.quantize(rgb, 8, false), ".jpg"));
        } else {
            throw new IllegalArgumentException(file + ": unknown image extension (expected .png, .jpg or .jpeg)");
        }
    }

    /** Writes an 8-bit PNG atomically (channels 1, 3 or 4). */
    public static void writePng(Path file, FloatImage img) throws IOException {
        AtomicFiles.write(file, encodePng(img, 8));
    }

    /** Writes packed samples as a PNG atomically (8- or 16-bit as packed; straight alpha only). */
    public static void writePng(Path file, PackedImage img) throws IOException {
        AtomicFiles.write(file, encode(img, ".png"));
    }

    /** Writes class indices as a single-channel PNG (8-bit when all values fit, else 16-bit). */
    public static void writeLabels(Path file, LabelImage labels) throws IOException {
        short[] raw = labels.toShorts();
        PackedImage p;
        if (labels.max() <= 255) {
            byte[] b = new byte[raw.length];
            for (int i = 0; i < raw.length; i++) {
                b[i] = (byte) raw[i];
            }
            p = PackedImage.of8(labels.width(), labels.height(), 1, b, false);
        } else {
            p = PackedImage.of16(labels.width(), labels.height(), 1, raw, false);
        }
        AtomicFiles.write(file, encode(p, ".png"));
    }

    /** PNG bytes of {@code img}, quantised to {@code bits} 8 or 16 (values clamped to [0, 1]). */
    public static byte[] encodePng(FloatImage img, int bits) {
        return encode(PackedImage.quantize(img, bits, false), ".png");
    }

    /** Encodes packed samples with OpenCV's encoder for {@code ext} (".png", ".jpg"). */
    public static byte[] encode(PackedImage img, String ext) {
        if (img.premultiplied()) {
            throw new IllegalArgumentException("premultiplied images must be converted to straight alpha before writing");
        }
        OpenCvNative.ensureLoaded();
        int c = img.channels();
        Mat m;
        if (img.bits() == 8) {
            byte[] b = img.bytes8().clone();
            if (c >= 3) {
                swapRedBlue(b, c);
            }
            m = new Mat(img.height(), img.width(), CvType.CV_8UC(c));
            m.put(0, 0, b);
        } else {
            short[] s = img.shorts16().clone();
            if (c >= 3) {
                swapRedBlue(s, c);
            }
            m = new Mat(img.height(), img.width(), CvType.CV_16UC(c));
            m.put(0, 0, s);
        }
        MatOfByte out = new MatOfByte();
        // PNG level 3: within a few percent of level 9's size at a fraction of its time.
        MatOfInt params = ext.equals(".png") ? new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 3)
                : new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95);
        try {
            if (!Imgcodecs.imencode(ext, m, out, params)) {
                throw new IllegalStateException("OpenCV could not encode a " + img + " as " + ext);
            }
            return out.toArray();
        } finally {
            m.release();
            out.release();
            params.release();
        }
    }

    private static FloatImage dropAlpha(FloatImage img) {
        int n = img.width() * img.height();
        FloatImage out = new FloatImage(img.width(), img.height(), 3);
        float[] s = img.data(), d = out.data();
        for (int i = 0; i < n; i++) {
            d[i * 3] = s[i * 4];
            d[i * 3 + 1] = s[i * 4 + 1];
            d[i * 3 + 2] = s[i * 4 + 2];
        }
        return out;
    }

    // ------------------------------------------------------------------ resizing

    /**
     * Resizes with OpenCV's area filter ({@code INTER_AREA}): when shrinking, each output
     * pixel is the average of the input pixels it covers, weighted by overlap area, which is
     * what downscaling a photo for {@code --resolution N} should do (no aliasing, no
     * ringing). Channels 1 to 4. Returns a new image; {@code src} is not changed.
     * The reference twin is {@code ImagesTest.resizeAreaReference}.
     */
    public static FloatImage resizeArea(FloatImage src, int newWidth, int newHeight) {
        if (newWidth <= 0 || newHeight <= 0) {
            throw new IllegalArgumentException("resize to " + newWidth + "x" + newHeight);
        }
        if (src.channels() > 4) {
            throw new IllegalArgumentException("resizeArea takes 1 to 4 channels, got " + src.channels());
        }
        if (newWidth == src.width() && newHeight == src.height()) {
            return src.copy();
        }
        OpenCvNative.ensureLoaded();
        int c = src.channels();
        Mat in = new Mat(src.height(), src.width(), CvType.CV_32FC(c));
        Mat out = new Mat();
        try {
            in.put(0, 0, src.data());
            Imgproc.resize(in, out, new Size(newWidth, newHeight), 0, 0, Imgproc.INTER_AREA);
            FloatImage r = new FloatImage(newWidth, newHeight, c);
            out.get(0, 0, r.data());
            return r;
        } finally {
            in.release();
            out.release();
        }
    }
}
