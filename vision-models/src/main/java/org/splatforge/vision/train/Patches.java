package org.splatforge.vision.train;

import java.util.SplittableRandom;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.model.VitConfig;

/**
 * Turns 8-bit images into normalised patch rows: {@code out: float[patches][C*P*P]}, row
 * {@code gy*grid + gx}, each row ordered (channel, y, x) like a Conv2d kernel. Optional
 * augmentation (horizontal flip, integer shift with background fill, random erasing) for training.
 */
public final class Patches {

    private Patches() {
    }

    /**
     * Writes image {@code index} of {@code set} as patch rows at {@code out[outOff...]}.
     *
     * @param flip  mirror left-right
     * @param dx    shift right by this many pixels (negative: left); vacated pixels are 0
     * @param dy    shift down
     */
    public static void extract(VitConfig c, byte[] pixels, int pixOff, float[] out, int outOff,
                               boolean flip, int dx, int dy) {
        int size = c.imageSize(), p = c.patch(), grid = c.grid(), ch = c.channels();
        int pd = c.patchDim();
        for (int k = 0; k < ch; k++) {
            float scale = 1f / (255f * c.std()[k]);
            float bias = -c.mean()[k] / c.std()[k];
            for (int y = 0; y < size; y++) {
                int sy = y - dy;
                for (int x = 0; x < size; x++) {
                    int sx = (flip ? size - 1 - x : x) - dx;
                    int v = (sy >= 0 && sy < size && sx >= 0 && sx < size)
                            ? pixels[pixOff + (k * size + sy) * size + sx] & 0xff : 0;
                    int row = (y / p) * grid + (x / p);
                    int col = (k * p + (y % p)) * p + (x % p);
                    out[outOff + row * pd + col] = v * scale + bias;
                }
            }
        }
    }

    /**
     * Extracts image {@code index} with random flip, shift of up to {@code maxShift} pixels and,
     * with probability {@code erase}, random erasing (Zhong et al., "Random Erasing Data
     * Augmentation", AAAI 2020): a rectangle of 2-25% of the image with aspect ratio 0.3-3.3
     * (log-uniform) is set to the background pixel value 0.
     */
    public static void extractAugmented(VitConfig c, ImageSet set, int index, float[] out, int outOff,
                                        SplittableRandom rnd, boolean flip, int maxShift, float erase) {
        boolean f = flip && rnd.nextBoolean();
        int dx = maxShift > 0 ? rnd.nextInt(-maxShift, maxShift + 1) : 0;
        int dy = maxShift > 0 ? rnd.nextInt(-maxShift, maxShift + 1) : 0;
        extract(c, set.pixels(), index * set.pixelsPerImage(), out, outOff, f, dx, dy);
        if (erase > 0 && rnd.nextDouble() < erase) {
            int size = c.imageSize();
            for (int attempt = 0; attempt < 10; attempt++) { // the paper retries until the box fits
                double area = size * size * rnd.nextDouble(0.02, 0.25);
                double ratio = Math.exp(rnd.nextDouble(Math.log(0.3), Math.log(1 / 0.3)));
                int h = (int) Math.round(Math.sqrt(area * ratio)), w = (int) Math.round(Math.sqrt(area / ratio));
                if (h >= 1 && w >= 1 && h < size && w < size) {
                    erase(c, out, outOff, rnd.nextInt(size - w + 1), rnd.nextInt(size - h + 1), w, h);
                    break;
                }
            }
        }
    }

    /** Sets the pixels {@code [x0, x0+w) x [y0, y0+h)} of every channel of one image's patch rows to pixel value 0. */
    static void erase(VitConfig c, float[] out, int outOff, int x0, int y0, int w, int h) {
        int p = c.patch(), grid = c.grid(), pd = c.patchDim();
        for (int k = 0; k < c.channels(); k++) {
            float zero = -c.mean()[k] / c.std()[k];
            for (int y = y0; y < y0 + h; y++) {
                for (int x = x0; x < x0 + w; x++) {
                    out[outOff + ((y / p) * grid + (x / p)) * pd + (k * p + (y % p)) * p + (x % p)] = zero;
                }
            }
        }
    }
}
