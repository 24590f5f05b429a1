package org.splatforge.render.raster;

import jdk.incubator.vector.FloatVector;

/**
 * One worker's scratch for the tile kernels: a block of the tile's list entries staged in
 * list order, and per-pixel state for the tile's 256 pixels (index {@code row*16 + column}).
 *
 * <p>Staging: each entry's packed record ({@link CpuFrameState#PACK} floats, one cache line,
 * fields {@code CpuFrameState.P_*}) is copied into {@code stage: float[BLOCK*PACK]} by
 * {@link #load}, {@link #BLOCK} entries at a time. The records are scattered over the whole
 * cloud, so nearly every one is a cache miss; a copy loop this short keeps many misses in
 * flight at once, where reading each record inside the blending arithmetic left the core
 * waiting on one miss at a time. A block of 64 records (4 KiB) stays in L1 while it is blended.
 */
final class TileWorkspace {

    static final int PIXELS = Rasterizer.TILE * Rasterizer.TILE;
    /** Entries staged at a time. */
    static final int BLOCK = 64;

    final float[] stage = new float[BLOCK * CpuFrameState.PACK];

    // Row bounds of the last entry passed to reach(): dx of column 0, first and last row.
    float dxBase;
    int firstRow;
    int lastRow;

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

    /**
     * Copies the packed records of tile list entries {@code [from, from+count)} ({@code count <= BLOCK})
     * into {@link #stage}, entry {@code from + j} at {@code j*PACK}.
     */
    void load(float[] packed, int[] tileList, int from, int count) {
        float[] st = stage;
        for (int j = 0; j < count; j++) {
            int src = tileList[from + j] * CpuFrameState.PACK, dst = j * CpuFrameState.PACK;
            for (int c = 0; c < CpuFrameState.PACK; c += TileVectors.LANES) {
                FloatVector.fromArray(TileVectors.SPECIES, packed, src + c).intoArray(st, dst + c);
            }
        }
    }

    /**
     * Which rows of the tile whose top-left pixel is (x0, y0), {@code rows} of them inside the
     * image, staged entry {@code j} can reach (the bounds of {@link CpuRasterizer}): sets
     * {@link #dxBase} ({@code mean x - (x0 + 0.5)}, the dx of column 0), {@link #firstRow} and
     * {@link #lastRow}; returns false, with {@code firstRow > lastRow}, when it reaches none
     * (including when it cannot reach the tile's columns).
     */
    boolean reach(int j, int x0, int y0, int rows) {
        float[] st = stage;
        int b = j * CpuFrameState.PACK;
        float ext = st[b + CpuFrameState.P_EXTENT_Y];
        float extX = st[b + CpuFrameState.P_EXTENT_X];
        float dxb = st[b + CpuFrameState.P_X] - (x0 + 0.5f);
        dxBase = dxb;
        // Columns of this tile run from dx = dxb - 15 to dxb (dx = mean x - pixel x).
        if (ext < 0 || dxb + extX < 0 || dxb - (Rasterizer.TILE - 1) - extX > 0) {
            firstRow = 1;
            lastRow = 0;
            return false;
        }
        // Rows r with |y - (y0 + r + 0.5)| <= ext.
        float rel = st[b + CpuFrameState.P_Y] - (y0 + 0.5f);
        firstRow = (int) Math.max(0, Math.ceil(rel - ext));
        lastRow = (int) Math.min(rows - 1, Math.floor(rel + ext));
        return firstRow <= lastRow;
    }
}
