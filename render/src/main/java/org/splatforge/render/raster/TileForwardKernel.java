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
     * @param weights per-entry blend-weight sums, or null when contributions are not wanted
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
        float[] last = ws.last, done = ws.done;
        for (int r = 0; r < Rasterizer.TILE; r++) {
            for (int c = 0; c < Rasterizer.TILE; c++) {
                int p = r * Rasterizer.TILE + c;
                trans[p] = 1f;
                accR[p] = accG[p] = accB[p] = accD[p] = 0f;
                last[p] = 0f;
                done[p] = r < rows && c < cols ? 0f : 1f; // outside the image: never blended
            }
            ws.rowAlive[r] = r < rows;
        }
        int aliveRows = rows;
        int k = 0;
        for (; k < n && aliveRows > 0; k++) {
            int r0 = ws.row0[k], r1 = ws.row1[k];
            float wsum = 0f;
            if (r0 <= r1) {
                float dxBase = ws.dxBase[k], gy = ws.gy[k], halfA = ws.halfA[k], negB = ws.negB[k];
                float halfC = ws.halfC[k], op = ws.opacity[k], powerMin = ws.powerMin[k];
                float cr = ws.red[k], cg = ws.green[k], cb = ws.blue[k], cd = ws.depth[k];
                float blendIndex = k + 1;
                FloatVector wacc = FloatVector.zero(SPECIES);
                for (int r = r0; r <= r1; r++) {
                    if (!ws.rowAlive[r]) {
                        continue;
                    }
                    float dy = gy - (y0 + r + 0.5f);
                    float bdy = negB * dy, cdd = halfC * dy * dy;
                    boolean stopped = false;
                    for (int ch = 0; ch < CHUNKS; ch++) {
                        int base = r * Rasterizer.TILE + ch * LANES;
                        FloatVector dx = FloatVector.broadcast(SPECIES, dxBase)
                                .sub(FloatVector.fromArray(SPECIES, TileVectors.COLUMNS, ch * LANES));
                        FloatVector power = dx.fma(halfA, bdy).fma(dx, bc(cdd));
                        VectorMask<Float> m = power.compare(VectorOperators.GE, powerMin);
                        if (!m.anyTrue()) {
                            continue;
                        }
                        FloatVector doneV = FloatVector.fromArray(SPECIES, done, base);
                        m = m.and(doneV.compare(VectorOperators.EQ, 0f)).and(power.compare(VectorOperators.LE, 0f));
                        if (!m.anyTrue()) {
                            continue;
                        }
                        FloatVector alpha = TileVectors.exp(power).mul(op).min(MAX_ALPHA);
                        m = m.and(alpha.compare(VectorOperators.GE, MIN_ALPHA));
                        if (!m.anyTrue()) {
                            continue;
                        }
                        FloatVector t = FloatVector.fromArray(SPECIES, trans, base);
                        FloatVector next = t.mul(FloatVector.broadcast(SPECIES, 1f).sub(alpha));
                        VectorMask<Float> stop = m.and(next.compare(VectorOperators.LT, T_STOP));
                        VectorMask<Float> blend = m.andNot(stop);
                        FloatVector w = FloatVector.zero(SPECIES).blend(alpha.mul(t), blend);
                        w.fma(bc(cr), FloatVector.fromArray(SPECIES, accR, base)).intoArray(accR, base);
                        w.fma(bc(cg), FloatVector.fromArray(SPECIES, accG, base)).intoArray(accG, base);
                        w.fma(bc(cb), FloatVector.fromArray(SPECIES, accB, base)).intoArray(accB, base);
                        if (depthOn) {
                            w.fma(bc(cd), FloatVector.fromArray(SPECIES, accD, base)).intoArray(accD, base);
                        }
                        t.blend(next, blend).intoArray(trans, base);
                        FloatVector.fromArray(SPECIES, last, base).blend(blendIndex, blend).intoArray(last, base);
                        wacc = wacc.add(w);
                        if (stop.anyTrue()) {
                            doneV.blend(1f, stop).intoArray(done, base);
                            stopped = true;
                        }
                    }
                    if (stopped && rowDone(done, r)) {
                        ws.rowAlive[r] = false;
                        aliveRows--;
                    }
                }
                if (weights != null) {
                    wsum = TileVectors.sum(wacc);
                }
            }
            if (weights != null) {
                weights[start + k] = wsum;
            }
        }
        if (weights != null) {
            for (; k < n; k++) {
                weights[start + k] = 0f;
            }
        }
        writePixels(ws, f, x0, y0, rows, cols, depthOn);
    }

    private static boolean rowDone(float[] done, int r) {
        for (int ch = 0; ch < CHUNKS; ch++) {
            FloatVector d = FloatVector.fromArray(SPECIES, done, r * Rasterizer.TILE + ch * LANES);
            if (d.compare(VectorOperators.EQ, 0f).anyTrue()) {
                return false;
            }
        }
        return true;
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
                float t = ws.trans[q];
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
