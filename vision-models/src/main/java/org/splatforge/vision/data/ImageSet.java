package org.splatforge.vision.data;

import java.util.List;

/**
 * A labelled set of small images: {@code pixels: byte[count * channels * size * size]},
 * unsigned 8-bit, CHW per image; {@code labels: byte[count]} in {@code [0, classNames.size())}.
 */
public record ImageSet(int count, int channels, int size, byte[] pixels, byte[] labels, List<String> classNames) {

    public ImageSet {
        long need = (long) count * channels * size * size;
        if (pixels.length != need || labels.length != count) {
            throw new IllegalArgumentException("image set arrays do not match " + count + " x " + channels + "x"
                    + size + "x" + size);
        }
    }

    public int pixelsPerImage() {
        return channels * size * size;
    }

    public int label(int i) {
        return labels[i] & 0xff;
    }

    /** The first {@code n} images (or all, if fewer). */
    public ImageSet head(int n) {
        int k = Math.min(n, count);
        byte[] p = java.util.Arrays.copyOf(pixels, k * pixelsPerImage());
        byte[] l = java.util.Arrays.copyOf(labels, k);
        return new ImageSet(k, channels, size, p, l, classNames);
    }

    /** Images {@code [from, to)}. */
    public ImageSet slice(int from, int to) {
        int ppi = pixelsPerImage();
        return new ImageSet(to - from, channels, size,
                java.util.Arrays.copyOfRange(pixels, from * ppi, to * ppi),
                java.util.Arrays.copyOfRange(labels, from, to), classNames);
    }
}
