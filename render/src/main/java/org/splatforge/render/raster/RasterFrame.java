package org.splatforge.render.raster;

import java.util.Arrays;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The result of one {@link Rasterizer#forward} call, and everything its
 * {@link Rasterizer#backward} needs. Reuse one frame per view slot across iterations: its
 * arrays grow to the largest size seen and are never shrunk, so training allocates nothing
 * in steady state. Arrays may therefore be longer than needed; only the first
 * {@code width*height} (pixels) or {@link #count()} (Gaussians) entries are meaningful.
 *
 * <p>Per pixel (row-major, pixel (row i, column j) at index {@code i*width + j}):
 * <ul>
 *   <li>{@code image: float[H*W*3]}, RGB, background composited: {@code C + T*background}</li>
 *   <li>{@code alpha: float[H*W]}, {@code 1 - T}</li>
 *   <li>{@code depth: float[H*W]}, alpha-weighted camera z, {@code sum_i alpha_i T_i z_i}
 *       (only with {@link RasterSettings#computeDepth()}); the expected depth is
 *       {@code depth/alpha}, see {@link #expectedDepth}</li>
 *   <li>{@code finalT: float[H*W]}, transmittance left after the last blended Gaussian</li>
 *   <li>{@code contributors: int[H*W]}, how many entries of the pixel's depth-sorted tile list
 *       were walked up to and including the last one blended (the INRIA {@code n_contrib}:
 *       backward walks these back to front); 0 for an empty pixel</li>
 * </ul>
 *
 * <p>Per Gaussian (index as in the cloud; culled ones have radius 0 and zeros elsewhere):
 * <ul>
 *   <li>{@code means2d: float[N*2]}, pixels, (x, y) with pixel (i, j) centred at (j+0.5, i+0.5)</li>
 *   <li>{@code conics: float[N*3]}, (a, b, c) of the inverse of the dilated 2D covariance,
 *       pixels^-2</li>
 *   <li>{@code radii: int[N]}, ceil(3 sqrt(lambda_max)) pixels; 0 = culled (behind the near
 *       plane, singular, or no tile covered). {@link #valid(int)} is {@code radii[i] > 0}. The
 *       3DGS densifier's "max screen-space radius" is the max of this over views.</li>
 *   <li>{@code depths: float[N]}, camera-space z</li>
 *   <li>{@code colors: float[N*3]}, {@code max(0, SH(dir) + 0.5)}</li>
 *   <li>{@code opacities: float[N]}, sigmoid(logit), times the compensation when antialiased</li>
 *   <li>{@code contributions: float[N]}, sum over pixels of alpha_i T_i (only with
 *       {@link RasterSettings#computeContributions()})</li>
 * </ul>
 *
 * <p>The frame keeps references to the cloud, camera and settings it was rendered with:
 * do not change the cloud between forward and backward.
 */
public final class RasterFrame {

    private GaussianCloud cloud;
    private Camera camera;
    private RasterSettings settings;
    private int shDegree;
    private int width;
    private int height;
    private int count;
    private long entries;
    private int maxTileEntries;

    private float[] image = new float[0];
    private float[] alpha = new float[0];
    private float[] depth = new float[0];
    private float[] finalT = new float[0];
    private int[] contributors = new int[0];

    private float[] means2d = new float[0];
    private float[] conics = new float[0];
    private int[] radii = new int[0];
    private float[] depths = new float[0];
    private float[] colors = new float[0];
    private float[] opacities = new float[0];
    private float[] contributions = new float[0];

    private final RasterTimings timings = new RasterTimings();
    private Object backendState;

    /** An empty frame; a rasterizer sizes it on first use. */
    public RasterFrame() {
    }

    /**
     * Records the inputs of a forward pass and grows the arrays to fit (contents are left
     * as they were: the backend writes every output element). Called by rasterizer backends
     * at the start of forward.
     */
    public void begin(GaussianCloud cloud, Camera camera, RasterSettings settings) {
        this.cloud = cloud;
        this.camera = camera;
        this.settings = settings;
        this.shDegree = settings.shDegreeFor(cloud.shDegree());
        this.width = camera.width();
        this.height = camera.height();
        this.count = cloud.size();
        this.entries = 0;
        this.maxTileEntries = 0;
        int px = Math.multiplyExact(width, height);
        image = grow(image, px * 3);
        alpha = grow(alpha, px);
        finalT = grow(finalT, px);
        if (contributors.length < px) {
            contributors = new int[px];
        }
        if (settings.computeDepth()) {
            depth = grow(depth, px);
        }
        int n = count;
        means2d = grow(means2d, n * 2);
        conics = grow(conics, n * 3);
        if (radii.length < n) {
            radii = new int[Math.max(n, radii.length * 3 / 2)];
        }
        depths = grow(depths, n);
        colors = grow(colors, n * 3);
        opacities = grow(opacities, n);
        if (settings.computeContributions()) {
            contributions = grow(contributions, n);
        }
        timings.clear();
    }

    private static float[] grow(float[] a, int n) {
        // Amortised growth: densification adds Gaussians a few percent at a time.
        return a.length >= n ? a : new float[Math.max(n, a.length * 3 / 2)];
    }

    /** The cloud rendered (not copied). */
    public GaussianCloud cloud() {
        return cloud;
    }

    public Camera camera() {
        return camera;
    }

    public RasterSettings settings() {
        return settings;
    }

    /** SH degree evaluated. */
    public int shDegree() {
        return shDegree;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Number of Gaussians rendered (the cloud's size at forward time). */
    public int count() {
        return count;
    }

    /** Number of (tile, Gaussian) pairs binned: the total length of the per-tile lists. */
    public long entries() {
        return entries;
    }

    /** Length of the longest per-tile list. */
    public int maxTileEntries() {
        return maxTileEntries;
    }

    /** Records the binning statistics (backends call this in forward). */
    public void setTileStats(long entries, int maxTileEntries) {
        this.entries = entries;
        this.maxTileEntries = maxTileEntries;
    }

    /** Number of Gaussians that survived culling. */
    public int visibleCount() {
        int v = 0;
        for (int i = 0; i < count; i++) {
            if (radii[i] > 0) {
                v++;
            }
        }
        return v;
    }

    public float[] image() {
        return image;
    }

    public float[] alpha() {
        return alpha;
    }

    /** Alpha-weighted depth sum; only meaningful with {@link RasterSettings#computeDepth()}. */
    public float[] depth() {
        return depth;
    }

    public float[] finalT() {
        return finalT;
    }

    public int[] contributors() {
        return contributors;
    }

    public float[] means2d() {
        return means2d;
    }

    public float[] conics() {
        return conics;
    }

    public int[] radii() {
        return radii;
    }

    public float[] depths() {
        return depths;
    }

    public float[] colors() {
        return colors;
    }

    public float[] opacities() {
        return opacities;
    }

    /** Per-Gaussian blend-weight sums; only meaningful with {@link RasterSettings#computeContributions()}. */
    public float[] contributions() {
        return contributions;
    }

    /** Whether Gaussian i survived culling (its radius is positive). */
    public boolean valid(int i) {
        return radii[i] > 0;
    }

    /** Largest radius of this view, pixels (0 when nothing is visible). */
    public int maxRadius() {
        int m = 0;
        for (int i = 0; i < count; i++) {
            m = Math.max(m, radii[i]);
        }
        return m;
    }

    /**
     * Expected depth {@code depth/alpha} per pixel into {@code out[H*W]} (0 where alpha is 0),
     * as gsplat's "ED" mode. Needs {@link RasterSettings#computeDepth()}.
     */
    public void expectedDepth(float[] out) {
        if (!settings.computeDepth()) {
            throw new IllegalStateException("depth was not computed: use RasterSettings.withDepth(true)");
        }
        int px = width * height;
        for (int p = 0; p < px; p++) {
            out[p] = alpha[p] > 0 ? depth[p] / alpha[p] : 0f;
        }
    }

    /** Phase timings of the last forward and backward on this frame. */
    public RasterTimings timings() {
        return timings;
    }

    /** Backend-private data kept between forward and backward (tile lists, sort order...). */
    public Object backendState() {
        return backendState;
    }

    public void setBackendState(Object state) {
        backendState = state;
    }

    /** The image as a fresh trimmed copy, {@code float[H*W*3]}. */
    public float[] imageCopy() {
        return Arrays.copyOf(image, width * height * 3);
    }
}
