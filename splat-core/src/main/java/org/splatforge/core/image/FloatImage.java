package org.splatforge.core.image;

/**
 * A float image, row-major, channels interleaved: {@code data[(y*width + x)*channels + c]},
 * values nominally in [0, 1] (linear as stored in the file; no gamma is applied anywhere).
 * Row 0 is the top of the image.
 */
public final class FloatImage {

    private final int width;
    private final int height;
    private final int channels;
    private final float[] data;

    public FloatImage(int width, int height, int channels) {
        this(width, height, channels, new float[Math.multiplyExact(Math.multiplyExact(width, height), channels)]);
    }

    /** Wraps {@code data} (not copied); its length must be width*height*channels. */
    public FloatImage(int width, int height, int channels, float[] data) {
        if (width <= 0 || height <= 0 || channels <= 0) {
            throw new IllegalArgumentException("image size " + width + "x" + height + "x" + channels);
        }
        if (data.length != (long) width * height * channels) {
            throw new IllegalArgumentException("data length " + data.length + " != " + width + "*" + height + "*" + channels);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.data = data;
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

    /** The backing array (shared, not a copy). */
    public float[] data() {
        return data;
    }

    public float get(int x, int y, int c) {
        return data[(y * width + x) * channels + c];
    }

    public void set(int x, int y, int c, float v) {
        data[(y * width + x) * channels + c] = v;
    }

    public FloatImage copy() {
        return new FloatImage(width, height, channels, data.clone());
    }

    @Override
    public String toString() {
        return "FloatImage[" + width + "x" + height + "x" + channels + "]";
    }
}
