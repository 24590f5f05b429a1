package org.splatforge.render.raster;

import static org.splatforge.render.raster.TileForwardKernel.MAX_ALPHA;
import static org.splatforge.render.raster.TileForwardKernel.MIN_ALPHA;
import static org.splatforge.render.raster.TileVectors.BACKWARD_LANES;
import static org.splatforge.render.raster.TileVectors.BACKWARD_SPECIES;

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

    /** Lanes 0..3 of an eight-lane vector (the last four record fields); null when not 8 lanes. */
    private static final VectorMask<Float> FIRST_FOUR = BACKWARD_LANES == 8
            ? VectorMask.fromLong(BACKWARD_SPECIES, 0xF) : null;

    private TileBackwardKernel() {
    }

    /**
     * @param dImage dL/d image, {@code [H*W*3]}
     * @param dAlpha dL/d alpha or null
     * @param dDepth dL/d depth or null
     */
    static void run(TileWorkspace ws, CpuFrameState s, RasterFrame f, int tile,
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
        float[] px = ws.px;
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
                    px[TileWorkspace.PX_T + q] = t;
                    px[TileWorkspace.PX_R + q] = gr;
                    px[TileWorkspace.PX_G + q] = gg;
                    px[TileWorkspace.PX_B + q] = gb;
                    px[TileWorkspace.PX_D + q] = dDepth == null ? 0f : dDepth[p];
                    px[TileWorkspace.PX_W + q] = t * (gr * bgR + gg * bgG + gb * bgB - ga);
                    px[TileWorkspace.PX_LAST + q] = contributors[p];
                    rowMax = Math.max(rowMax, contributors[p]);
                } else {
                    px[TileWorkspace.PX_T + q] = 1f;
                    px[TileWorkspace.PX_R + q] = px[TileWorkspace.PX_G + q] = px[TileWorkspace.PX_B + q] = 0f;
                    px[TileWorkspace.PX_D + q] = px[TileWorkspace.PX_W + q] = px[TileWorkspace.PX_LAST + q] = 0f;
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
        boolean depthOn = dDepth != null;
        float[] pack = s.entryPack;
        for (int k = maxLast - 1; k >= 0; k--) {
            int o = slot[start + k] * CpuFrameState.REC, b = (start + k) * CpuFrameState.PACK;
            if (ws.reach(pack, b, x0, y0, rows)) {
                backwardGaussian(ws, pack, b, k, y0, rec, o, depthOn);
            } else {
                java.util.Arrays.fill(rec, o, o + CpuFrameState.REC, 0f);
            }
        }
    }

    /**
     * Walks the entry at list position k (packed record at {@code st[b..]}) over the rows it
     * reaches ({@link TileWorkspace#reach} was just called for it) and writes its record at
     * {@code rec[o..o+REC)}. A method of its own, too big to be inlined into its caller and
     * calling no method of ours with a vector argument (the exp and the lane sums are written
     * out here), so that C2 compiles it as one unit that keeps the accumulators in registers and
     * allocates nothing; one flat loop over the vectors of the rows it reaches, with the
     * row-dependent terms recomputed per vector, leaves C2 few enough live vectors not to spill.
     */
    private static void backwardGaussian(TileWorkspace ws, float[] st, int b, int k, int y0,
                                         float[] rec, int o, boolean depthOn) {
        float[] px = ws.px;
        int[] rowLast = ws.rowLast;
        // No vector constant lives in a local across the loop except zero: C2 materializes such a
        // local (an 8-float array per call) for the debug info of the loop's traps.
        FloatVector zero = FloatVector.zero(BACKWARD_SPECIES);
        FloatVector aMx = zero, aMy = zero, aAx = zero, aAy = zero, aXx = zero, aXy = zero, aYy = zero;
        FloatVector aPow = zero, aR = zero, aG = zero, aB = zero, aD = zero;
        float dxBase = ws.dxBase, gy = st[b + CpuFrameState.P_Y], halfA = st[b + CpuFrameState.P_HALF_A];
        float negB = st[b + CpuFrameState.P_NEG_B], halfC = st[b + CpuFrameState.P_HALF_C];
        float op = st[b + CpuFrameState.P_OPACITY], powerMin = st[b + CpuFrameState.P_POWER_MIN];
        float red0 = st[b + CpuFrameState.P_R], green0 = st[b + CpuFrameState.P_G];
        float blue0 = st[b + CpuFrameState.P_B], depth0 = st[b + CpuFrameState.P_DEPTH];
        float index = k;
        int end = (ws.lastRow + 1) * Rasterizer.TILE;
        for (int q = ws.firstRow * Rasterizer.TILE; q < end; q += BACKWARD_LANES) {
            int r = q >> 4; // q = r * 16 + column of the vector's first lane
            if (k >= rowLast[r]) {
                continue;
            }
            float dy = gy - (y0 + r + 0.5f);
            FloatVector dx = FloatVector.broadcast(BACKWARD_SPECIES, dxBase)
                    .sub(FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.COLUMNS, q & (Rasterizer.TILE - 1)));
            FloatVector bdy = FloatVector.broadcast(BACKWARD_SPECIES, negB * dy);
            FloatVector power = dx.fma(FloatVector.broadcast(BACKWARD_SPECIES, halfA), bdy)
                    .fma(dx, FloatVector.broadcast(BACKWARD_SPECIES, halfC * dy * dy));
            // One branch per vector, as in the forward kernel; the same masks in the same order.
            VectorMask<Float> m = power.compare(VectorOperators.GE, powerMin)
                    .and(FloatVector.fromArray(BACKWARD_SPECIES, px, TileWorkspace.PX_LAST + q)
                            .compare(VectorOperators.GT, index))
                    .and(power.compare(VectorOperators.LE, 0f));
            if (!m.anyTrue()) {
                continue;
            }
            // e^power: the forward kernel's steps, in the same order (see TileVectors).
            FloatVector e = power.fma(TileVectors.LOG2E, TileVectors.ROUND_MAGIC);
            FloatVector kf = e.sub(TileVectors.ROUND_MAGIC);
            FloatVector red = kf.fma(FloatVector.broadcast(BACKWARD_SPECIES, -TileVectors.LN2_HI), power);
            red = kf.fma(FloatVector.broadcast(BACKWARD_SPECIES, -TileVectors.LN2_LO), red);
            FloatVector poly = red.fma(TileVectors.P0, TileVectors.P1)
                    .fma(red, FloatVector.broadcast(BACKWARD_SPECIES, TileVectors.P2))
                    .fma(red, FloatVector.broadcast(BACKWARD_SPECIES, TileVectors.P3))
                    .fma(red, FloatVector.broadcast(BACKWARD_SPECIES, TileVectors.P4))
                    .fma(red, FloatVector.broadcast(BACKWARD_SPECIES, TileVectors.P5));
            FloatVector scale = e.reinterpretAsInts().add(TileVectors.EXPONENT_BIAS)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector raw = poly.mul(red.mul(red)).add(red).add(1f).mul(scale).mul(op);
            VectorMask<Float> clamped = raw.compare(VectorOperators.GT, MAX_ALPHA);
            FloatVector alpha = raw.blend(MAX_ALPHA, clamped);
            m = m.and(alpha.compare(VectorOperators.GE, MIN_ALPHA));
            FloatVector inv = FloatVector.broadcast(BACKWARD_SPECIES, 1f)
                    .div(FloatVector.broadcast(BACKWARD_SPECIES, 1f).sub(alpha));
            FloatVector t = FloatVector.fromArray(BACKWARD_SPECIES, px, TileWorkspace.PX_T + q);
            FloatVector ti = t.mul(inv);
            FloatVector gr = FloatVector.fromArray(BACKWARD_SPECIES, px, TileWorkspace.PX_R + q);
            FloatVector gg = FloatVector.fromArray(BACKWARD_SPECIES, px, TileWorkspace.PX_G + q);
            FloatVector gb = FloatVector.fromArray(BACKWARD_SPECIES, px, TileWorkspace.PX_B + q);
            FloatVector g = gb.fma(FloatVector.broadcast(BACKWARD_SPECIES, blue0), gg.fma(FloatVector.broadcast(BACKWARD_SPECIES, green0), gr.mul(red0)));
            FloatVector gd = zero;
            if (depthOn) {
                gd = FloatVector.fromArray(BACKWARD_SPECIES, px, TileWorkspace.PX_D + q);
                g = gd.fma(FloatVector.broadcast(BACKWARD_SPECIES, depth0), g);
            }
            FloatVector wb = FloatVector.fromArray(BACKWARD_SPECIES, px, TileWorkspace.PX_W + q);
            FloatVector dAlphaI = ti.mul(g).sub(wb.mul(inv));
            FloatVector w = zero.blend(alpha.mul(ti), m);
            aR = w.fma(gr, aR);
            aG = w.fma(gg, aG);
            aB = w.fma(gb, aB);
            if (depthOn) {
                aD = w.fma(gd, aD);
            }
            // w is 0 outside m, which leaves those lanes' W as they were.
            w.fma(g, wb).intoArray(px, TileWorkspace.PX_W + q);
            t.blend(ti, m).intoArray(px, TileWorkspace.PX_T + q);
            // Where o G > 0.99 the clamp stops the gradient to o and G. dL/dpower = alpha dL/dalpha
            // and dL/do = G dL/dalpha = dL/dpower / o: the record keeps the dL/dpower sum only.
            FloatVector dPower = zero.blend(alpha.mul(dAlphaI), m.andNot(clamped));
            aPow = aPow.add(dPower);
            // d power/d dx = -(a dx + b dy), d power/d dy = -(b dx + c dy); d dx/d mean x = 1.
            FloatVector gx = dPower.mul(dx.fma(FloatVector.broadcast(BACKWARD_SPECIES, 2f * halfA), bdy));
            FloatVector gyv = dPower.mul(dx.fma(FloatVector.broadcast(BACKWARD_SPECIES, negB), FloatVector.broadcast(BACKWARD_SPECIES, 2f * halfC * dy)));
            aMx = aMx.add(gx);
            aMy = aMy.add(gyv);
            aAx = aAx.add(gx.abs());
            aAy = aAy.add(gyv.abs());
            FloatVector pdx = dPower.mul(dx);
            aXx = pdx.fma(dx, aXx);
            aXy = pdx.fma(FloatVector.broadcast(BACKWARD_SPECIES, dy), aXy);
            aYy = dPower.fma(FloatVector.broadcast(BACKWARD_SPECIES, dy * dy), aYy);
        }
        if (BACKWARD_LANES == 8) {
            // Fold the twelve accumulators to their sums in record order (TileVectors.HALF_LO...).
            FloatVector hl = FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.HALF_LO, 0);
            FloatVector hh = FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.HALF_HI, 0);
            FloatVector ql = FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.QUARTER_LO, 0);
            FloatVector qh = FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.QUARTER_HI, 0);
            FloatVector el = FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.EIGHTH_LO, 0);
            FloatVector eh = FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.EIGHTH_HI, 0);
            // Output lanes [a, e, c, g, b, f, d, h] = record fields 0..7.
            FloatVector ab = hl.selectFrom(aMx, aXx).add(hh.selectFrom(aMx, aXx));    // fields 0, 4
            FloatVector cdv = hl.selectFrom(aAx, aYy).add(hh.selectFrom(aAx, aYy));   // 2, 6
            FloatVector ef = hl.selectFrom(aMy, aXy).add(hh.selectFrom(aMy, aXy));    // 1, 5
            FloatVector gh = hl.selectFrom(aAy, aPow).add(hh.selectFrom(aAy, aPow));  // 3, 7
            FloatVector abcd = ql.selectFrom(ab, cdv).add(qh.selectFrom(ab, cdv));
            FloatVector efgh = ql.selectFrom(ef, gh).add(qh.selectFrom(ef, gh));
            el.selectFrom(abcd, efgh).add(eh.selectFrom(abcd, efgh)).intoArray(rec, o);
            FloatVector ij = hl.selectFrom(aR, aG).add(hh.selectFrom(aR, aG));        // 8, 9
            FloatVector kl = hl.selectFrom(aB, aD).add(hh.selectFrom(aB, aD));        // 10, 11
            FloatVector ijkl = ql.selectFrom(ij, kl).add(qh.selectFrom(ij, kl));
            FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.FOLD4_LO, 0).selectFrom(ijkl, zero)
                    .add(FloatVector.fromArray(BACKWARD_SPECIES, TileVectors.FOLD4_HI, 0).selectFrom(ijkl, zero))
                    .intoArray(rec, o + 8, FIRST_FOUR);
            return;
        }
        float[] lanes = ws.lanes;
        aMx.intoArray(lanes, CpuFrameState.R_MX * BACKWARD_LANES);
        aMy.intoArray(lanes, CpuFrameState.R_MY * BACKWARD_LANES);
        aAx.intoArray(lanes, CpuFrameState.R_AX * BACKWARD_LANES);
        aAy.intoArray(lanes, CpuFrameState.R_AY * BACKWARD_LANES);
        aXx.intoArray(lanes, CpuFrameState.R_DXX * BACKWARD_LANES);
        aXy.intoArray(lanes, CpuFrameState.R_DXY * BACKWARD_LANES);
        aYy.intoArray(lanes, CpuFrameState.R_DYY * BACKWARD_LANES);
        aPow.intoArray(lanes, CpuFrameState.R_POWER * BACKWARD_LANES);
        aR.intoArray(lanes, CpuFrameState.R_R * BACKWARD_LANES);
        aG.intoArray(lanes, CpuFrameState.R_G * BACKWARD_LANES);
        aB.intoArray(lanes, CpuFrameState.R_B * BACKWARD_LANES);
        aD.intoArray(lanes, CpuFrameState.R_DEPTH * BACKWARD_LANES);
        for (int q = 0; q < CpuFrameState.REC; q++) {
            rec[o + q] = TileVectors.sum(lanes, q * BACKWARD_LANES, BACKWARD_LANES);
        }
    }
}
