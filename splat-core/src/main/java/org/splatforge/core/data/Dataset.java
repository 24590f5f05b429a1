package org.splatforge.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.camera.Camera;

/**
 * A loaded training dataset: views per split, the initial point cloud, and where the scene
 * is. Made by {@link Datasets#load}; immutable.
 *
 * <ul>
 * <li>{@link #center()} and {@link #extent()}: 3DGS's normalisation of the training
 *     cameras ({@code translate = -center}, {@code radius = extent}; see
 *     {@link SceneBounds#cameraExtent}). World units.</li>
 * <li>{@link #bounds()}: the box random initial points were drawn from, or the bounds of
 *     the dataset's own points (COLMAP); {minx, miny, minz, maxx, maxy, maxz}, world.</li>
 * <li>{@link #dynamic()}: views carry different times (D-NeRF {@code time}, video frames).</li>
 * </ul>
 */
public final class Dataset {

    private final Path root;
    private final DatasetFormat format;
    private final Map<Split, List<View>> views;
    private final boolean dynamic;
    private final PointCloud initialPoints;
    private final boolean randomInit;
    private final double[] bounds;
    private final double[] center;
    private final double extent;
    private final float[] background;
    private final List<String> classNames;

    Dataset(Path root, DatasetFormat format, Map<Split, List<View>> views, boolean dynamic, PointCloud initialPoints,
            boolean randomInit, double[] bounds, double[] center, double extent, float[] background, List<String> classNames) {
        this.root = root;
        this.format = format;
        this.views = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            this.views.put(s, List.copyOf(views.getOrDefault(s, List.of())));
        }
        this.dynamic = dynamic;
        this.initialPoints = initialPoints;
        this.randomInit = randomInit;
        this.bounds = bounds.clone();
        this.center = center.clone();
        this.extent = extent;
        this.background = background.clone();
        this.classNames = List.copyOf(classNames);
    }

    public Path root() {
        return root;
    }

    public DatasetFormat format() {
        return format;
    }

    public List<View> train() {
        return views.get(Split.TRAIN);
    }

    /** Empty when the dataset has no test split or it was not requested. */
    public List<View> test() {
        return views.get(Split.TEST);
    }

    /** Empty unless requested and present (NeRF-synthetic's transforms_val.json). */
    public List<View> val() {
        return views.get(Split.VAL);
    }

    public List<View> views(Split split) {
        return views.get(split);
    }

    /** Train, then val, then test views. */
    public List<View> all() {
        List<View> out = new ArrayList<>(train());
        out.addAll(val());
        out.addAll(test());
        return out;
    }

    /** The training cameras (in view order). */
    public List<Camera> trainCameras() {
        return train().stream().map(View::camera).toList();
    }

    public boolean dynamic() {
        return dynamic;
    }

    /** Initial Gaussian centres and colours (shared arrays: copy before changing). */
    public PointCloud initialPoints() {
        return initialPoints;
    }

    /** Whether {@link #initialPoints()} are random (true) or the dataset's own (COLMAP). */
    public boolean randomInit() {
        return randomInit;
    }

    /** {minx, miny, minz, maxx, maxy, maxz}, world (a copy). */
    public double[] bounds() {
        return bounds.clone();
    }

    /** Mean training-camera centre, world (a copy). */
    public double[] center() {
        return center.clone();
    }

    /** 3DGS's cameras_extent: 1.1 x the largest camera distance from {@link #center()}. */
    public double extent() {
        return extent;
    }

    /** RGB the views are composited on (a copy). */
    public float[] background() {
        return background.clone();
    }

    /** Names of the label classes (index 0 first), empty when unknown. */
    public List<String> classNames() {
        return classNames;
    }

    /** Whether every training view has class labels. */
    public boolean hasLabels() {
        return !train().isEmpty() && train().stream().allMatch(View::hasLabels);
    }

    /** Heap bytes the views' pixels and labels hold (0 with lazy loading). */
    public long retainedImageBytes() {
        long n = 0;
        for (List<View> l : views.values()) {
            for (View v : l) {
                n += v.retainedBytes();
            }
        }
        return n;
    }

    /** One line for logs: format, view counts, size, dynamic, points. */
    public String describe() {
        View first = train().isEmpty() ? null : train().get(0);
        return String.format(java.util.Locale.ROOT, "%s %s: %d train / %d val / %d test views%s%s, %d %s initial points, "
                        + "extent %.3f, images %.1f MiB in memory",
                format, root, train().size(), val().size(), test().size(),
                first == null ? "" : " at " + first.width() + "x" + first.height(),
                dynamic ? ", dynamic" : "", initialPoints.count(), randomInit ? "random" : "dataset",
                extent, retainedImageBytes() / 1048576.0);
    }

    @Override
    public String toString() {
        return "Dataset[" + describe() + "]";
    }
}
