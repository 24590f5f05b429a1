package org.splatforge.render.raster;

import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The fast CPU rasterizer: the contract of {@link Rasterizer} on all of a
 * {@link Device}'s workers, blending 16 pixels per vector instruction (Vector API).
 *
 * <p>Forward, in three timed phases ({@link RasterTimings}):
 * <ol>
 *   <li>project: {@link GaussianProjector} per Gaussian (double precision, parallel), packing
 *       what blending needs into 16 floats per Gaussian, plus two exact culling bounds:
 *       alpha can reach 1/255 only where {@code power >= -ln(255 o)}, and along a row at
 *       distance dy from the mean the largest power is {@code -dy^2 / (2 cov_yy)}, so only
 *       rows with {@code dy^2 <= 2 cov_yy ln(255 o)} are visited, and a tile whose columns
 *       all have {@code dx^2 > 2 cov_xx ln(255 o)} is skipped (all with a 1% slack in the
 *       log so float rounding never culls a pixel the contract would blend);</li>
 *   <li>sort: {@link TileBinner}: one radix sort of the visible Gaussians by depth, then
 *       binning in that order, so per-tile lists are depth-sorted without sorting pairs;</li>
 *   <li>blend: {@link TileForwardKernel} per tile, tiles handed out dynamically.</li>
 * </ol>
 *
 * <p>Backward: {@link TileBackwardKernel} per tile writes one gradient record per
 * (tile, Gaussian) entry; then, per Gaussian, its records are summed in a fixed order
 * (its slots: its tiles in row-major order, contiguous, in double) and chained through the projection.
 *
 * <p>Determinism: every output element has one writer and every sum has a fixed order
 * that depends on neither the schedule nor the thread count, so results are bit-identical
 * from run to run and across thread counts. The tile kernels use only IEEE-exact vector
 * operations (their own exp, fixed-order lane sums) so JIT compilation does not change bits.
 *
 * <p>Memory: per frame about 150 bytes per Gaussian (outputs, packed parameters, sort keys)
 * plus 8 bytes per (tile, Gaussian) entry (12 with contributions), and 48 more per entry for
 * backward's gradient records; all reused across calls. Not thread-safe.
 */
public final class CpuRasterizer implements Rasterizer {

    /** Slack added to ln(255 o) in the culling bounds, see the class comment. */
    static final double CULL_SLACK = 0.01;

    private final Device device;
    private final GaussianProjector[] projectors;
    private final TileWorkspace[] workspaces;
    private final double[][] sums;

    /** A rasterizer using {@code device}'s host workers (any device: only its parallel loops are used). */
    public CpuRasterizer(Device device) {
        this.device = device;
        int w = device.parallelism();
        projectors = new GaussianProjector[w];
        workspaces = new TileWorkspace[w];
        sums = new double[w][CpuFrameState.REC];
        for (int i = 0; i < w; i++) {
            projectors[i] = new GaussianProjector();
            workspaces[i] = new TileWorkspace();
        }
    }

    @Override
    public String name() {
        return "cpu";
    }

    /** Worker threads used. */
    public int threads() {
        return device.parallelism();
    }

    /** Float lanes per vector in the forward tile kernel. */
    public static int lanes() {
        return TileVectors.LANES;
    }

    /** Float lanes per vector in the backward tile kernel. */
    public static int backwardLanes() {
        return TileVectors.BACKWARD_LANES;
    }

    @Override
    public RasterFrame forward(GaussianCloud cloud, Camera camera, RasterSettings settings, RasterFrame frame) {
        RasterFrame f = frame == null ? new RasterFrame() : frame;
        f.begin(cloud, camera, settings);
        CpuFrameState s = f.backendState() instanceof CpuFrameState cs ? cs : new CpuFrameState();
        f.setBackendState(s);
        int n = cloud.size();
        int tilesX = (camera.width() + TILE - 1) / TILE, tilesY = (camera.height() + TILE - 1) / TILE;
        int tiles = tilesX * tilesY;
        s.tilesX = tilesX;
        s.tilesY = tilesY;
        s.ensureGaussians(n);

        long t0 = System.nanoTime();
        for (GaussianProjector p : projectors) {
            p.setCamera(camera, settings, f.shDegree());
        }
        device.parallelFor(n, 2048, (start, end, w) -> project(projectors[w], cloud, f, s, start, end));
        long t1 = System.nanoTime();
        boolean contrib = settings.computeContributions();
        TileBinner.bin(s, n, tiles, contrib, device);
        int maxList = 0;
        for (int t = 0; t < tiles; t++) {
            maxList = Math.max(maxList, s.tileStart[t + 1] - s.tileStart[t]);
        }
        f.setTileStats(s.entries, maxList);
        long t2 = System.nanoTime();
        float[] weights = contrib ? s.weights : null;
        device.parallelFor(tiles, 1, (start, end, w) -> {
            for (int t = start; t < end; t++) {
                TileForwardKernel.run(workspaces[w], s, f, t, weights);
            }
        });
        if (contrib) {
            float[] out = f.contributions();
            int[] off = s.gaussOffset;
            device.parallelFor(n, 4096, (start, end, w) -> {
                for (int g = start; g < end; g++) {
                    double sum = 0;
                    for (int j = off[g]; j < off[g + 1]; j++) {
                        sum += weights[j];
                    }
                    out[g] = (float) sum;
                }
            });
        }
        long t3 = System.nanoTime();
        RasterTimings tm = f.timings();
        tm.projectNs = t1 - t0;
        tm.sortNs = t2 - t1;
        tm.blendNs = t3 - t2;
        return f;
    }

    private static void project(GaussianProjector p, GaussianCloud cloud, RasterFrame f, CpuFrameState s,
                                int start, int end) {
        float[] means2d = f.means2d(), conics = f.conics(), depths = f.depths(), colors = f.colors();
        float[] opacities = f.opacities(), packed = s.packed;
        int[] radii = f.radii(), rects = s.rects;
        double[] depth64 = s.depth64;
        for (int i = start; i < end; i++) {
            p.load(cloud, i);
            if (!p.project()) {
                radii[i] = 0;
                means2d[i * 2] = means2d[i * 2 + 1] = 0f;
                conics[i * 3] = conics[i * 3 + 1] = conics[i * 3 + 2] = 0f;
                depths[i] = 0f;
                colors[i * 3] = colors[i * 3 + 1] = colors[i * 3 + 2] = 0f;
                opacities[i] = 0f;
                rects[i * 4] = rects[i * 4 + 1] = rects[i * 4 + 2] = rects[i * 4 + 3] = 0;
                continue;
            }
            radii[i] = p.radius;
            means2d[i * 2] = (float) p.u;
            means2d[i * 2 + 1] = (float) p.v;
            conics[i * 3] = (float) p.conicA;
            conics[i * 3 + 1] = (float) p.conicB;
            conics[i * 3 + 2] = (float) p.conicC;
            depths[i] = (float) p.depth;
            depth64[i] = p.depth;
            colors[i * 3] = (float) p.colR;
            colors[i * 3 + 1] = (float) p.colG;
            colors[i * 3 + 2] = (float) p.colB;
            opacities[i] = (float) p.opacity;
            int b = i * CpuFrameState.PACK;
            packed[b + CpuFrameState.P_X] = (float) p.u;
            packed[b + CpuFrameState.P_Y] = (float) p.v;
            packed[b + CpuFrameState.P_HALF_A] = (float) (-0.5 * p.conicA);
            packed[b + CpuFrameState.P_NEG_B] = (float) -p.conicB;
            packed[b + CpuFrameState.P_HALF_C] = (float) (-0.5 * p.conicC);
            packed[b + CpuFrameState.P_OPACITY] = (float) p.opacity;
            packed[b + CpuFrameState.P_R] = (float) p.colR;
            packed[b + CpuFrameState.P_G] = (float) p.colG;
            packed[b + CpuFrameState.P_B] = (float) p.colB;
            packed[b + CpuFrameState.P_DEPTH] = (float) p.depth;
            double reach = Math.log(255 * p.opacity) + CULL_SLACK; // alpha >= 1/255 needs power >= -ln(255 o)
            if (reach > 0) {
                packed[b + CpuFrameState.P_POWER_MIN] = (float) -reach;
                packed[b + CpuFrameState.P_EXTENT_Y] = (float) (Math.sqrt(2 * p.covYY() * reach) * (1 + 1e-3) + 1e-2);
                packed[b + CpuFrameState.P_EXTENT_X] = (float) (Math.sqrt(2 * p.covXX() * reach) * (1 + 1e-3) + 1e-2);
            } else {
                packed[b + CpuFrameState.P_POWER_MIN] = Float.POSITIVE_INFINITY;
                packed[b + CpuFrameState.P_EXTENT_Y] = -1f;
                packed[b + CpuFrameState.P_EXTENT_X] = -1f;
            }
            binRect(p, packed, b, f.height(), rects, i * 4);
        }
    }

    /**
     * The tiles a projected Gaussian is binned into: those of the contract's rectangle
     * (radius square) that {@link TileWorkspace#reach} would not skip, found per axis with
     * the same float tests (the set it passes is a rectangle). The rest are tiles where its
     * alpha stays below 1/255 on every pixel, so leaving them out changes no output; it
     * saves about a quarter of the entries on a typical scene (each costs a list record,
     * a gradient record and some bookkeeping in both passes).
     */
    private static void binRect(GaussianProjector p, float[] packed, int b, int height, int[] rects, int o) {
        float x = packed[b + CpuFrameState.P_X], y = packed[b + CpuFrameState.P_Y];
        float extX = packed[b + CpuFrameState.P_EXTENT_X], extY = packed[b + CpuFrameState.P_EXTENT_Y];
        int tx0 = p.tileX0, tx1 = p.tileX1, ty0 = p.tileY0, ty1 = p.tileY1;
        if (extY < 0) {
            tx1 = tx0;
        }
        while (tx0 < tx1 && !TileWorkspace.reachesColumns(x, extX, tx0 * TILE)) {
            tx0++;
        }
        while (tx1 > tx0 && !TileWorkspace.reachesColumns(x, extX, (tx1 - 1) * TILE)) {
            tx1--;
        }
        while (tx0 < tx1 && ty0 < ty1 && !reachesRows(y, extY, ty0, height)) {
            ty0++;
        }
        while (tx0 < tx1 && ty1 > ty0 && !reachesRows(y, extY, ty1 - 1, height)) {
            ty1--;
        }
        if (tx0 >= tx1 || ty0 >= ty1) {
            tx0 = tx1 = ty0 = ty1 = 0;
        }
        rects[o] = tx0;
        rects[o + 1] = tx1;
        rects[o + 2] = ty0;
        rects[o + 3] = ty1;
    }

    private static boolean reachesRows(float y, float ext, int tileY, int height) {
        int y0 = tileY * TILE;
        return TileWorkspace.firstRow(y, ext, y0) <= TileWorkspace.lastRow(y, ext, y0, Math.min(TILE, height - y0));
    }

    @Override
    public void backward(RasterFrame frame, float[] dLdImage, float[] dLdAlpha, float[] dLdDepth,
                         GaussianGradients out) {
        if (!(frame.backendState() instanceof CpuFrameState s)) {
            throw new IllegalArgumentException("frame was not rendered by the CPU rasterizer");
        }
        RasterChecks.backwardInputs(frame, dLdImage, dLdAlpha, dLdDepth);
        GaussianCloud cloud = frame.cloud();
        int n = frame.count();
        int k = cloud.shCoeffs();
        out.resizeUncleared(n, k); // reduce() writes or clears every Gaussian, in parallel
        s.ensureRecords();
        long t0 = System.nanoTime();
        int tiles = s.tilesX * s.tilesY;
        device.parallelFor(tiles, 1, (start, end, w) -> {
            for (int t = start; t < end; t++) {
                TileBackwardKernel.run(workspaces[w], s, frame, t, dLdImage, dLdAlpha, dLdDepth);
            }
        });
        long t1 = System.nanoTime();
        for (GaussianProjector p : projectors) {
            p.setCamera(frame.camera(), frame.settings(), frame.shDegree());
        }
        device.parallelFor(n, 1024, (start, end, w) -> reduce(projectors[w], sums[w], frame, s, out, start, end));
        out.markConicsWritten();
        long t2 = System.nanoTime();
        RasterTimings tm = frame.timings();
        tm.backwardBlendNs = t1 - t0;
        tm.backwardProjectNs = t2 - t1;
    }

    /** Sums each Gaussian's per-tile records in its fixed tile order and chains through the projection. */
    private static void reduce(GaussianProjector p, double[] sum, RasterFrame f, CpuFrameState s,
                               GaussianGradients out, int start, int end) {
        GaussianCloud cloud = f.cloud();
        int[] radii = f.radii(), off = s.gaussOffset;
        float[] rec = s.records;
        int k3 = cloud.shCoeffs() * 3;
        for (int g = start; g < end; g++) {
            if (radii[g] == 0) {
                out.clear(g);
                continue;
            }
            java.util.Arrays.fill(sum, 0);
            for (int o = off[g] * CpuFrameState.REC; o < off[g + 1] * CpuFrameState.REC; o += CpuFrameState.REC) {
                for (int q = 0; q < CpuFrameState.REC; q++) {
                    sum[q] += rec[o + q];
                }
            }
            boolean any = false;
            for (int q = 0; q < CpuFrameState.REC && !any; q++) {
                any = sum[q] != 0;
            }
            if (!any) {
                out.clear(g); // hidden everywhere: the chain rule of zeros is zero
                continue;
            }
            p.load(cloud, g);
            p.project();
            // dL/d conic from the record's dL/dpower-weighted moments: d power/da = -dx^2/2,
            // d power/db = -dx dy, d power/dc = -dy^2/2.
            double gA = -0.5 * sum[CpuFrameState.R_DXX], gB = -sum[CpuFrameState.R_DXY];
            double gC = -0.5 * sum[CpuFrameState.R_DYY];
            p.backward(sum[CpuFrameState.R_MX], sum[CpuFrameState.R_MY], gA, gB, gC,
                    sum[CpuFrameState.R_POWER] / s.packed[g * CpuFrameState.PACK + CpuFrameState.P_OPACITY],
                    sum[CpuFrameState.R_R], sum[CpuFrameState.R_G], sum[CpuFrameState.R_B],
                    sum[CpuFrameState.R_DEPTH]);
            float[] gm = out.means(), gl = out.logScales(), gq = out.quats(), gsh = out.sh();
            for (int a = 0; a < 3; a++) {
                gm[g * 3 + a] = (float) p.gMean[a];
                gl[g * 3 + a] = (float) p.gLogScale[a];
            }
            for (int a = 0; a < 4; a++) {
                gq[g * 4 + a] = (float) p.gQuat[a];
            }
            out.opacityLogits()[g] = (float) p.gOpacityLogit;
            int used = p.basisCount() * 3;
            for (int q = 0; q < used; q++) {
                gsh[g * k3 + q] = (float) p.gSh[q];
            }
            java.util.Arrays.fill(gsh, g * k3 + used, g * k3 + k3, 0f); // bands above the degree rendered
            out.means2d()[g * 2] = (float) sum[CpuFrameState.R_MX];
            out.means2d()[g * 2 + 1] = (float) sum[CpuFrameState.R_MY];
            out.means2dAbs()[g * 2] = (float) sum[CpuFrameState.R_AX];
            out.means2dAbs()[g * 2 + 1] = (float) sum[CpuFrameState.R_AY];
            float[] gc = out.conics();
            gc[g * 3] = (float) gA;
            gc[g * 3 + 1] = (float) gB;
            gc[g * 3 + 2] = (float) gC;
        }
    }
}
