package org.splatforge.render.raster;

import static org.splatforge.render.raster.TileVectors.CHUNKS;
import static org.splatforge.render.raster.TileVectors.LANES;
import static org.splatforge.render.raster.TileVectors.SPECIES;
import static org.splatforge.render.raster.TileVectors.bc;

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
        ws.gather(s.packed, s.tileList, start, n, x0, y0, rows);
        boolean depthOn = f.settings().computeDepth();

        float[] trans = ws.trans, accR = ws.accR, accG = ws.accG, accB = ws.accB, accD = ws.accD;
        float[] last = ws.last;
        for (int r = 0; r < Rasterizer.TILE; r++) {
            for (int c = 0; c < Rasterizer.TILE; c++) {
                int p = r * Rasterizer.TILE + c;
                trans[p] = 1f;
                accR[p] = accG[p] = accB[p] = accD[p] = 0f;
                last[p] = 0f;
                if (r >= rows || c >= cols) {
                    trans[p] = -1f; // outside the image: never blended
                }
            }
            ws.rowAlive[r] = r < rows;
            ws.rowDone[r] = Rasterizer.TILE - cols;
        }
        ws.aliveRows = rows;
        int aliveRows = rows;
        int k = 0;
        for (; k < n && aliveRows > 0; k++) {
            float wsum = 0f;
            if (ws.row0[k] <= ws.row1[k]) {
                wsum = blendGaussian(ws, k, y0, depthOn, weights != null);
                aliveRows = ws.aliveRows;
            }
            if (weights != null) {
                weights[s.entrySlot[start + k]] = wsum;
            }
        }
        if (weights != null) {
            for (; k < n; k++) {
                weights[s.entrySlot[start + k]] = 0f;
            }
        }
        writePixels(ws, f, x0, y0, rows, cols, depthOn);
    }

    /**
     * Blends gathered Gaussian k into the rows it reaches; returns the sum of its blend
     * weights when {@code wantWeight}. Kept apart from {@link #run} so C2 compiles it as one
     * small unit and keeps every vector in registers (a large caller hits the inlining node
     * limit and boxes them).
     */
    private static float blendGaussian(TileWorkspace ws, int k, int y0, boolean depthOn, boolean wantWeight) {
        float[] trans = ws.trans, accR = ws.accR, accG = ws.accG, accB = ws.accB, accD = ws.accD;
        float[] last = ws.last;
        int r0 = ws.row0[k], r1 = ws.row1[k];
        float dxBase = ws.dxBase[k], gy = ws.gy[k], halfA = ws.halfA[k], negB = ws.negB[k];
        float halfC = ws.halfC[k], op = ws.opacity[k], powerMin = ws.powerMin[k];
        FloatVector cr = bc(ws.red[k]), cg = bc(ws.green[k]), cb = bc(ws.blue[k]), cd = bc(ws.depth[k]);
        float blendIndex = k + 1;
        FloatVector one = bc(1f), zero = bc(0f);
        FloatVector wacc = zero;
        FloatVector dx0 = bc(dxBase).sub(FloatVector.fromArray(SPECIES, TileVectors.COLUMNS, 0)); // dx: per column, not per row
        for (int r = r0; r <= r1; r++) {
            if (!ws.rowAlive[r]) {
                continue;
            }
            float dy = gy - (y0 + r + 0.5f);
            FloatVector bdy = bc(negB * dy), cdd = bc(halfC * dy * dy);
            boolean stopped = false;
            for (int ch = 0; ch < CHUNKS; ch++) {
                int base = r * Rasterizer.TILE + ch * LANES;
                FloatVector dx = ch == 0 ? dx0 : bc(dxBase).sub(FloatVector.fromArray(SPECIES, TileVectors.COLUMNS, ch * LANES));
                FloatVector power = dx.fma(bc(halfA), bdy).fma(dx, cdd);
                // A finished pixel holds -T (its T negated), so one load gives both. One branch
                // per vector: the alpha test below rarely fails once power >= powerMin, and a
                // mispredicted branch costs more than finishing the vector under its mask.
                FloatVector t = FloatVector.fromArray(SPECIES, trans, base);
                VectorMask<Float> m = power.compare(VectorOperators.GE, powerMin)
                        .and(t.compare(VectorOperators.GT, 0f)).and(power.compare(VectorOperators.LE, 0f));
                if (!m.anyTrue()) {
                    continue;
                }
                FloatVector alpha = TileVectors.exp(power).mul(op).min(MAX_ALPHA);
                m = m.and(alpha.compare(VectorOperators.GE, MIN_ALPHA));
                FloatVector next = t.mul(one.sub(alpha));
                VectorMask<Float> stop = m.and(next.compare(VectorOperators.LT, T_STOP));
                VectorMask<Float> blend = m.andNot(stop);
                FloatVector w = zero.blend(alpha.mul(t), blend);
                w.fma(cr, FloatVector.fromArray(SPECIES, accR, base)).intoArray(accR, base);
                w.fma(cg, FloatVector.fromArray(SPECIES, accG, base)).intoArray(accG, base);
                w.fma(cb, FloatVector.fromArray(SPECIES, accB, base)).intoArray(accB, base);
                if (depthOn) {
                    w.fma(cd, FloatVector.fromArray(SPECIES, accD, base)).intoArray(accD, base);
                }
                t.blend(next, blend).blend(t.neg(), stop).intoArray(trans, base);
                FloatVector.fromArray(SPECIES, last, base).blend(blendIndex, blend).intoArray(last, base);
                wacc = wacc.add(w);
                if (stop.anyTrue()) {
                    ws.rowDone[r] += stop.trueCount();
                    stopped = true;
                }
            }
            if (stopped && ws.rowDone[r] == Rasterizer.TILE) {
                ws.rowAlive[r] = false;
                ws.aliveRows--;
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
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int q = r * Rasterizer.TILE + c, p = (y0 + r) * width + x0 + c;
                float t = Math.abs(ws.trans[q]);
                image[p * 3] = ws.accR[q] + t * bgR;
                image[p * 3 + 1] = ws.accG[q] + t * bgG;
                image[p * 3 + 2] = ws.accB[q] + t * bgB;
                alpha[p] = 1f - t;
                finalT[p] = t;
                contributors[p] = (int) ws.last[q];
                if (depthOn) {
                    depth[p] = ws.accD[q];
                }
            }
        }
    }
}
