package org.splatforge.render.raster;

/**
 * One worker's scratch for the tile kernels: the tile's Gaussians gathered into SoA arrays
 * (so the pixel loops read them sequentially), the rows each can reach, and per-pixel state
 * for the tile's 256 pixels (index {@code row*16 + column}). Grows to the longest tile list
 * seen; never shrinks.
 */
final class TileWorkspace {

    static final int PIXELS = Rasterizer.TILE * Rasterizer.TILE;

    int capacity;
    float[] dxBase = new float[0];  // mean x - (tile x0 + 0.5): dx of lane j is dxBase - j
    float[] gy = new float[0];
    float[] halfA = new float[0];
    float[] negB = new float[0];
    float[] halfC = new float[0];
    float[] opacity = new float[0];
    float[] red = new float[0];
    float[] green = new float[0];
    float[] blue = new float[0];
    float[] depth = new float[0];
    float[] powerMin = new float[0];
    int[] row0 = new int[0];
    int[] row1 = new int[0];

    // Per-pixel state.
    final float[] trans = new float[PIXELS];
    final float[] accR = new float[PIXELS];
    final float[] accG = new float[PIXELS];
    final float[] accB = new float[PIXELS];
    final float[] accD = new float[PIXELS];
    final float[] last = new float[PIXELS];
    final boolean[] rowAlive = new boolean[Rasterizer.TILE];
    int aliveRows;
    final int[] rowDone = new int[Rasterizer.TILE];
    /** Lane sums: accumulators are stored here and summed in a fixed order. */
    final float[] lanes = new float[CpuFrameState.REC * Rasterizer.TILE];
    final int[] rowLast = new int[Rasterizer.TILE];

    void ensure(int n) {
        if (n <= capacity) {
            return;
        }
        int c = Math.max(n, capacity * 3 / 2 + 16);
        dxBase = new float[c];
        gy = new float[c];
        halfA = new float[c];
        negB = new float[c];
        halfC = new float[c];
        opacity = new float[c];
        red = new float[c];
        green = new float[c];
        blue = new float[c];
        depth = new float[c];
        powerMin = new float[c];
        row0 = new int[c];
        row1 = new int[c];
        capacity = c;
    }

    /**
     * Gathers tile list entries {@code [start, start+n)} of the packed parameters for the tile
     * whose top-left pixel is (x0, y0) with {@code rows} rows inside the image, and computes
     * the rows each Gaussian can reach (none when it cannot reach the tile's columns).
     */
    void gather(float[] packed, int[] tileList, int start, int n, int x0, int y0, int rows) {
        ensure(n);
        float cx = x0 + 0.5f, cy = y0 + 0.5f;
        for (int k = 0; k < n; k++) {
            int b = tileList[start + k] * CpuFrameState.PACK;
            float y = packed[b + CpuFrameState.P_Y];
            dxBase[k] = packed[b + CpuFrameState.P_X] - cx;
            gy[k] = y;
            halfA[k] = packed[b + CpuFrameState.P_HALF_A];
            negB[k] = packed[b + CpuFrameState.P_NEG_B];
            halfC[k] = packed[b + CpuFrameState.P_HALF_C];
            opacity[k] = packed[b + CpuFrameState.P_OPACITY];
            red[k] = packed[b + CpuFrameState.P_R];
            green[k] = packed[b + CpuFrameState.P_G];
            blue[k] = packed[b + CpuFrameState.P_B];
            depth[k] = packed[b + CpuFrameState.P_DEPTH];
            powerMin[k] = packed[b + CpuFrameState.P_POWER_MIN];
            float ext = packed[b + CpuFrameState.P_EXTENT_Y];
            float extX = packed[b + CpuFrameState.P_EXTENT_X];
            // Columns of this tile run from dx = dxBase - 15 to dxBase (dx = mean x - pixel x).
            float dxb = dxBase[k];
            if (ext < 0 || dxb + extX < 0 || dxb - (Rasterizer.TILE - 1) - extX > 0) {
                row0[k] = 1;
                row1[k] = 0;
            } else {
                // Rows r with |y - (y0 + r + 0.5)| <= ext.
                float rel = y - cy;
                row0[k] = (int) Math.max(0, Math.ceil(rel - ext));
                row1[k] = (int) Math.min(rows - 1, Math.floor(rel + ext));
            }
        }
    }
}
