package org.splatforge.render.cuda;

import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.DeviceBuffer;
import org.splatforge.core.runtime.cuda.DeviceDoubles;
import org.splatforge.core.runtime.cuda.DeviceFloats;
import org.splatforge.core.runtime.cuda.DeviceInts;
import org.splatforge.core.runtime.cuda.DeviceLongs;

/**
 * What {@link CudaRasterizer}'s forward leaves on the device for its backward, per
 * {@link org.splatforge.render.raster.RasterFrame} (kept as the frame's backend state, so frames
 * stay independent as the {@link org.splatforge.render.raster.Rasterizer} contract asks). Owned
 * by the rasterizer that made it, which closes it. Buffers grow and are reused frame after frame.
 *
 * <p>Layouts (N Gaussians, E entries, T tiles, P pixels):
 * <ul>
 *   <li>per Gaussian: the outputs of {@code RasterFrame} ({@code means2d[N*2]}, {@code conics[N*3]},
 *       {@code radii[N]}, {@code depths[N]}, {@code colors[N*3]}, {@code opacities[N]},
 *       {@code contributions[N]}), {@code rects: int[N*4]} tile x0,x1,y0,y1 half-open,
 *       {@code touched/offsets: uint[N]} entries per Gaussian and their exclusive scan (the first
 *       slot), {@code depth64: double[N]}, packed blend data {@code xyod/conicPacked/colorPacked: float[N*4]}</li>
 *   <li>per entry: {@code keys: u64[E]} (tile | depth, {@link TileKeys}), {@code vals: uint[E]} the
 *       slot (Gaussian-major: Gaussian g's tiles row-major at [offsets[g], offsets[g]+touched[g])),
 *       {@code slotGaussian: int[E]}, {@code weights: float[E]}, {@code records: float[E*12]}</li>
 *   <li>per tile: {@code ranges: int[T*2]} start, end in the sorted entries</li>
 *   <li>per pixel: {@code image[P*3]}, {@code alpha[P]}, {@code finalT[P]}, {@code contributors[P]},
 *       {@code depth[P]}, and the loss gradients {@code dImage[P*3]}, {@code dAlpha[P]}, {@code dDepth[P]}</li>
 * </ul>
 */
final class CudaFrameState implements AutoCloseable {

    private final List<DeviceBuffer> all = new ArrayList<>();

    final CudaGaussians ownParams;
    final CudaGradients ownGrads;
    CudaGaussians params;
    CudaRasterPlan plan;
    int degree;
    boolean antialiased;
    boolean depthOn;
    boolean contributionsOn;
    float bgR;
    float bgG;
    float bgB;
    int entries;
    final double[] camHost = new double[CudaCamera.DOUBLES];
    int[] rangesHost = new int[0];

    final DeviceDoubles cam;
    final DeviceFloats means2d;
    final DeviceFloats conics;
    final DeviceInts radii;
    final DeviceFloats depths;
    final DeviceFloats colors;
    final DeviceFloats opacities;
    final DeviceFloats contributions;
    final DeviceInts rects;
    final DeviceInts touched;
    final DeviceInts offsets;
    final DeviceDoubles depth64;
    final DeviceFloats xyod;
    final DeviceFloats conicPacked;
    final DeviceFloats colorPacked;

    final DeviceLongs keys;
    final DeviceLongs keysTmp;
    final DeviceInts vals;
    final DeviceInts valsTmp;
    final DeviceInts slotGaussian;
    final DeviceFloats weights;
    final DeviceFloats records;

    final DeviceInts ranges;

    final DeviceFloats image;
    final DeviceFloats alpha;
    final DeviceFloats finalT;
    final DeviceInts contributors;
    final DeviceFloats depth;
    final DeviceFloats dImage;
    final DeviceFloats dAlpha;
    final DeviceFloats dDepth;

    CudaFrameState(CudaDevice d) {
        ownParams = new CudaGaussians(d);
        ownGrads = new CudaGradients(d);
        cam = add(d.doubles("camera", CudaCamera.DOUBLES));
        means2d = add(d.floats("means2d", 0));
        conics = add(d.floats("conics", 0));
        radii = add(d.ints("radii", 0));
        depths = add(d.floats("depths", 0));
        colors = add(d.floats("colors", 0));
        opacities = add(d.floats("opacities", 0));
        contributions = add(d.floats("contributions", 0));
        rects = add(d.ints("tile rectangles", 0));
        touched = add(d.ints("tiles touched", 0));
        offsets = add(d.ints("entry offsets", 0));
        depth64 = add(d.doubles("depth64", 0));
        xyod = add(d.floats("packed xy/opacity/depth", 0));
        conicPacked = add(d.floats("packed conics", 0));
        colorPacked = add(d.floats("packed colours", 0));
        keys = add(d.longs("sort keys", 0));
        keysTmp = add(d.longs("sort keys (ping-pong)", 0));
        vals = add(d.ints("sort values", 0));
        valsTmp = add(d.ints("sort values (ping-pong)", 0));
        slotGaussian = add(d.ints("slot to Gaussian", 0));
        weights = add(d.floats("entry weights", 0));
        records = add(d.floats("gradient records", 0));
        ranges = add(d.ints("tile ranges", 0));
        image = add(d.floats("image", 0));
        alpha = add(d.floats("alpha", 0));
        finalT = add(d.floats("final T", 0));
        contributors = add(d.ints("contributors", 0));
        depth = add(d.floats("depth", 0));
        dImage = add(d.floats("dL/dimage", 0));
        dAlpha = add(d.floats("dL/dalpha", 0));
        dDepth = add(d.floats("dL/ddepth", 0));
    }

    private <B extends DeviceBuffer> B add(B b) {
        all.add(b);
        return b;
    }

    /** Sizes the per-Gaussian, per-tile and per-pixel buffers for a plan. */
    void ensure(CudaRasterPlan p) {
        long n = p.n();
        means2d.ensure(2 * n);
        conics.ensure(3 * n);
        radii.ensure(n);
        depths.ensure(n);
        colors.ensure(3 * n);
        opacities.ensure(n);
        if (contributionsOn) {
            contributions.ensure(n);
        }
        rects.ensure(4 * n);
        touched.ensure(n);
        offsets.ensure(n);
        depth64.ensure(n);
        xyod.ensure(4 * n);
        conicPacked.ensure(4 * n);
        colorPacked.ensure(4 * n);
        ranges.ensure(2L * p.tiles());
        long px = p.pixels();
        image.ensure(3 * px);
        alpha.ensure(px);
        finalT.ensure(px);
        contributors.ensure(px);
        if (depthOn) {
            depth.ensure(px);
        }
        if (rangesHost.length < 2 * p.tiles()) {
            rangesHost = new int[2 * p.tiles()];
        }
    }

    /** Sizes the per-entry buffers of the forward. */
    void ensureEntries(int e) {
        keys.ensure(e);
        keysTmp.ensure(e);
        vals.ensure(e);
        valsTmp.ensure(e);
        slotGaussian.ensure(e);
        if (contributionsOn) {
            weights.ensure(e);
        }
    }

    @Override
    public void close() {
        for (DeviceBuffer b : all) {
            b.close();
        }
        ownParams.close();
        ownGrads.close();
    }
}
