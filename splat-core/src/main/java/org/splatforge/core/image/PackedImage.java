package org.splatforge.core.image;

/**
 * Pixels kept compactly as the file stored them: unsigned 8- or 16-bit samples, channels
 * interleaved row-major ({@code (y*width + x)*channels + c}), channels in RGB(A) order
 * (1 = gray, 3 = RGB, 4 = RGBA). A dataset keeps its images in this form (4 bytes per RGBA
 * pixel instead of 16 as floats) and converts to {@link FloatImage} on use.
 *
 * <p>{@code premultiplied} says whether the colour channels of an RGBA image are already
 * multiplied by alpha (images resized in premultiplied space, so that transparent pixels
 * do not bleed colour into their neighbours). Files on disk are straight alpha (PNG).
 * Immutable by convention: the arrays are shared, not copied.
 */
public final class PackedImage {

    private final int width;
    private final int height;
    private final int channels;
    private final byte[] bytes;   // 8-bit samples, or null
    private final short[] shorts; // 16-bit samples, or null
    private final boolean premultiplied;

    private PackedImage(int width, int height, int channels, byte[] bytes, short[] shorts, boolean premultiplied) {
        if (width <= 0 || height <= 0 || channels < 1 || channels > 4) {
            throw new IllegalArgumentException("packed image size " + width + "x" + height + "x" + channels);
        }
        long n = (long) width * height * channels;
        int len = bytes != null ? bytes.length : shorts.length;
        if (len != n) {
            throw new IllegalArgumentException("sample count " + len + " != " + width + "*" + height + "*" + channels);
        }
        if (premultiplied && channels != 4) {
            throw new IllegalArgumentException("only RGBA images can be premultiplied");
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.bytes = bytes;
        this.shorts = shorts;
        this.premultiplied = premultiplied;
    }

    /** 8-bit samples (wrapped, not copied). */
    public static PackedImage of8(int width, int height, int channels, byte[] samples, boolean premultiplied) {
        return new PackedImage(width, height, channels, samples, null, premultiplied);
    }

    /** 16-bit samples, read as unsigned (wrapped, not copied). */
    public static PackedImage of16(int width, int height, int channels, short[] samples, boolean premultiplied) {
        return new PackedImage(width, height, channels, null, samples, premultiplied);
    }

    /**
     * Quantises a float image (values clamped to [0, 1], NaN as 0) to {@code bits} 8 or 16,
     * rounding to nearest.
     */
    public static PackedImage quantize(FloatImage img, int bits, boolean premultiplied) {
        float[] d = img.data();
        if (bits == 8) {
            byte[] b = new byte[d.length];
            for (int i = 0; i < d.length; i++) {
                b[i] = (byte) quantize(d[i], 255f);
            }
            return of8(img.width(), img.height(), img.channels(), b, premultiplied);
        }
        if (bits == 16) {
            short[] s = new short[d.length];
            for (int i = 0; i < d.length; i++) {
                s[i] = (short) quantize(d[i], 65535f);
            }
            return of16(img.width(), img.height(), img.channels(), s, premultiplied);
        }
        throw new IllegalArgumentException("bits must be 8 or 16, got " + bits);
    }

    static int quantize(float v, float max) {
        float c = v > 0f ? (v < 1f ? v : 1f) : 0f; // NaN compares false: becomes 0
        return (int) (c * max + 0.5f);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    /** 8 or 16. */
    public int bits() {
        return bytes != null ? 8 : 16;
    }

    public boolean hasAlpha() {
        return channels == 4;
    }

    public boolean premultiplied() {
        return premultiplied;
    }

    /** The 8-bit samples (shared), or null for a 16-bit image. */
    public byte[] bytes8() {
        return bytes;
    }

    /** The 16-bit samples (shared, unsigned), or null for an 8-bit image. */
    public short[] shorts16() {
        return shorts;
    }

    /** Heap bytes of the sample array. */
    public long sizeBytes() {
        return bytes != null ? bytes.length : 2L * shorts.length;
    }

    /** Sample {@code i} of the interleaved array, normalised to [0, 1]. */
    public float sample(int i) {
        return bytes != null ? (bytes[i] & 0xFF) * (1f / 255f) : (shorts[i] & 0xFFFF) * (1f / 65535f);
    }

    /**
     * Normalised samples {@code [srcOff, srcOff + count)} into {@code dst[dstOff...]}. The
     * per-depth loops keep the conversion branch out of the inner loop.
     */
    public void samples(int srcOff, float[] dst, int dstOff, int count) {
        if (bytes != null) {
            final float s = 1f / 255f;
            for (int i = 0; i < count; i++) {
                dst[dstOff + i] = (bytes[srcOff + i] & 0xFF) * s;
            }
        } else {
            final float s = 1f / 65535f;
            for (int i = 0; i < count; i++) {
                dst[dstOff + i] = (shorts[srcOff + i] & 0xFFFF) * s;
            }
        }
    }

    /**
     * This image without its alpha channel when every pixel is fully opaque (many RGBA
     * video frames are), saving a quarter of the memory; otherwise this image.
     */
    public PackedImage dropOpaqueAlpha() {
        if (channels != 4) {
            return this;
        }
        int n = width * height;
        if (bytes != null) {
            for (int i = 0; i < n; i++) {
                if (bytes[i * 4 + 3] != (byte) 0xFF) {
                    return this;
                }
            }
            byte[] b = new byte[n * 3];
            for (int i = 0; i < n; i++) {
                System.arraycopy(bytes, i * 4, b, i * 3, 3);
            }
            return of8(width, height, 3, b, false);
        }
        for (int i = 0; i < n; i++) {
            if (shorts[i * 4 + 3] != (short) 0xFFFF) {
                return this;
            }
        }
        short[] s = new short[n * 3];
        for (int i = 0; i < n; i++) {
            System.arraycopy(shorts, i * 4, s, i * 3, 3);
        }
        return of16(width, height, 3, s, false);
    }

    /** All samples as floats in [0, 1], same channels (premultiplication is not undone). */
    public FloatImage toFloat() {
        FloatImage out = new FloatImage(width, height, channels);
        samples(0, out.data(), 0, out.data().length);
        return out;
    }

    /**
     * RGB composited on {@code background}: {@code c*a + bg*(1-a)} for straight alpha,
     * {@code c + bg*(1-a)} for premultiplied; images without alpha are copied (gray
     * replicated to RGB). Writes {@code width*height*3} floats at {@code dst[dstOff]}.
     */
    public void compositeRgb(float[] background, float[] dst, int dstOff) {
        int n = width * height;
        float br = background[0], bg = background[1], bb = background[2];
        switch (channels) {
            case 1 -> {
                for (int i = 0; i < n; i++) {
                    float v = sample(i);
                    int o = dstOff + i * 3;
                    dst[o] = v;
                    dst[o + 1] = v;
                    dst[o + 2] = v;
                }
            }
            case 3 -> samples(0, dst, dstOff, n * 3);
            case 4 -> {
                if (bytes != null) { // the common case, without the per-sample depth test
                    final float k255 = 1f / 255f;
                    for (int i = 0; i < n; i++) {
                        int s = i * 4, o = dstOff + i * 3;
                        float a = (bytes[s + 3] & 0xFF) * k255;
                        float k = premultiplied ? k255 : a * k255;
                        float t = 1f - a;
                        dst[o] = (bytes[s] & 0xFF) * k + br * t;
                        dst[o + 1] = (bytes[s + 1] & 0xFF) * k + bg * t;
                        dst[o + 2] = (bytes[s + 2] & 0xFF) * k + bb * t;
                    }
                    return;
                }
                for (int i = 0; i < n; i++) {
                    int s = i * 4, o = dstOff + i * 3;
                    float a = sample(s + 3);
                    float k = premultiplied ? 1f : a;
                    float t = 1f - a;
                    dst[o] = sample(s) * k + br * t;
                    dst[o + 1] = sample(s + 1) * k + bg * t;
                    dst[o + 2] = sample(s + 2) * k + bb * t;
                }
            }
            default -> throw new IllegalStateException("channels " + channels);
        }
    }

    /** Alpha of every pixel into {@code dst[dstOff...]} ({@code width*height} floats; 1 without alpha). */
    public void alpha(float[] dst, int dstOff) {
        int n = width * height;
        if (channels != 4) {
            java.util.Arrays.fill(dst, dstOff, dstOff + n, 1f);
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = sample(i * 4 + 3);
        }
    }

    /**
     * Floats in [0, 1] with the colour premultiplied by alpha for RGBA (already so when
     * {@link #premultiplied()}): the form in which resampling (resize, undistort) is exact
     * with respect to compositing, since both are linear.
     */
    public FloatImage toFloatPremultiplied() {
        FloatImage f = toFloat();
        if (channels == 4 && !premultiplied) {
            float[] d = f.data();
            for (int i = 0; i < d.length; i += 4) {
                float a = d[i + 3];
                d[i] *= a;
                d[i + 1] *= a;
                d[i + 2] *= a;
            }
        }
        return f;
    }

    @Override
    public String toString() {
        return "PackedImage[" + width + "x" + height + "x" + channels + ", " + bits() + "-bit"
                + (premultiplied ? ", premultiplied" : "") + "]";
    }
}
