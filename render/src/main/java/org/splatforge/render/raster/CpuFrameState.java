package org.splatforge.render.raster;

/**
 * What {@link CpuRasterizer}'s forward leaves in a {@link RasterFrame} for its backward: the
 * packed per-Gaussian blend parameters, the depth order, the per-tile lists and the map from
 * each Gaussian's tiles to list positions. Arrays grow and are reused frame after frame.
 *
 * <p>Per-tile lists are one array {@code tileList: int[E]} (Gaussian ids), tile t's list at
 * {@code [tileStart[t], tileStart[t+1])}, ascending depth with ties by index. Each entry p
 * also has a slot {@code entrySlot[p]} in Gaussian-major order: Gaussian g's slots are
 * {@code [gaussOffset[g], gaussOffset[g+1])}, its tiles in row-major order of its rectangle.
 * The tile kernels write per-entry results (gradient records, blend weights) at the slot,
 * and the per-Gaussian reduction reads its slots contiguously in that fixed order, which is
 * what makes gradients independent of thread scheduling (and of the thread count).
 */
final class CpuFrameState {

    /** Floats per Gaussian in {@link #packed}. */
    static final int PACK = 16;
    static final int P_X = 0;
    static final int P_Y = 1;
    static final int P_HALF_A = 2;   // -a/2
    static final int P_NEG_B = 3;    // -b
    static final int P_HALF_C = 4;   // -c/2
    static final int P_OPACITY = 5;
    static final int P_R = 6;
    static final int P_G = 7;
    static final int P_B = 8;
    static final int P_DEPTH = 9;
    static final int P_POWER_MIN = 10; // below this power alpha < 1/255 for sure
    static final int P_EXTENT_Y = 11;  // rows farther than this from y cannot reach 1/255; < 0: never
    static final int P_EXTENT_X = 12;  // columns farther than this from x cannot reach 1/255

    /** Gradient record per (tile, Gaussian) entry: sums over the tile's pixels. */
    static final int REC = 12;
    static final int R_MX = 0;     // dL/d mean2d x
    static final int R_MY = 1;
    static final int R_AX = 2;     // sum |per-pixel dL/d mean2d x|
    static final int R_AY = 3;
    static final int R_DXX = 4;    // sum dL/dpower * dx^2 (conic a: times -1/2)
    static final int R_DXY = 5;    // sum dL/dpower * dx*dy (conic b: times -1)
    static final int R_DYY = 6;    // sum dL/dpower * dy^2 (conic c: times -1/2)
    static final int R_POWER = 7;  // sum dL/dpower over unclamped pixels; dL/dopacity = this / opacity
    static final int R_R = 8;
    static final int R_G = 9;
    static final int R_B = 10;
    static final int R_DEPTH = 11;

    float[] packed = new float[0];
    double[] depth64 = new double[0];
    int[] rects = new int[0];        // [N*4]: tile x0, x1, y0, y1 (half-open)
    int[] gaussOffset = new int[1];  // [N+1]
    int[] order = new int[0];        // valid Gaussians, ascending depth then index
    int[] sortKeys = new int[0];
    int[] sortScratch = new int[0];
    int[] sortScratchKeys = new int[0];
    final int[] radixCount = new int[256];
    int validCount;

    int tilesX;
    int tilesY;
    int[] tileStart = new int[1];    // [T+1]
    int[][] workerCursor = new int[0][];
    int[] tileList = new int[0];     // [E]
    int[] entrySlot = new int[0];    // [E]: tile-list position -> Gaussian-major slot
    float[] entryPack = new float[0]; // [E*PACK]: each entry's packed record, in tile-list order
    int entries;

    float[] weights = new float[0];  // [E] forward contributions per entry
    float[] records = new float[0];  // [E*REC] backward

    void ensureGaussians(int n) {
        if (packed.length < n * PACK) {
            int c = Math.max(n, packed.length / PACK * 3 / 2);
            packed = new float[c * PACK];
            depth64 = new double[c];
            rects = new int[c * 4];
            gaussOffset = new int[c + 1];
            order = new int[c];
            sortKeys = new int[c];
            sortScratch = new int[c];
            sortScratchKeys = new int[c];
        }
    }

    void ensureTiles(int tiles, int workers) {
        if (tileStart.length < tiles + 1) {
            tileStart = new int[tiles + 1];
        }
        if (workerCursor.length < workers || workerCursor[0].length < tiles) {
            workerCursor = new int[workers][tiles];
        }
    }

    void ensureEntries(int e, boolean contributions) {
        if (e > (Integer.MAX_VALUE - 8) / PACK) {
            throw new IllegalStateException("too many (tile, Gaussian) pairs for one frame: " + e
                    + "; render at a lower resolution or with fewer Gaussians");
        }
        if (tileList.length < e) {
            int c = (int) Math.min((Integer.MAX_VALUE - 8) / PACK, Math.max(e, tileList.length * 3L / 2));
            tileList = new int[c];
            entrySlot = new int[c];
            entryPack = new float[c * PACK];
        }
        if (contributions && weights.length < e) {
            weights = new float[Math.max(e, tileList.length)];
        }
    }

    void ensureRecords() {
        long need = (long) entries * REC;
        if (need > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many tile entries for one backward pass: " + entries);
        }
        if (records.length < need) {
            records = new float[(int) Math.max(need, Math.min(Integer.MAX_VALUE - 8, records.length * 3L / 2))];
        }
    }
}
