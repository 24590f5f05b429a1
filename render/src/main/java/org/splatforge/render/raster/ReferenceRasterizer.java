package org.splatforge.render.raster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The reference twin: DESIGN.md "Rasterization conventions" written as plainly as possible,
 * in double precision, on one thread. Every fast backend is tested against it, and it is
 * tested against the float64 autograd fixtures and against finite differences.
 *
 * <p>Forward: project each Gaussian ({@link GaussianProjector}); for each 16x16 tile, list
 * the Gaussians whose tile rectangle covers it, sorted by (depth, index); for each pixel,
 * walk its tile's list front to back with the contract's skip and stop rules.
 *
 * <p>Backward: for each pixel, walk the list again front to back recording the Gaussians
 * blended with their alpha and transmittance, then go back to front applying
 * {@code dC/dalpha_i = c_i T_i - (S_i + T_final bg)/(1 - alpha_i)} where {@code S_i} is the
 * colour blended behind i; then per Gaussian, the projection's chain rule.
 *
 * <p>{@link #render} and {@link #gradients} work on {@link DoubleGaussians} and double
 * images so finite-difference checks can use tiny steps; the {@link Rasterizer} methods wrap
 * them for float clouds.
 */
public final class ReferenceRasterizer implements Rasterizer {

    static final double MIN_ALPHA = 1.0 / 255.0;
    static final double MAX_ALPHA = 0.99;
    static final double T_STOP = 1e-4;

    @Override
    public String name() {
        return "reference";
    }

    /** Everything the double-precision forward produces; shapes as in {@link RasterFrame}. */
    public static final class Output {
        public final DoubleGaussians params;
        public final Camera camera;
        public final RasterSettings settings;
        public final int shDegree;
        public final int width;
        public final int height;
        public final double[] image;
        public final double[] alpha;
        public final double[] depth;
        public final double[] finalT;
        public final int[] contributors;
        /** Pixels whose walk ended at the 1e-4 transmittance stop. */
        public final boolean[] stopped;
        public final double[] means2d;
        public final double[] conics;
        public final int[] radii;
        public final double[] depths;
        public final double[] colors;
        public final double[] opacities;
        public final double[] contributions;
        final int[][] tileLists;

        Output(DoubleGaussians params, Camera camera, RasterSettings settings) {
            this.params = params;
            this.camera = camera;
            this.settings = settings;
            this.shDegree = settings.shDegreeFor(params.shDegree);
            width = camera.width();
            height = camera.height();
            int px = width * height, n = params.size;
            image = new double[px * 3];
            alpha = new double[px];
            depth = new double[px];
            finalT = new double[px];
            contributors = new int[px];
            stopped = new boolean[px];
            means2d = new double[n * 2];
            conics = new double[n * 3];
            radii = new int[n];
            depths = new double[n];
            colors = new double[n * 3];
            opacities = new double[n];
            contributions = new double[n];
            int tx = (width + TILE - 1) / TILE, ty = (height + TILE - 1) / TILE;
            tileLists = new int[tx * ty][];
        }

        int tilesX() {
            return (width + TILE - 1) / TILE;
        }
    }

    /** Double-precision gradients; layouts as in {@link GaussianGradients}. */
    public static final class Gradients {
        public final double[] means;
        public final double[] logScales;
        public final double[] quats;
        public final double[] opacityLogits;
        public final double[] sh;
        public final double[] means2d;
        public final double[] means2dAbs;
        /** dL/d conic (a, b, c), {@code [N*3]}. */
        public final double[] conics;

        Gradients(int n, int k) {
            means = new double[n * 3];
            logScales = new double[n * 3];
            quats = new double[n * 4];
            opacityLogits = new double[n];
            sh = new double[n * k * 3];
            means2d = new double[n * 2];
            means2dAbs = new double[n * 2];
            conics = new double[n * 3];
        }
    }

    /** Renders in double precision. */
    public Output render(DoubleGaussians g, Camera camera, RasterSettings settings) {
        Output out = new Output(g, camera, settings);
        int n = g.size;
        GaussianProjector proj = new GaussianProjector();
        proj.setCamera(camera, settings, out.shDegree);
        int[] rects = new int[n * 4];
        for (int i = 0; i < n; i++) {
            proj.load(g, i);
            if (!proj.project()) {
                continue;
            }
            out.means2d[i * 2] = proj.u;
            out.means2d[i * 2 + 1] = proj.v;
            out.conics[i * 3] = proj.conicA;
            out.conics[i * 3 + 1] = proj.conicB;
            out.conics[i * 3 + 2] = proj.conicC;
            out.radii[i] = proj.radius;
            out.depths[i] = proj.depth;
            out.colors[i * 3] = proj.colR;
            out.colors[i * 3 + 1] = proj.colG;
            out.colors[i * 3 + 2] = proj.colB;
            out.opacities[i] = proj.opacity;
            rects[i * 4] = proj.tileX0;
            rects[i * 4 + 1] = proj.tileX1;
            rects[i * 4 + 2] = proj.tileY0;
            rects[i * 4 + 3] = proj.tileY1;
        }
        // Per-tile lists, ascending depth, ties by index.
        int tilesX = out.tilesX();
        List<List<Integer>> lists = new ArrayList<>();
        for (int t = 0; t < out.tileLists.length; t++) {
            lists.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            if (out.radii[i] == 0) {
                continue;
            }
            for (int ty = rects[i * 4 + 2]; ty < rects[i * 4 + 3]; ty++) {
                for (int tx = rects[i * 4]; tx < rects[i * 4 + 1]; tx++) {
                    lists.get(ty * tilesX + tx).add(i);
                }
            }
        }
        Comparator<Integer> byDepth = Comparator.<Integer>comparingDouble(i -> out.depths[i])
                .thenComparingInt(i -> i);
        for (int t = 0; t < out.tileLists.length; t++) {
            List<Integer> list = lists.get(t);
            list.sort(byDepth);
            out.tileLists[t] = list.stream().mapToInt(Integer::intValue).toArray();
        }
        for (int row = 0; row < out.height; row++) {
            for (int col = 0; col < out.width; col++) {
                blendPixel(out, row, col);
            }
        }
        return out;
    }

    /**
     * Blends every pixel again from the projected quantities now in {@code o} (means2d, conics,
     * opacities, colours, depths), keeping its tile lists: tests perturb a projected quantity
     * and re-blend to check the screen-space gradients (such as {@link Gradients#conics}) by
     * finite differences.
     */
    static void reblend(Output o) {
        java.util.Arrays.fill(o.contributions, 0);
        java.util.Arrays.fill(o.stopped, false);
        for (int row = 0; row < o.height; row++) {
            for (int col = 0; col < o.width; col++) {
                blendPixel(o, row, col);
            }
        }
    }

    private static void blendPixel(Output o, int row, int col) {
        int p = row * o.width + col;
        int[] list = o.tileLists[(row / TILE) * o.tilesX() + col / TILE];
        double px = col + 0.5, py = row + 0.5;
        double t = 1, r = 0, g = 0, b = 0, d = 0;
        int last = 0;
        for (int k = 0; k < list.length; k++) {
            int i = list[k];
            double alpha = alphaAt(o, i, px, py);
            if (alpha < MIN_ALPHA) {
                continue;
            }
            double next = t * (1 - alpha);
            if (next < T_STOP) {
                o.stopped[p] = true;
                break;
            }
            double w = alpha * t;
            r += o.colors[i * 3] * w;
            g += o.colors[i * 3 + 1] * w;
            b += o.colors[i * 3 + 2] * w;
            d += o.depths[i] * w;
            o.contributions[i] += w;
            t = next;
            last = k + 1;
        }
        o.image[p * 3] = r + t * o.settings.background(0);
        o.image[p * 3 + 1] = g + t * o.settings.background(1);
        o.image[p * 3 + 2] = b + t * o.settings.background(2);
        o.alpha[p] = 1 - t;
        o.depth[p] = d;
        o.finalT[p] = t;
        o.contributors[p] = last;
    }

    /** Alpha of Gaussian i at a pixel centre, or 0 where the contract skips it (power > 0). */
    private static double alphaAt(Output o, int i, double px, double py) {
        double dx = o.means2d[i * 2] - px, dy = o.means2d[i * 2 + 1] - py;
        double a = o.conics[i * 3], b = o.conics[i * 3 + 1], c = o.conics[i * 3 + 2];
        double power = -0.5 * (a * dx * dx + c * dy * dy) - b * dx * dy;
        if (power > 0) {
            return 0;
        }
        return Math.min(MAX_ALPHA, o.opacities[i] * Math.exp(power));
    }

    /**
     * Gradients of a loss with the given output gradients (null for zero) in double precision.
     * {@code dDepth} needs the forward to have had {@link RasterSettings#computeDepth()}.
     */
    public Gradients gradients(Output o, double[] dImage, double[] dAlpha, double[] dDepth) {
        int n = o.params.size;
        if (dDepth != null && !o.settings.computeDepth()) {
            throw new IllegalArgumentException("a depth gradient needs a forward with RasterSettings.withDepth(true)");
        }
        // Per Gaussian: dL/d means2d, conic, opacity, colour, depth (the projected quantities).
        double[] gMean2d = new double[n * 2], gAbs = new double[n * 2], gConic = new double[n * 3];
        double[] gOpacity = new double[n], gColor = new double[n * 3], gDepth = new double[n];
        int[] ids = new int[1];
        double[] alphas = new double[1], ts = new double[1];
        for (int row = 0; row < o.height; row++) {
            for (int col = 0; col < o.width; col++) {
                int p = row * o.width + col;
                int[] list = o.tileLists[(row / TILE) * o.tilesX() + col / TILE];
                double px = col + 0.5, py = row + 0.5;
                // Replay the forward, recording what was blended.
                int m = 0;
                double t = 1;
                if (ids.length < list.length) {
                    ids = new int[list.length];
                    alphas = new double[list.length];
                    ts = new double[list.length];
                }
                for (int k = 0; k < o.contributors[p]; k++) {
                    int i = list[k];
                    double alpha = alphaAt(o, i, px, py);
                    if (alpha < MIN_ALPHA) {
                        continue;
                    }
                    ids[m] = i;
                    alphas[m] = alpha;
                    ts[m] = t;
                    m++;
                    t *= 1 - alpha;
                }
                double tFinal = o.finalT[p];
                double dr = dImage[p * 3], dg = dImage[p * 3 + 1], db = dImage[p * 3 + 2];
                double da = dAlpha == null ? 0 : dAlpha[p];
                double dd = dDepth == null ? 0 : dDepth[p];
                double behindR = 0, behindG = 0, behindB = 0, behindD = 0; // colour blended behind
                for (int j = m - 1; j >= 0; j--) {
                    int i = ids[j];
                    double alpha = alphas[j], ti = ts[j], w = alpha * ti;
                    double cr = o.colors[i * 3], cg = o.colors[i * 3 + 1], cb = o.colors[i * 3 + 2], z = o.depths[i];
                    gColor[i * 3] += w * dr;
                    gColor[i * 3 + 1] += w * dg;
                    gColor[i * 3 + 2] += w * db;
                    gDepth[i] += w * dd;
                    double inv = 1 / (1 - alpha);
                    double gAlpha = dr * (cr * ti - (behindR + tFinal * o.settings.background(0)) * inv)
                            + dg * (cg * ti - (behindG + tFinal * o.settings.background(1)) * inv)
                            + db * (cb * ti - (behindB + tFinal * o.settings.background(2)) * inv)
                            + dd * (z * ti - behindD * inv)
                            + da * tFinal * inv;
                    behindR += cr * w;
                    behindG += cg * w;
                    behindB += cb * w;
                    behindD += z * w;
                    // alpha = min(0.99, o * G): no gradient through the clamp.
                    double dx = o.means2d[i * 2] - px, dy = o.means2d[i * 2 + 1] - py;
                    double a = o.conics[i * 3], b = o.conics[i * 3 + 1], c = o.conics[i * 3 + 2];
                    double gauss = Math.exp(-0.5 * (a * dx * dx + c * dy * dy) - b * dx * dy);
                    if (o.opacities[i] * gauss > MAX_ALPHA) {
                        continue;
                    }
                    gOpacity[i] += gauss * gAlpha;
                    double gPower = o.opacities[i] * gauss * gAlpha;
                    double gx = -gPower * (a * dx + b * dy), gy = -gPower * (b * dx + c * dy);
                    gMean2d[i * 2] += gx;
                    gMean2d[i * 2 + 1] += gy;
                    gAbs[i * 2] += Math.abs(gx);
                    gAbs[i * 2 + 1] += Math.abs(gy);
                    gConic[i * 3] += -0.5 * dx * dx * gPower;
                    gConic[i * 3 + 1] += -dx * dy * gPower;
                    gConic[i * 3 + 2] += -0.5 * dy * dy * gPower;
                }
            }
        }
        int k = o.params.shCoeffs();
        Gradients out = new Gradients(n, k);
        GaussianProjector proj = new GaussianProjector();
        proj.setCamera(o.camera, o.settings, o.shDegree);
        for (int i = 0; i < n; i++) {
            if (o.radii[i] == 0) {
                continue;
            }
            proj.load(o.params, i);
            proj.project();
            proj.backward(gMean2d[i * 2], gMean2d[i * 2 + 1], gConic[i * 3], gConic[i * 3 + 1], gConic[i * 3 + 2],
                    gOpacity[i], gColor[i * 3], gColor[i * 3 + 1], gColor[i * 3 + 2], gDepth[i]);
            System.arraycopy(proj.gMean, 0, out.means, i * 3, 3);
            System.arraycopy(proj.gLogScale, 0, out.logScales, i * 3, 3);
            System.arraycopy(proj.gQuat, 0, out.quats, i * 4, 4);
            out.opacityLogits[i] = proj.gOpacityLogit;
            System.arraycopy(proj.gSh, 0, out.sh, i * k * 3, proj.basisCount() * 3);
            out.means2d[i * 2] = gMean2d[i * 2];
            out.means2d[i * 2 + 1] = gMean2d[i * 2 + 1];
            out.means2dAbs[i * 2] = gAbs[i * 2];
            out.means2dAbs[i * 2 + 1] = gAbs[i * 2 + 1];
            System.arraycopy(gConic, i * 3, out.conics, i * 3, 3);
        }
        return out;
    }

    // ---- the Rasterizer interface, for float clouds ------------------------------------

    @Override
    public RasterFrame forward(GaussianCloud cloud, Camera camera, RasterSettings settings, RasterFrame frame) {
        RasterFrame f = frame == null ? new RasterFrame() : frame;
        long t0 = System.nanoTime();
        f.begin(cloud, camera, settings);
        Output o = render(DoubleGaussians.of(cloud), camera, settings);
        int px = o.width * o.height, n = o.params.size;
        narrow(o.image, f.image(), px * 3);
        narrow(o.alpha, f.alpha(), px);
        narrow(o.finalT, f.finalT(), px);
        System.arraycopy(o.contributors, 0, f.contributors(), 0, px);
        if (settings.computeDepth()) {
            narrow(o.depth, f.depth(), px);
        }
        narrow(o.means2d, f.means2d(), n * 2);
        narrow(o.conics, f.conics(), n * 3);
        System.arraycopy(o.radii, 0, f.radii(), 0, n);
        narrow(o.depths, f.depths(), n);
        narrow(o.colors, f.colors(), n * 3);
        narrow(o.opacities, f.opacities(), n);
        if (settings.computeContributions()) {
            narrow(o.contributions, f.contributions(), n);
        }
        long entries = 0;
        int maxList = 0;
        for (int[] list : o.tileLists) {
            entries += list.length;
            maxList = Math.max(maxList, list.length);
        }
        f.setTileStats(entries, maxList);
        f.setBackendState(o);
        f.timings().blendNs = System.nanoTime() - t0;
        return f;
    }

    @Override
    public void backward(RasterFrame frame, float[] dLdImage, float[] dLdAlpha, float[] dLdDepth,
                         GaussianGradients out) {
        if (!(frame.backendState() instanceof Output o)) {
            throw new IllegalArgumentException("frame was not rendered by the reference rasterizer");
        }
        long t0 = System.nanoTime();
        int px = o.width * o.height;
        Gradients g = gradients(o, widen(dLdImage, px * 3, "dLdImage"), widen(dLdAlpha, px, "dLdAlpha"),
                widen(dLdDepth, px, "dLdDepth"));
        int n = o.params.size, k = o.params.shCoeffs();
        out.reset(n, k);
        narrow(g.means, out.means(), n * 3);
        narrow(g.logScales, out.logScales(), n * 3);
        narrow(g.quats, out.quats(), n * 4);
        narrow(g.opacityLogits, out.opacityLogits(), n);
        narrow(g.sh, out.sh(), n * k * 3);
        narrow(g.means2d, out.means2d(), n * 2);
        narrow(g.means2dAbs, out.means2dAbs(), n * 2);
        narrow(g.conics, out.conics(), n * 3);
        out.markConicsWritten();
        frame.timings().backwardBlendNs = System.nanoTime() - t0;
    }

    private static void narrow(double[] src, float[] dst, int n) {
        for (int i = 0; i < n; i++) {
            dst[i] = (float) src[i];
        }
    }

    private static double[] widen(float[] src, int n, String what) {
        if (src == null) {
            return null;
        }
        if (src.length < n) {
            throw new IllegalArgumentException(what + " has " + src.length + " values, expected at least " + n);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = src[i];
        }
        return d;
    }
}
