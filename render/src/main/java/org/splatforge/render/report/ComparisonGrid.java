package org.splatforge.render.report;

import java.util.List;
import org.splatforge.core.image.FloatImage;

/**
 * A grid of ground truth next to render for a few test views: one row per view, ground truth
 * on the left, render on the right, separated by a {@link #GAP}-pixel dark line. Views may
 * have different sizes; each row is as tall as its view and the grid as wide as the widest row.
 */
public final class ComparisonGrid {

    public static final int GAP = 4;

    private ComparisonGrid() {
    }

    /**
     * @param truths  RGB images {@code float[h*w*3]}, one per view
     * @param renders same shapes, same order
     * @param widths  per-view widths; {@code heights} per-view heights
     */
    public static FloatImage compose(List<float[]> truths, List<float[]> renders, int[] widths, int[] heights) {
        if (truths.size() != renders.size() || truths.isEmpty()) {
            throw new IllegalArgumentException("need the same positive number of truths and renders");
        }
        int w = 0, h = 0;
        for (int i = 0; i < truths.size(); i++) {
            w = Math.max(w, 2 * widths[i] + 3 * GAP);
            h += heights[i] + GAP;
        }
        h += GAP;
        FloatImage grid = new FloatImage(w, h, 3);
        float[] g = grid.data();
        java.util.Arrays.fill(g, 0.15f);
        int y0 = GAP;
        for (int i = 0; i < truths.size(); i++) {
            blit(truths.get(i), widths[i], heights[i], g, w, GAP, y0);
            blit(renders.get(i), widths[i], heights[i], g, w, 2 * GAP + widths[i], y0);
            y0 += heights[i] + GAP;
        }
        return grid;
    }

    private static void blit(float[] src, int sw, int sh, float[] dst, int dw, int x0, int y0) {
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                for (int c = 0; c < 3; c++) {
                    float v = src[(y * sw + x) * 3 + c];
                    dst[((y0 + y) * dw + x0 + x) * 3 + c] = Math.min(1f, Math.max(0f, v));
                }
            }
        }
    }
}
