package org.splatforge.render.raster;

import static org.splatforge.render.raster.TileVectors.LANES;
import static org.splatforge.render.raster.TileVectors.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Forward blending of one 16x16 tile, {@link TileVectors#LANES} pixels of a row at a time.
 *
 * <p>The loop runs over the tile's depth-sorted Gaussians (outer) and the rows each can
 * reach (inner), keeping per-pixel state in the workspace. Two exact shortcuts skip work the
 * contract would skip anyway: a Gaussian only visits rows where its peak alpha along the row
 * reaches 1/255 (see {@link CpuRasterizer} for the bound), and a vector whose powers are all
 * below {@code ln(1/(255 o))} (with a margin) skips the exp. A pixel is done once
 * {@code T (1 - alpha) < 1e-4}; the tile stops when every row is done.
 *
 * <p>Per pixel, exactly the contract: {@code power = -(a dx^2 + c dy^2)/2 - b dx dy} (computed
 * as two fused multiply-adds), skip if {@code power > 0}, {@code alpha = min(0.99, o e^power)},
 * skip if {@code alpha < 1/255}, stop before blending if {@code T (1-alpha) < 1e-4}.
 * {@link TileBackwardKernel} evaluates alpha with the same operations so both agree bit for
 * bit on every skip and stop.
 */
final class TileForwardKernel {

    static final float MIN_ALPHA = 1f / 255f;
    static final float MAX_ALPHA = 0.99f;
    static final float T_STOP = 1e-4f;

    private TileForwardKernel() {
    }

    /**
     * Blends the tile and writes its pixels of the frame.
     *
     * @param weights per-entry blend-weight sums, by entry slot, or null when contributions are not wanted
     */
    static void run(TileWorkspace ws, CpuFrameState s, RasterFrame f, int tile, float[] weights) {
        int tilesX = s.tilesX;
        int x0 = (tile % tilesX) * Rasterizer.TILE, y0 = (tile / tilesX) * Rasterizer.TILE;
        int width = f.width(), height = f.height();
        int rows = Math.min(Rasterizer.TILE, height - y0), cols = Math.min(Rasterizer.TILE, width - x0);
        int start = s.tileStart[tile], n = s.tileStart[tile + 1] - start;
        boolean depthOn = f.settings().computeDepth();

        float[] px = ws.px;
        java.util.Arrays.fill(px, TileWorkspace.PX_T, TileWorkspace.PX_T + TileWorkspace.PIXELS, 1f);
        java.util.Arrays.fill(px, TileWorkspace.PX_LAST, TileWorkspace.PX_D + TileWorkspace.PIXELS, 0f);
        for (int r = 0; r < Rasterizer.TILE; r++) {
            for (int c = 0; c < Rasterizer.TILE; c++) {
                if (r >= rows || c >= cols) {
                    px[TileWorkspace.PX_T + r * Rasterizer.TILE + c] = -1f; // outside the image: never blended
                }
            }
            ws.rowAlive[r] = r < rows;
            ws.rowDone[r] = Rasterizer.TILE - cols;
        }
        ws.aliveRows = rows;
        int aliveRows = rows;
        int k = 0;
        int[] slot = s.entrySlot;
        float[] pack = s.entryPack;
        for (; k < n && aliveRows > 0; k++) {
            float wsum = 0f;
            int b = (start + k) * CpuFrameState.PACK;
            if (ws.reach(pack, b, x0, y0, rows)) {
                wsum = blendGaussian(ws, pack, b, k, y0, depthOn, weights != null);
                aliveRows = ws.aliveRows;
            }
            if (weights != null) {
                weights[slot[start + k]] = wsum;
            }
        }
        if (weights != null) {
            for (; k < n; k++) {
                weights[slot[start + k]] = 0f;
            }
        }
        writePixels(ws, f, x0, y0, rows, cols, depthOn);
    }

    /**
     * Blends the entry at list position k (packed record at {@code st[b..]}) into the rows it
     * reaches ({@link TileWorkspace#reach} was just called for it); returns the sum of its blend
     * weights when {@code wantWeight}. Kept apart from {@link #run} so C2 compiles it as one
     * unit that keeps every vector in a register: it is too big to be inlined into its caller,
     * and it calls no method of ours with a vector argument (the exp is written out here; see
     * {@link TileVectors}). One flat loop over the vectors of the rows it reaches, rather than
     * rows then chunks, leaves C2 fewer loop-carried values to shuffle.
     */
    private static float blendGaussian(TileWorkspace ws, float[] st, int b, int k, int y0, boolean depthOn,
                                       boolean wantWeight) {
        float[] px = ws.px;
        float dxBase = ws.dxBase, gy = st[b + CpuFrameState.P_Y], negB = st[b + CpuFrameState.P_NEG_B];
        float halfC = st[b + CpuFrameState.P_HALF_C], op = st[b + CpuFrameState.P_OPACITY];
        float powerMin = st[b + CpuFrameState.P_POWER_MIN];
        FloatVector halfA = FloatVector.broadcast(SPECIES, st[b + CpuFrameState.P_HALF_A]);
        FloatVector cr = FloatVector.broadcast(SPECIES, st[b + CpuFrameState.P_R]);
        FloatVector cg = FloatVector.broadcast(SPECIES, st[b + CpuFrameState.P_G]);
        FloatVector cb = FloatVector.broadcast(SPECIES, st[b + CpuFrameState.P_B]);
        FloatVector cd = FloatVector.broadcast(SPECIES, st[b + CpuFrameState.P_DEPTH]);
        float blendIndex = k + 1;
        FloatVector zero = FloatVector.zero(SPECIES); // no other vector constant in a local: see the backward kernel
        FloatVector wacc = zero;
        int end = (ws.lastRow + 1) * Rasterizer.TILE;
        for (int q = ws.firstRow * Rasterizer.TILE; q < end; q += LANES) {
            int r = q >> 4; // q = r * 16 + column of the vector's first lane
            if (!ws.rowAlive[r]) {
                continue;
            }
            float dy = gy - (y0 + r + 0.5f);
            FloatVector dx = FloatVector.broadcast(SPECIES, dxBase)
                    .sub(FloatVector.fromArray(SPECIES, TileVectors.COLUMNS, q & (Rasterizer.TILE - 1)));
            FloatVector power = dx.fma(halfA, FloatVector.broadcast(SPECIES, negB * dy))
                    .fma(dx, FloatVector.broadcast(SPECIES, halfC * dy * dy));
            // A finished pixel holds -T (its T negated), so one load gives both. One branch
            // per vector: the alpha test below rarely fails once power >= powerMin, and a
            // mispredicted branch costs more than finishing the vector under its mask.
            FloatVector t = FloatVector.fromArray(SPECIES, px, TileWorkspace.PX_T + q);
            VectorMask<Float> m = power.compare(VectorOperators.GE, powerMin)
                    .and(t.compare(VectorOperators.GT, 0f)).and(power.compare(VectorOperators.LE, 0f));
            if (!m.anyTrue()) {
                continue;
            }
            // e^power, TileVectors' steps (lanes outside m may hold garbage: never used).
            FloatVector e = power.fma(TileVectors.LOG2E, TileVectors.ROUND_MAGIC);
            FloatVector kf = e.sub(TileVectors.ROUND_MAGIC);
            FloatVector red = kf.fma(FloatVector.broadcast(SPECIES, -TileVectors.LN2_HI), power);
            red = kf.fma(FloatVector.broadcast(SPECIES, -TileVectors.LN2_LO), red);
            FloatVector poly = red.fma(TileVectors.P0, TileVectors.P1)
                    .fma(red, FloatVector.broadcast(SPECIES, TileVectors.P2))
                    .fma(red, FloatVector.broadcast(SPECIES, TileVectors.P3))
                    .fma(red, FloatVector.broadcast(SPECIES, TileVectors.P4))
                    .fma(red, FloatVector.broadcast(SPECIES, TileVectors.P5));
            FloatVector scale = e.reinterpretAsInts().add(TileVectors.EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector raw = poly.mul(red.mul(red)).add(red).add(1f).mul(scale).mul(op);
            FloatVector alpha = raw.blend(MAX_ALPHA, raw.compare(VectorOperators.GT, MAX_ALPHA));
            m = m.and(alpha.compare(VectorOperators.GE, MIN_ALPHA));
            FloatVector next = t.mul(FloatVector.broadcast(SPECIES, 1f).sub(alpha));
            VectorMask<Float> stop = m.and(next.compare(VectorOperators.LT, T_STOP));
            VectorMask<Float> blend = m.andNot(stop);
            FloatVector w = zero.blend(alpha.mul(t), blend);
            w.fma(cr, FloatVector.fromArray(SPECIES, px, TileWorkspace.PX_R + q)).intoArray(px, TileWorkspace.PX_R + q);
            w.fma(cg, FloatVector.fromArray(SPECIES, px, TileWorkspace.PX_G + q)).intoArray(px, TileWorkspace.PX_G + q);
            w.fma(cb, FloatVector.fromArray(SPECIES, px, TileWorkspace.PX_B + q)).intoArray(px, TileWorkspace.PX_B + q);
            if (depthOn) {
                w.fma(cd, FloatVector.fromArray(SPECIES, px, TileWorkspace.PX_D + q)).intoArray(px, TileWorkspace.PX_D + q);
            }
            t.blend(next, blend).blend(t.neg(), stop).intoArray(px, TileWorkspace.PX_T + q);
            FloatVector.fromArray(SPECIES, px, TileWorkspace.PX_LAST + q).blend(blendIndex, blend)
                    .intoArray(px, TileWorkspace.PX_LAST + q);
            if (wantWeight) {
                wacc = wacc.add(w);
            }
            if (stop.anyTrue()) {
                ws.rowDone[r] += stop.trueCount();
                if (ws.rowDone[r] == Rasterizer.TILE) {
                    ws.rowAlive[r] = false;
                    ws.aliveRows--;
                }
            }
        }
        if (!wantWeight) {
            return 0f;
        }
        wacc.intoArray(ws.lanes, 0);
        return TileVectors.sum(ws.lanes, 0, LANES);
    }

    private static void writePixels(TileWorkspace ws, RasterFrame f, int x0, int y0, int rows, int cols,
                                    boolean depthOn) {
        int width = f.width();
        float[] image = f.image(), alpha = f.alpha(), finalT = f.finalT(), depth = f.depth();
        int[] contributors = f.contributors();
        RasterSettings st = f.settings();
        float bgR = st.background(0), bgG = st.background(1), bgB = st.background(2);
        float[] px = ws.px;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int q = r * Rasterizer.TILE + c, p = (y0 + r) * width + x0 + c;
                float t = Math.abs(px[TileWorkspace.PX_T + q]);
                image[p * 3] = px[TileWorkspace.PX_R + q] + t * bgR;
                image[p * 3 + 1] = px[TileWorkspace.PX_G + q] + t * bgG;
                image[p * 3 + 2] = px[TileWorkspace.PX_B + q] + t * bgB;
                alpha[p] = 1f - t;
                finalT[p] = t;
                contributors[p] = (int) px[TileWorkspace.PX_LAST + q];
                if (depthOn) {
                    depth[p] = px[TileWorkspace.PX_D + q];
                }
            }
        }
    }
}
