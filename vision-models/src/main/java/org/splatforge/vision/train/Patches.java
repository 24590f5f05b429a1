package org.splatforge.vision.train;

import java.util.SplittableRandom;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.model.VitConfig;

/**
 * Turns 8-bit images into normalised patch rows: {@code out: float[patches][C*P*P]}, row
 * {@code gy*grid + gx}, each row ordered (channel, y, x) like a Conv2d kernel. Optional
 * augmentation (horizontal flip, integer shift with background fill) for training.
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

    /** Extracts image {@code index} with random flip and shift of up to {@code maxShift} pixels. */
    public static void extractAugmented(VitConfig c, ImageSet set, int index, float[] out, int outOff,
                                        SplittableRandom rnd, boolean flip, int maxShift) {
        boolean f = flip && rnd.nextBoolean();
        int dx = maxShift > 0 ? rnd.nextInt(-maxShift, maxShift + 1) : 0;
        int dy = maxShift > 0 ? rnd.nextInt(-maxShift, maxShift + 1) : 0;
        extract(c, set.pixels(), index * set.pixelsPerImage(), out, outOff, f, dx, dy);
    }
}
