package org.splatforge.core.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.image.FloatImage;

/**
 * The colour at infinity of opaque renders: when the training images have no alpha channel
 * but share one exact colour around their borders (a Blender world colour, a studio sweep),
 * that colour is what the rasterizer's background must be. Otherwise every Gaussian model of
 * the scene has to paint that backdrop itself, with Gaussians inside the cameras' shared box
 * that cannot cover it from every view: on tabletop-multiview (N3V layout, a sky-grey backdrop
 * on 35-42% of every frame) the default white background held a static 1000-iteration fit at
 * 16.7 dB on cam00 where the backdrop colour gave 19.3 dB.
 *
 * <p>The test: over up to {@value #MAX_VIEWS} evenly chosen views, the one-pixel border ring of
 * each image is binned by its 8-bit RGB value; the most frequent bin wins when it covers at
 * least {@value #MIN_BORDER_SHARE} of the border pixels in at least {@value #MIN_VIEW_SHARE} of
 * the views. The colour is the mean of the winning bin's samples (exact for 8-bit images).
 * Real photographs have no such bin and keep the default.
 */
public final class BorderBackground {

    /** Views sampled; the border ring of a few dozen views settles the question. */
    static final int MAX_VIEWS = 64;
    /** Fraction of a view's border pixels the backdrop colour must cover. */
    static final double MIN_BORDER_SHARE = 0.25;
    /** Fraction of the sampled views in which it must cover that much. */
    static final double MIN_VIEW_SHARE = 0.8;

    private BorderBackground() {
    }

    /**
     * The shared border colour (RGB in [0, 1]) of {@code views}, or null when any sampled view
     * has a non-opaque alpha channel (its transparent pixels already say where the background
     * is) or when no colour dominates the borders as described in the class comment.
     */
    public static float[] estimate(List<View> views) {
        int n = views.size();
        int m = Math.min(n, MAX_VIEWS);
        if (m == 0) {
            return null;
        }
        Map<Integer, double[]> total = new HashMap<>(); // key -> {sum r, sum g, sum b, count}
        Map<Integer, Integer> viewsDominated = new HashMap<>();
        for (int k = 0; k < m; k++) {
            View v = views.get((int) ((long) k * n / m));
            if (v.hasAlpha() && v.packed().hasAlpha()) {
                return null; // (an opaque alpha channel was dropped at loading: such a view counts as opaque)
            }
            FloatImage img = v.image(DatasetOptions.BLACK);
            Map<Integer, Integer> counts = new HashMap<>();
            int border = ring(img, total, counts);
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                if (e.getValue() >= MIN_BORDER_SHARE * border) {
                    viewsDominated.merge(e.getKey(), 1, Integer::sum);
                }
            }
        }
        Integer best = null;
        for (Map.Entry<Integer, Integer> e : viewsDominated.entrySet()) {
            if (e.getValue() >= MIN_VIEW_SHARE * m && (best == null || e.getValue() > viewsDominated.get(best)
                    || (e.getValue().equals(viewsDominated.get(best)) && total.get(e.getKey())[3] > total.get(best)[3]))) {
                best = e.getKey();
            }
        }
        if (best == null) {
            return null;
        }
        double[] s = total.get(best);
        return new float[] {(float) (s[0] / s[3]), (float) (s[1] / s[3]), (float) (s[2] / s[3])};
    }

    /** Bins the border ring of {@code img} into {@code counts} (this view) and {@code total}; returns the ring's size. */
    private static int ring(FloatImage img, Map<Integer, double[]> total, Map<Integer, Integer> counts) {
        int w = img.width(), h = img.height();
        float[] d = img.data();
        int size = 0;
        for (int y = 0; y < h; y++) {
            boolean edgeRow = y == 0 || y == h - 1;
            for (int x = 0; x < w; x += edgeRow || w == 1 ? 1 : w - 1) {
                int o = (y * w + x) * 3;
                int key = (quantize(d[o]) << 16) | (quantize(d[o + 1]) << 8) | quantize(d[o + 2]);
                counts.merge(key, 1, Integer::sum);
                double[] t = total.computeIfAbsent(key, q -> new double[4]);
                t[0] += d[o];
                t[1] += d[o + 1];
                t[2] += d[o + 2];
                t[3]++;
                size++;
            }
        }
        return size;
    }

    private static int quantize(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
