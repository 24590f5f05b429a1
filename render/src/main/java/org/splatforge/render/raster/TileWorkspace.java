package org.splatforge.render.raster;

/**
 * One worker's scratch for the tile kernels: per-pixel state for the tile's 256 pixels and
 * the row bounds of the entry being blended.
 *
 * <p>Per-pixel state is one array {@code px: float[PX_SEGMENTS*PIXELS]}, one 256-float segment
 * per quantity (offsets {@code PX_*}), pixel (row, column) at {@code segment + row*16 + column}.
 * One array rather than one per quantity because C2 then checks the index range once per
 * vector position instead of once per quantity (its range-check smearing only merges checks
 * on the same array), and keeps one array base in a register instead of seven.
 */
final class TileWorkspace {

    static final int PIXELS = Rasterizer.TILE * Rasterizer.TILE;

    /** Transmittance; forward: negated once the pixel is done. */
    static final int PX_T = 0;
    /** Index + 1 of the last blended list entry (forward), read back by the backward. */
    static final int PX_LAST = PIXELS;
    /** Forward: colour and depth accumulators; backward: dL/d colour and dL/d depth. */
    static final int PX_R = 2 * PIXELS;
    static final int PX_G = 3 * PIXELS;
    static final int PX_B = 4 * PIXELS;
    static final int PX_D = 5 * PIXELS;
    /** Backward: the loss-weighted colour blended behind the current entry. */
    static final int PX_W = 6 * PIXELS;
    static final int PX_SEGMENTS = 7;

    final float[] px = new float[PX_SEGMENTS * PIXELS];

    // Row bounds of the last entry passed to reach(): dx of column 0, first and last row.
    float dxBase;
    int firstRow;
    int lastRow;

    final boolean[] rowAlive = new boolean[Rasterizer.TILE];
    int aliveRows;
    final int[] rowDone = new int[Rasterizer.TILE];
    /** Backward: the largest last-entry index + 1 of each row's pixels. */
    final int[] rowLast = new int[Rasterizer.TILE];
    /** Lane sums: accumulators are stored here and summed in a fixed order. */
    final float[] lanes = new float[CpuFrameState.REC * Rasterizer.TILE];

    /**
     * Which rows of the tile whose top-left pixel is (x0, y0), {@code rows} of them inside the
     * image, the entry whose packed record is at {@code st[b..]} can reach (the bounds of
     * {@link CpuRasterizer}): sets {@link #dxBase} ({@code mean x - (x0 + 0.5)}, the dx of
     * column 0), {@link #firstRow} and {@link #lastRow}; returns false, with
     * {@code firstRow > lastRow}, when it reaches none (including when it cannot reach the
     * tile's columns).
     */
    boolean reach(float[] st, int b, int x0, int y0, int rows) {
        float ext = st[b + CpuFrameState.P_EXTENT_Y];
        float extX = st[b + CpuFrameState.P_EXTENT_X];
        float x = st[b + CpuFrameState.P_X], y = st[b + CpuFrameState.P_Y];
        dxBase = x - (x0 + 0.5f);
        if (ext < 0 || !reachesColumns(x, extX, x0)) {
            firstRow = 1;
            lastRow = 0;
            return false;
        }
        firstRow = firstRow(y, ext, y0);
        lastRow = lastRow(y, ext, y0, rows);
        return firstRow <= lastRow;
    }

    /**
     * Whether a Gaussian at column position {@code x} (pixels) that reaches columns within
     * {@code extX} of it can reach a column of the tile whose first column is {@code x0}.
     * Columns of the tile run from dx = dxb - 15 to dxb (dx = mean x - pixel x).
     */
    static boolean reachesColumns(float x, float extX, int x0) {
        float dxb = x - (x0 + 0.5f);
        return !(dxb + extX < 0 || dxb - (Rasterizer.TILE - 1) - extX > 0);
    }

    /** First row r of the tile at y0 with {@code |y - (y0 + r + 0.5)| <= ext} (may be past the last). */
    static int firstRow(float y, float ext, int y0) {
        return (int) Math.max(0, Math.ceil(y - (y0 + 0.5f) - ext));
    }

    /** Last such row among the tile's {@code rows} rows inside the image (may be before the first). */
    static int lastRow(float y, float ext, int y0, int rows) {
        return (int) Math.min(rows - 1, Math.floor(y - (y0 + 0.5f) + ext));
    }
}
