package org.splatforge.render.cuda;

import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.CudaEvent;
import org.splatforge.core.runtime.cuda.DeviceFloats;
import org.splatforge.core.runtime.cuda.KernelArgs;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.GaussianGradients;
import org.splatforge.render.raster.RasterChecks;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.RasterTimings;
import org.splatforge.render.raster.Rasterizer;

/**
 * The {@link Rasterizer} contract on an NVIDIA GPU: the CPU backend's design
 * ({@link org.splatforge.render.raster.CpuRasterizer}) moved to CUDA kernels
 * (render/src/main/cuda, see raster_forward.cu and raster_backward.cu for the algorithms and
 * the papers they follow).
 *
 * <p>Forward: upload the parameters; {@code project} (double precision, the twin of
 * GaussianProjector); exclusive scan of tiles touched; {@code emit_keys} (key = tile | depth,
 * {@link TileKeys}); a stable device radix sort ({@link DeviceRadixSort}); {@code tile_ranges};
 * {@code blend_forward}; then the outputs are downloaded into the {@link RasterFrame}. Backward:
 * upload the loss gradients; {@code blend_backward} writes one record per (tile, Gaussian)
 * entry; {@code reduce_project_backward} sums each Gaussian's records in a fixed order and
 * applies the projection's chain rule; download into {@link GaussianGradients}. No atomics
 * touch floats, so reruns are bit-identical, as the contract asks.
 *
 * <p>Resident use (training on the GPU): {@link #forwardResident} and {@link #backwardResident}
 * take parameters and loss gradients already on the device ({@link CudaGaussians},
 * {@link DeviceFloats}) and leave gradients there ({@link CudaGradients}) for {@link CudaAdam}
 * and {@link CudaDensifyStats}, so a training step moves no per-Gaussian data over PCIe.
 *
 * <p>Timings ({@link RasterTimings}) are GPU time between CUDA events: project, sort (scan +
 * keys + radix sort + ranges), blend; backward blend and reduce+project. Transfers are outside
 * them. Device memory: see {@link CudaRasterPlan#deviceBytes}; per-frame state is owned here and
 * freed by {@link #close()}. Not thread-safe.
 */
public final class CudaRasterizer implements Rasterizer {

    private final CudaDevice device;
    private final CudaKernels kernels;
    private final DeviceScan scan;
    private final DeviceRadixSort sort;
    private final KernelArgs args = new KernelArgs();
    private final CudaEvent[] events;
    private final List<CudaFrameState> states = new ArrayList<>();
    private final int[] one = new int[1];
    private final int[] last = new int[1];
    private boolean closed;

    public CudaRasterizer(CudaDevice device) {
        this.device = device;
        this.kernels = new CudaKernels(device);
        this.scan = new DeviceScan(device, kernels);
        this.sort = new DeviceRadixSort(device, kernels, scan);
        events = new CudaEvent[4];
        for (int i = 0; i < events.length; i++) {
            events[i] = new CudaEvent(device);
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    public CudaDevice device() {
        return device;
    }

    /** Where the kernels came from (packaged PTX or NVRTC), for logs and bench JSON. */
    public String kernelOrigin() {
        return kernels.origins;
    }

    CudaKernels kernels() {
        return kernels;
    }

    @Override
    public RasterFrame forward(GaussianCloud cloud, Camera camera, RasterSettings settings, RasterFrame frame) {
        RasterFrame f = frame == null ? new RasterFrame() : frame;
        CudaFrameState s = state(f);
        s.ownParams.upload(cloud);
        run(cloud, s.ownParams, camera, settings, f, s);
        download(f, s, true);
        return f;
    }

    /**
     * Forward from parameters already on the device. {@code shape} is the host cloud they
     * mirror (its size and SH degree size the frame; its arrays are not read). With
     * {@code downloadImage} false only the tile statistics come back: the image, alpha and
     * per-Gaussian outputs stay on the device (for training, where the loss runs there too).
     */
    public RasterFrame forwardResident(GaussianCloud shape, CudaGaussians params, Camera camera,
                                       RasterSettings settings, RasterFrame frame, boolean downloadImage) {
        if (params.size() != shape.size() || params.shDegree() != shape.shDegree()) {
            throw new IllegalArgumentException("device parameters (" + params.size() + " Gaussians, SH "
                    + params.shDegree() + ") do not match the cloud (" + shape.size() + ", SH " + shape.shDegree() + ")");
        }
        RasterFrame f = frame == null ? new RasterFrame() : frame;
        CudaFrameState s = state(f);
        run(shape, params, camera, settings, f, s);
        download(f, s, downloadImage);
        return f;
    }

    private CudaFrameState state(RasterFrame f) {
        if (closed) {
            throw new IllegalStateException("the CUDA rasterizer is closed");
        }
        if (f.backendState() instanceof CudaFrameState cs && states.contains(cs)) {
            return cs;
        }
        CudaFrameState s = new CudaFrameState(device);
        states.add(s);
        f.setBackendState(s);
        return s;
    }

    private void run(GaussianCloud shape, CudaGaussians params, Camera camera, RasterSettings settings, RasterFrame f,
                     CudaFrameState s) {
        f.begin(shape, camera, settings);
        CudaRasterPlan plan = CudaRasterPlan.of(shape.size(), shape.shCoeffs(), camera.width(), camera.height());
        s.plan = plan;
        s.params = params;
        s.degree = f.shDegree();
        s.antialiased = settings.antialiased();
        s.depthOn = settings.computeDepth();
        s.contributionsOn = settings.computeContributions();
        s.bgR = settings.background(0);
        s.bgG = settings.background(1);
        s.bgB = settings.background(2);
        s.ensure(plan);
        CudaCamera.pack(camera, settings, s.camHost);
        s.cam.upload(s.camHost, 0, 0, CudaCamera.DOUBLES);
        int n = plan.n();
        device.makeCurrent();
        events[0].record(device.stream());
        kernels.project.launch(plan.perGaussian(), args.clear().i32(n).i32(s.degree).i32(plan.coeffs()).ptr(s.cam)
                .i32(plan.tilesX()).i32(plan.tilesY()).i32(s.antialiased ? 1 : 0)
                .ptr(params.means).ptr(params.logScales).ptr(params.quats).ptr(params.opacityLogits).ptr(params.sh)
                .ptr(s.means2d).ptr(s.conics).ptr(s.radii).ptr(s.depths).ptr(s.colors).ptr(s.opacities)
                .ptr(s.rects).ptr(s.touched).ptr(s.depth64).ptr(s.xyod).ptr(s.conicPacked).ptr(s.colorPacked));
        events[1].record(device.stream());
        // Entries: exclusive scan of tiles touched, then its total (one small synchronous read).
        scan.exclusive(s.touched, s.offsets, n);
        long total = 0;
        if (n > 0) {
            s.offsets.download(n - 1, last, 0, 1);
            s.touched.download(n - 1, one, 0, 1);
            total = Integer.toUnsignedLong(last[0]) + Integer.toUnsignedLong(one[0]);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many (tile, Gaussian) pairs: " + total
                    + "; render at a lower resolution or with fewer Gaussians");
        }
        int e = (int) total;
        s.entries = e;
        s.ensureEntries(e);
        s.ranges.clear(2L * plan.tiles());
        if (e > 0) {
            kernels.emitKeys.launch(CudaRasterPlan.linear(n), args.clear().i32(n).i32(plan.tilesX()).i32(plan.tileBits())
                    .ptr(s.rects).ptr(s.offsets).ptr(s.touched).ptr(s.depth64).ptr(s.keys).ptr(s.vals)
                    .ptr(s.slotGaussian));
            sort.sort(s.keys, s.vals, s.keysTmp, s.valsTmp, e, 64);
            kernels.tileRanges.launch(CudaRasterPlan.linear(e), args.clear().i32(e).i32(plan.tileBits()).ptr(s.keys)
                    .ptr(s.ranges));
        }
        events[2].record(device.stream());
        if (s.contributionsOn) {
            s.weights.clear(e);
        }
        kernels.blendForward.launch(plan.perTile(), args.clear().i32(plan.width()).i32(plan.height())
                .i32(plan.tilesX()).ptr(s.ranges).ptr(s.vals).ptr(s.slotGaussian).ptr(s.xyod).ptr(s.conicPacked)
                .ptr(s.colorPacked).f32(s.bgR).f32(s.bgG).f32(s.bgB).i32(s.depthOn ? 1 : 0).ptr(s.image).ptr(s.alpha)
                .ptr(s.finalT).ptr(s.contributors).ptr(s.depthOn ? s.depth : null)
                .ptr(s.contributionsOn ? s.weights : null));
        if (s.contributionsOn) {
            kernels.reduceWeights.launch(CudaRasterPlan.linear(n), args.clear().i32(n).ptr(s.offsets).ptr(s.touched)
                    .ptr(s.weights).ptr(s.contributions));
        }
        events[3].record(device.stream());
        device.synchronize("forward rasterization");
        RasterTimings tm = f.timings();
        tm.projectNs = events[1].nanosSince(events[0]);
        tm.sortNs = events[2].nanosSince(events[1]);
        tm.blendNs = events[3].nanosSince(events[2]);
    }

    /** Tile statistics always; images and per-Gaussian outputs when {@code all}. */
    private static void download(RasterFrame f, CudaFrameState s, boolean all) {
        CudaRasterPlan p = s.plan;
        int n = p.n(), px = p.pixels();
        s.ranges.download(0, s.rangesHost, 0, 2 * p.tiles());
        int maxList = 0;
        for (int t = 0; t < p.tiles(); t++) {
            maxList = Math.max(maxList, s.rangesHost[2 * t + 1] - s.rangesHost[2 * t]);
        }
        f.setTileStats(s.entries, maxList);
        s.radii.download(0, f.radii(), 0, n); // visibility: cheap and always wanted (densification)
        if (!all) {
            return;
        }
        s.image.download(0, f.image(), 0, 3 * px);
        s.alpha.download(0, f.alpha(), 0, px);
        s.finalT.download(0, f.finalT(), 0, px);
        s.contributors.download(0, f.contributors(), 0, px);
        if (s.depthOn) {
            s.depth.download(0, f.depth(), 0, px);
        }
        s.means2d.download(0, f.means2d(), 0, 2 * n);
        s.conics.download(0, f.conics(), 0, 3 * n);
        s.depths.download(0, f.depths(), 0, n);
        s.colors.download(0, f.colors(), 0, 3 * n);
        s.opacities.download(0, f.opacities(), 0, n);
        if (s.contributionsOn) {
            s.contributions.download(0, f.contributions(), 0, n);
        }
    }

    @Override
    public void backward(RasterFrame frame, float[] dLdImage, float[] dLdAlpha, float[] dLdDepth,
                         GaussianGradients out) {
        CudaFrameState s = ownState(frame);
        RasterChecks.backwardInputs(frame, dLdImage, dLdAlpha, dLdDepth);
        int px = s.plan.pixels();
        s.dImage.ensure(3L * px);
        s.dImage.upload(dLdImage, 0, 0, 3 * px);
        if (dLdAlpha != null) {
            s.dAlpha.ensure(px);
            s.dAlpha.upload(dLdAlpha, 0, 0, px);
        }
        if (dLdDepth != null) {
            s.dDepth.ensure(px);
            s.dDepth.upload(dLdDepth, 0, 0, px);
        }
        backwardResident(frame, s.dImage, dLdAlpha == null ? null : s.dAlpha, dLdDepth == null ? null : s.dDepth,
                s.ownGrads);
        s.ownGrads.download(out);
    }

    /**
     * Backward with the loss gradients on the device ({@code dImage: float[H*W*3]},
     * {@code dAlpha}/{@code dDepth: float[H*W]} or null) into device gradients {@code out}
     * (overwritten for every Gaussian).
     */
    public void backwardResident(RasterFrame frame, DeviceFloats dImage, DeviceFloats dAlpha, DeviceFloats dDepth,
                                 CudaGradients out) {
        CudaFrameState s = ownState(frame);
        if (dDepth != null && !s.depthOn) {
            throw new IllegalArgumentException("a depth gradient needs a forward with RasterSettings.withDepth(true)");
        }
        CudaRasterPlan p = s.plan;
        int n = p.n();
        CudaGaussians g = s.params;
        out.ensure(n, p.coeffs());
        s.records.ensure((long) s.entries * CudaRasterPlan.RECORD);
        device.makeCurrent();
        events[0].record(device.stream());
        s.records.clear((long) s.entries * CudaRasterPlan.RECORD);
        kernels.blendBackward.launch(p.perTile(), args.clear().i32(p.width()).i32(p.height()).i32(p.tilesX())
                .ptr(s.ranges).ptr(s.vals).ptr(s.slotGaussian).ptr(s.xyod).ptr(s.conicPacked).ptr(s.colorPacked)
                .f32(s.bgR).f32(s.bgG).f32(s.bgB).ptr(s.finalT).ptr(s.contributors).ptr(dImage).ptr(dAlpha)
                .ptr(dDepth).ptr(s.records));
        events[1].record(device.stream());
        kernels.reduceProjectBackward.launch(p.perGaussian(), args.clear().i32(n).i32(s.degree).i32(p.coeffs())
                .ptr(s.cam).i32(p.tilesX()).i32(p.tilesY()).i32(s.antialiased ? 1 : 0)
                .ptr(g.means).ptr(g.logScales).ptr(g.quats).ptr(g.opacityLogits).ptr(g.sh).ptr(s.radii)
                .ptr(s.offsets).ptr(s.touched).ptr(s.records)
                .ptr(out.means).ptr(out.logScales).ptr(out.quats).ptr(out.opacityLogits).ptr(out.sh)
                .ptr(out.means2d).ptr(out.means2dAbs));
        events[2].record(device.stream());
        device.synchronize("backward rasterization");
        RasterTimings tm = frame.timings();
        tm.backwardBlendNs = events[1].nanosSince(events[0]);
        tm.backwardProjectNs = events[2].nanosSince(events[1]);
    }

    private CudaFrameState ownState(RasterFrame frame) {
        if (!(frame.backendState() instanceof CudaFrameState s) || !states.contains(s) || s.plan == null) {
            throw new IllegalArgumentException("frame was not rendered by this CUDA rasterizer");
        }
        return s;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.makeCurrent();
        for (CudaFrameState s : states) {
            s.close();
        }
        states.clear();
        for (CudaEvent e : events) {
            e.close();
        }
        sort.close();
        scan.close();
        args.close();
    }
}
