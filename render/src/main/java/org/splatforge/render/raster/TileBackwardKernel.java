package org.splatforge.render.raster;

import static org.splatforge.render.raster.TileForwardKernel.MAX_ALPHA;
import static org.splatforge.render.raster.TileForwardKernel.MIN_ALPHA;
import static org.splatforge.render.raster.TileVectors.BACKWARD_CHUNKS;
import static org.splatforge.render.raster.TileVectors.BACKWARD_LANES;
import static org.splatforge.render.raster.TileVectors.BACKWARD_SPECIES;
import static org.splatforge.render.raster.TileVectors.bbc;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Backward of one tile: walks the tile's list back to front from the last contributor (the
 * INRIA pattern: final T and contributor count kept by the forward; T is recovered as
 * {@code T_i = T_{i+1} / (1 - alpha_i)}), and writes one gradient record per (tile, Gaussian)
 * entry: the sums over the tile's pixels listed in {@link CpuFrameState} ({@code R_*}).
 *
 * <p>Per pixel, with {@code g_i = dL/dC . c_i + dL/dD z_i} and {@code W} the loss-weighted
 * colour (and depth) blended behind Gaussian i plus {@code T_final (dL/dC . bg - dL/dalpha)}:
 * {@code dL/dalpha_i = T_i g_i - W / (1 - alpha_i)}, then {@code W += alpha_i T_i g_i}. Where
 * {@code o G > 0.99} the alpha clamp stops the gradient to o and G.
 */
final class TileBackwardKernel {

    private TileBackwardKernel() {
    }

    /**
     * @param dImage dL/d image, {@code [H*W*3]}
     * @param dAlpha dL/d alpha or null
     * @param dDepth dL/d depth or null
     */
    static void run(TileWorkspace ws, BackwardScratch bs, CpuFrameState s, RasterFrame f, int tile,
                    float[] dImage, float[] dAlpha, float[] dDepth) {
        int tilesX = s.tilesX;
        int x0 = (tile % tilesX) * Rasterizer.TILE, y0 = (tile / tilesX) * Rasterizer.TILE;
        int width = f.width(), height = f.height();
        int rows = Math.min(Rasterizer.TILE, height - y0), cols = Math.min(Rasterizer.TILE, width - x0);
        int start = s.tileStart[tile], n = s.tileStart[tile + 1] - start;
        float[] rec = s.records;
        if (n == 0) {
            return;
        }
        RasterSettings st = f.settings();
        float bgR = st.background(0), bgG = st.background(1), bgB = st.background(2);
        float[] finalT = f.finalT();
        int[] contributors = f.contributors();
        float[] trans = ws.trans, wBehind = ws.accD, last = ws.last;
        float[] dR = bs.dR, dG = bs.dG, dB = bs.dB, dD = bs.dD;
        int maxLast = 0;
        for (int r = 0; r < Rasterizer.TILE; r++) {
            int rowMax = 0;
            for (int c = 0; c < Rasterizer.TILE; c++) {
                int q = r * Rasterizer.TILE + c;
                if (r < rows && c < cols) {
                    int p = (y0 + r) * width + x0 + c;
                    float t = finalT[p];
                    float gr = dImage[p * 3], gg = dImage[p * 3 + 1], gb = dImage[p * 3 + 2];
                    float ga = dAlpha == null ? 0f : dAlpha[p];
                    trans[q] = t;
                    dR[q] = gr;
                    dG[q] = gg;
                    dB[q] = gb;
                    dD[q] = dDepth == null ? 0f : dDepth[p];
                    wBehind[q] = t * (gr * bgR + gg * bgG + gb * bgB - ga);
                    last[q] = contributors[p];
                    rowMax = Math.max(rowMax, contributors[p]);
                } else {
                    trans[q] = 1f;
                    dR[q] = dG[q] = dB[q] = dD[q] = wBehind[q] = 0f;
                    last[q] = 0f;
                }
            }
            ws.rowLast[r] = rowMax;
            maxLast = Math.max(maxLast, rowMax);
        }
        // Entries behind every pixel's last contributor get nothing.
        int[] slot = s.entrySlot;
        for (int k = maxLast; k < n; k++) {
            int o = slot[start + k] * CpuFrameState.REC;
            java.util.Arrays.fill(rec, o, o + CpuFrameState.REC, 0f);
        }
        if (maxLast == 0) {
            return;
        }
        ws.gather(s.packed, s.tileList, start, maxLast, x0, y0, rows);
        for (int k = maxLast - 1; k >= 0; k--) {
            backwardGaussian(ws, bs, k, y0, rec, slot[start + k] * CpuFrameState.REC);
        }
    }

    /**
     * Walks gathered Gaussian k over the rows it reaches and writes its record at
     * {@code rec[o..o+REC)}. A separate method so C2 keeps the twelve accumulators in
     * registers (see {@link TileForwardKernel}).
     */
    private static void backwardGaussian(TileWorkspace ws, BackwardScratch bs, int k, int y0, float[] rec, int o) {
        float[] trans = ws.trans, wBehind = ws.accD, last = ws.last;
        float[] dR = bs.dR, dG = bs.dG, dB = bs.dB, dD = bs.dD;
        FloatVector zero = bbc(0f), one = bbc(1f);
        FloatVector aMx = zero, aMy = zero, aAx = zero, aAy = zero, aXx = zero, aXy = zero, aYy = zero;
        FloatVector aOp = zero, aR = zero, aG = zero, aB = zero, aD = zero;
        int r0 = ws.row0[k], r1 = ws.row1[k];
        float dxBase = ws.dxBase[k], gy = ws.gy[k], halfA = ws.halfA[k], negB = ws.negB[k];
        float halfC = ws.halfC[k], op = ws.opacity[k], powerMin = ws.powerMin[k];
        FloatVector cr = bbc(ws.red[k]), cg = bbc(ws.green[k]), cb = bbc(ws.blue[k]), cd = bbc(ws.depth[k]);
        FloatVector vHalfA = bbc(halfA), vTwoHalfA = bbc(2f * halfA), vNegB = bbc(negB);
        float index = k;
        // dx depends on the column only: the first two chunks' are computed once per Gaussian.
        FloatVector dx0 = bbc(dxBase).sub(FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.COLUMNS, 0));
        FloatVector dx1 = BACKWARD_CHUNKS < 2 ? dx0
                : bbc(dxBase).sub(FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.COLUMNS, BACKWARD_LANES));
        for (int r = r0; r <= r1; r++) {
            if (k >= ws.rowLast[r]) {
                continue;
            }
            float dy = gy - (y0 + r + 0.5f);
            FloatVector bdy = bbc(negB * dy), cdd = bbc(halfC * dy * dy), dyy = bbc(dy * dy);
            FloatVector cdy2 = bbc(2f * halfC * dy), vdy = bbc(dy);
            for (int ch = 0; ch < BACKWARD_CHUNKS; ch++) {
                int base = r * Rasterizer.TILE + ch * BACKWARD_LANES;
                FloatVector dx = ch == 0 ? dx0 : ch == 1 ? dx1
                        : bbc(dxBase).sub(FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.COLUMNS, ch * BACKWARD_LANES));
                FloatVector power = dx.fma(vHalfA, bdy).fma(dx, cdd);
                // One branch per vector, as in the forward kernel; the same masks in the same order.
                VectorMask<Float> m = power.compare(VectorOperators.GE, powerMin)
                        .and(FloatVector.fromArray(BACKWARD_SPECIES, last, base).compare(VectorOperators.GT, index))
                        .and(power.compare(VectorOperators.LE, 0f));
                if (!m.anyTrue()) {
                    continue;
                }
                FloatVector gauss = TileVectors.expBackward(power);
                FloatVector raw = gauss.mul(op);
                FloatVector alpha = raw.min(MAX_ALPHA);
                m = m.and(alpha.compare(VectorOperators.GE, MIN_ALPHA));
                FloatVector inv = one.div(one.sub(alpha));
                FloatVector t = FloatVector.fromArray(BACKWARD_SPECIES, trans, base);
                FloatVector ti = t.mul(inv);
                FloatVector gr = FloatVector.fromArray(BACKWARD_SPECIES, dR, base);
                FloatVector gg = FloatVector.fromArray(BACKWARD_SPECIES, dG, base);
                FloatVector gb = FloatVector.fromArray(BACKWARD_SPECIES, dB, base);
                FloatVector gd = FloatVector.fromArray(BACKWARD_SPECIES, dD, base);
                FloatVector g = gd.fma(cd, gb.fma(cb, gg.fma(cg, gr.mul(cr))));
                FloatVector wb = FloatVector.fromArray(BACKWARD_SPECIES, wBehind, base);
                FloatVector dAlphaI = ti.mul(g).sub(wb.mul(inv));
                FloatVector w = zero.blend(alpha.mul(ti), m);
                aR = w.fma(gr, aR);
                aG = w.fma(gg, aG);
                aB = w.fma(gb, aB);
                aD = w.fma(gd, aD);
                wb.blend(w.fma(g, wb), m).intoArray(wBehind, base);
                t.blend(ti, m).intoArray(trans, base);
                VectorMask<Float> live = m.and(raw.compare(VectorOperators.LE, MAX_ALPHA));
                FloatVector dPower = zero.blend(alpha.mul(dAlphaI), live);
                aOp = aOp.add(zero.blend(gauss.mul(dAlphaI), live));
                // d power/d dx = -(a dx + b dy), d power/d dy = -(b dx + c dy); d dx/d mean x = 1.
                FloatVector gx = dPower.mul(dx.fma(vTwoHalfA, bdy));
                FloatVector gyv = dPower.mul(dx.fma(vNegB, cdy2));
                aMx = aMx.add(gx);
                aMy = aMy.add(gyv);
                aAx = aAx.add(gx.abs());
                aAy = aAy.add(gyv.abs());
                FloatVector pdx = dPower.mul(dx);
                aXx = pdx.fma(dx, aXx);
                aXy = pdx.fma(vdy, aXy);
                aYy = dPower.fma(dyy, aYy);
            }
        }
        float[] lanes = ws.lanes;
        aMx.intoArray(lanes, CpuFrameState.R_MX * BACKWARD_LANES);
        aMy.intoArray(lanes, CpuFrameState.R_MY * BACKWARD_LANES);
        aAx.intoArray(lanes, CpuFrameState.R_AX * BACKWARD_LANES);
        aAy.intoArray(lanes, CpuFrameState.R_AY * BACKWARD_LANES);
        aXx.intoArray(lanes, CpuFrameState.R_DXX * BACKWARD_LANES);
        aXy.intoArray(lanes, CpuFrameState.R_DXY * BACKWARD_LANES);
        aYy.intoArray(lanes, CpuFrameState.R_DYY * BACKWARD_LANES);
        aOp.intoArray(lanes, CpuFrameState.R_OPACITY * BACKWARD_LANES);
        aR.intoArray(lanes, CpuFrameState.R_R * BACKWARD_LANES);
        aG.intoArray(lanes, CpuFrameState.R_G * BACKWARD_LANES);
        aB.intoArray(lanes, CpuFrameState.R_B * BACKWARD_LANES);
        aD.intoArray(lanes, CpuFrameState.R_DEPTH * BACKWARD_LANES);
        for (int q = 0; q < CpuFrameState.REC; q++) {
            rec[o + q] = TileVectors.sum(lanes, q * BACKWARD_LANES, BACKWARD_LANES);
        }
    }

    /** Per-worker per-pixel loss gradients of the tile being walked. */
    static final class BackwardScratch {
        final float[] dR = new float[TileWorkspace.PIXELS];
        final float[] dG = new float[TileWorkspace.PIXELS];
        final float[] dB = new float[TileWorkspace.PIXELS];
        final float[] dD = new float[TileWorkspace.PIXELS];
    }
}
