package org.splatforge.core.image;

/**
 * Per-pixel class indices (a segmentation map): {@code width*height} unsigned values,
 * row-major, row 0 at the top, held in bytes when every index fits in 8 bits (as in
 * 8-bit label PNGs) and in 16-bit shorts otherwise. Read without any normalisation: the
 * stored number is the class index.
 */
public final class LabelImage {

    private final int width;
    private final int height;
    private final byte[] bytes;   // 8-bit indices, or null
    private final short[] shorts; // 16-bit indices, or null

    /** Wraps 16-bit {@code labels} (not copied), values read as unsigned. */
    public LabelImage(int width, int height, short[] labels) {
        this(width, height, null, labels);
    }

    /** Wraps 8-bit {@code labels} (not copied), values read as unsigned. */
    public LabelImage(int width, int height, byte[] labels) {
        this(width, height, labels, null);
    }

    private LabelImage(int width, int height, byte[] bytes, short[] shorts) {
        int len = bytes != null ? bytes.length : shorts.length;
        if (width <= 0 || height <= 0 || len != (long) width * height) {
            throw new IllegalArgumentException("label image " + width + "x" + height + " with " + len + " values");
        }
        this.width = width;
        this.height = height;
        this.bytes = bytes;
        this.shorts = shorts;
    }

    /** From 16-bit values, narrowed to bytes when they all fit. */
    public static LabelImage compact(int width, int height, short[] labels) {
        int max = 0;
        for (short s : labels) {
            max = Math.max(max, s & 0xFFFF);
        }
        if (max > 255) {
            return new LabelImage(width, height, labels);
        }
        byte[] b = new byte[labels.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) labels[i];
        }
        return new LabelImage(width, height, b);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Class index at column x, row y. */
    public int get(int x, int y) {
        return get(y * width + x);
    }

    /** Class index of pixel {@code i = y*width + x}. */
    public int get(int i) {
        return bytes != null ? bytes[i] & 0xFF : shorts[i] & 0xFFFF;
    }

    /** All indices as 16-bit values (a copy; read with {@code & 0xFFFF}). */
    public short[] toShorts() {
        if (shorts != null) {
            return shorts.clone();
        }
        short[] s = new short[bytes.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (bytes[i] & 0xFF);
        }
        return s;
    }

    /** The largest class index present. */
    public int max() {
        int m = 0;
        int n = width * height;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, get(i));
        }
        return m;
    }

    public long sizeBytes() {
        return bytes != null ? bytes.length : 2L * shorts.length;
    }

    /**
     * Nearest-neighbour resize sampling at pixel centres: output pixel (x, y) takes the input
     * pixel containing ((x + 0.5) * W / w, (y + 0.5) * H / h). Class indices must not be
     * averaged, so labels never go through the area filter images use.
     */
    public LabelImage resizeNearest(int newWidth, int newHeight) {
        if (newWidth <= 0 || newHeight <= 0) {
            throw new IllegalArgumentException("label resize to " + newWidth + "x" + newHeight);
        }
        int[] xs = new int[newWidth];
        for (int x = 0; x < newWidth; x++) {
            xs[x] = Math.min(width - 1, (int) Math.floor((x + 0.5) * width / newWidth));
        }
        int n = newWidth * newHeight;
        byte[] ob = bytes != null ? new byte[n] : null;
        short[] os = shorts != null ? new short[n] : null;
        for (int y = 0; y < newHeight; y++) {
            int sy = Math.min(height - 1, (int) Math.floor((y + 0.5) * height / newHeight));
            for (int x = 0; x < newWidth; x++) {
                int s = sy * width + xs[x], d = y * newWidth + x;
                if (ob != null) {
                    ob[d] = bytes[s];
                } else {
                    os[d] = shorts[s];
                }
            }
        }
        return new LabelImage(newWidth, newHeight, ob, os);
    }

    @Override
    public String toString() {
        return "LabelImage[" + width + "x" + height + "]";
    }
}
