package org.splatforge.core.data;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How {@link Datasets#load} reads a dataset. Immutable; start from {@link #defaults()} and
 * chain the {@code with...} methods, each of which returns a changed copy.
 *
 * <p>Defaults: full resolution, white background (as 3DGS's {@code --white_background} and
 * D-NeRF/4DGaussians use for synthetic scenes) unless the images are opaque and share a
 * backdrop colour around their borders ({@link BorderBackground}; an explicit
 * {@link #withBackground} always wins), train and test splits, all views, images
 * held in memory in their compact file form, every processor loading, class labels when a
 * {@code labels/} folder exists, 100,000 random initial points (synthetic scenes) in
 * automatically estimated bounds, seed 0, COLMAP test split every 8th image.
 */
public final class DatasetOptions {

    /** White, RGB. */
    public static final float[] WHITE = {1f, 1f, 1f};
    /** Black, RGB. */
    public static final float[] BLACK = {0f, 0f, 0f};

    private double resolution = 1.0;
    private float[] background = WHITE.clone();
    private boolean backgroundGiven = false;
    private EnumSet<Split> splits = EnumSet.of(Split.TRAIN, Split.TEST);
    private int maxViews = 0;
    private boolean lazyImages = false;
    private int threads = 0;
    private boolean labels = true;
    private int randomPoints = 100_000;
    private double[] randomBounds = null;
    private boolean forceRandomInit = false;
    private long seed = 0;
    private int holdout = 8;
    private String colmapModel = null;
    private String imagesDir = "images";
    private List<String> testCameras = null;

    private DatasetOptions() {
    }

    public static DatasetOptions defaults() {
        return new DatasetOptions();
    }

    private DatasetOptions copy() {
        DatasetOptions o = new DatasetOptions();
        o.resolution = resolution;
        o.background = background.clone();
        o.backgroundGiven = backgroundGiven;
        o.splits = EnumSet.copyOf(splits);
        o.maxViews = maxViews;
        o.lazyImages = lazyImages;
        o.threads = threads;
        o.labels = labels;
        o.randomPoints = randomPoints;
        o.randomBounds = randomBounds == null ? null : randomBounds.clone();
        o.forceRandomInit = forceRandomInit;
        o.seed = seed;
        o.holdout = holdout;
        o.colmapModel = colmapModel;
        o.imagesDir = imagesDir;
        o.testCameras = testCameras;
        return o;
    }

    /**
     * Downscale factor, as 3DGS's {@code --resolution N}: every image and camera is resized
     * to round(size / N) with the area filter. 1 keeps the stored size.
     */
    public DatasetOptions withResolution(double factor) {
        if (!(factor >= 1.0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("--resolution must be a finite factor >= 1, got " + factor);
        }
        DatasetOptions o = copy();
        o.resolution = factor;
        return o;
    }

    /**
     * Background RGB in [0, 1] that transparent pixels are composited on and renders are
     * drawn over; given this way it is used as it is (no {@link BorderBackground} estimate).
     */
    public DatasetOptions withBackground(float[] rgb) {
        if (rgb.length != 3) {
            throw new IllegalArgumentException("background needs 3 values (RGB), got " + rgb.length);
        }
        for (float v : rgb) {
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("background values must be in [0, 1]: " + Arrays.toString(rgb));
            }
        }
        DatasetOptions o = copy();
        o.background = rgb.clone();
        o.backgroundGiven = true;
        return o;
    }

    /** Which splits to load (train is always loaded: it defines the scene extent). */
    public DatasetOptions withSplits(Set<Split> s) {
        DatasetOptions o = copy();
        o.splits = s.isEmpty() ? EnumSet.noneOf(Split.class) : EnumSet.copyOf(s);
        o.splits.add(Split.TRAIN);
        return o;
    }

    /**
     * At most this many views per split, evenly spaced over the split's order (so a dynamic
     * scene still spans its whole time range); 0 = all.
     */
    public DatasetOptions withMaxViews(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("max views must be >= 0, got " + n);
        }
        DatasetOptions o = copy();
        o.maxViews = n;
        return o;
    }

    /**
     * Lazy loading: images are decoded once at load time (so a missing or corrupt file fails
     * the load, not the tenth training minute), then dropped and decoded again on every
     * access. For datasets larger than memory; eager (the default) keeps the compact pixels.
     */
    public DatasetOptions withLazyImages(boolean lazy) {
        DatasetOptions o = copy();
        o.lazyImages = lazy;
        return o;
    }

    /** Loader threads; 0 = every available processor. */
    public DatasetOptions withThreads(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + n);
        }
        DatasetOptions o = copy();
        o.threads = n;
        return o;
    }

    /** Whether to read per-pixel class labels from a {@code labels/} folder when present. */
    public DatasetOptions withLabels(boolean load) {
        DatasetOptions o = copy();
        o.labels = load;
        return o;
    }

    /** Number of random initial points for datasets without a point cloud. */
    public DatasetOptions withRandomPoints(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("random point count must be >= 0, got " + n);
        }
        DatasetOptions o = copy();
        o.randomPoints = n;
        return o;
    }

    /**
     * The box random points are drawn from, {minx, miny, minz, maxx, maxy, maxz}; null (the
     * default) estimates it from the training views ({@link SceneBounds}). 3DGS's synthetic
     * setting is the cube {-1.3, -1.3, -1.3, 1.3, 1.3, 1.3}.
     */
    public DatasetOptions withRandomBounds(double[] minMax) {
        if (minMax != null) {
            if (minMax.length != 6) {
                throw new IllegalArgumentException("bounds need 6 values (min xyz, max xyz), got " + minMax.length);
            }
            for (int a = 0; a < 3; a++) {
                if (!Double.isFinite(minMax[a]) || !Double.isFinite(minMax[a + 3]) || minMax[a] > minMax[a + 3]) {
                    throw new IllegalArgumentException("bounds must be finite with min <= max: " + Arrays.toString(minMax));
                }
            }
        }
        DatasetOptions o = copy();
        o.randomBounds = minMax == null ? null : minMax.clone();
        return o;
    }

    /** Use random initial points even when the dataset has a point cloud (COLMAP). */
    public DatasetOptions withForceRandomInit(boolean force) {
        DatasetOptions o = copy();
        o.forceRandomInit = force;
        return o;
    }

    /** Seed of the random initial points. */
    public DatasetOptions withSeed(long s) {
        DatasetOptions o = copy();
        o.seed = s;
        return o;
    }

    /**
     * COLMAP test split: every {@code n}-th registered image sorted by name (index 0, n,
     * 2n, ...) is a test view, as 3DGS's {@code --eval} with {@code llffhold = 8}; 0 puts
     * every image in train.
     */
    public DatasetOptions withHoldout(int n) {
        if (n < 0 || n == 1) {
            throw new IllegalArgumentException("holdout must be 0 (none) or >= 2, got " + n);
        }
        DatasetOptions o = copy();
        o.holdout = n;
        return o;
    }

    /** COLMAP model folder relative to the dataset root (e.g. "sparse/0_text"); null = auto. */
    public DatasetOptions withColmapModel(String relative) {
        DatasetOptions o = copy();
        o.colmapModel = relative;
        return o;
    }

    /** COLMAP images folder relative to the dataset root (default "images"). */
    public DatasetOptions withImagesDir(String relative) {
        DatasetOptions o = copy();
        o.imagesDir = relative;
        return o;
    }

    /** Multi-view video: names of the test cameras (default: N3V's "cam00"; the multiview.json's own split). */
    public DatasetOptions withTestCameras(List<String> names) {
        DatasetOptions o = copy();
        o.testCameras = names == null ? null : List.copyOf(names);
        return o;
    }

    public double resolution() {
        return resolution;
    }

    /** Background RGB (a copy). */
    public float[] background() {
        return background.clone();
    }

    /** Whether {@link #withBackground} set the background (else it is the default and may be estimated). */
    public boolean backgroundGiven() {
        return backgroundGiven;
    }

    public Set<Split> splits() {
        return EnumSet.copyOf(splits);
    }

    public boolean wants(Split s) {
        return splits.contains(s);
    }

    public int maxViews() {
        return maxViews;
    }

    public boolean lazyImages() {
        return lazyImages;
    }

    /** Effective loader thread count (at least 1). */
    public int threads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public boolean labels() {
        return labels;
    }

    public int randomPoints() {
        return randomPoints;
    }

    /** The explicit random-init box, or null for automatic. */
    public double[] randomBounds() {
        return randomBounds == null ? null : randomBounds.clone();
    }

    public boolean forceRandomInit() {
        return forceRandomInit;
    }

    public long seed() {
        return seed;
    }

    public int holdout() {
        return holdout;
    }

    public String colmapModel() {
        return colmapModel;
    }

    public String imagesDir() {
        return imagesDir;
    }

    /** Test camera names, or null for the format's default. */
    public List<String> testCameras() {
        return testCameras;
    }
}
