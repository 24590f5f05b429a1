package org.splatforge.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.util.Log;

/**
 * The one entry point for training data: {@link #load} recognises the layout of a folder
 * ({@link #detect}), reads cameras and images (in parallel), and prepares the initial points
 * and the scene's normalisation.
 *
 * <p>Detection order: {@code transforms_train.json} (NeRF-synthetic / D-NeRF),
 * {@code poses_bounds.npy} with {@code camXX/} folders (N3V), {@code multiview.json}
 * (plain multi-view video), a COLMAP model in {@code sparse/0}, {@code sparse} or the folder.
 */
public final class Datasets {

    private Datasets() {
    }

    /** The layout of {@code dir}, or null when it is none of the supported ones. */
    public static DatasetFormat detect(Path dir) throws IOException {
        if (NerfSyntheticReader.detect(dir)) {
            return DatasetFormat.NERF_SYNTHETIC;
        }
        if (N3vReader.detect(dir)) {
            return DatasetFormat.N3V;
        }
        if (MultiViewReader.detect(dir)) {
            return DatasetFormat.MULTIVIEW;
        }
        if (ColmapReader.detect(dir)) {
            return DatasetFormat.COLMAP;
        }
        return null;
    }

    /** Loads {@code dir} with default options. */
    public static Dataset load(Path dir) throws IOException {
        return load(dir, DatasetOptions.defaults());
    }

    /**
     * Loads the dataset in {@code dir}.
     *
     * @throws NoSuchFileException when {@code dir} or a required file is missing, or the
     *         folder is not a dataset layout
     * @throws org.splatforge.core.io.CorruptDataException when a file is malformed (the
     *         message names the file and the field or byte offset)
     */
    public static Dataset load(Path dir, DatasetOptions opts) throws IOException {
        long t0 = System.nanoTime();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "dataset folder not found");
        }
        DatasetFormat format = detect(dir);
        if (format == null) {
            throw new NoSuchFileException(dir.toString(), null, "not a dataset: expected transforms_train.json "
                    + "(NeRF/D-NeRF), poses_bounds.npy + camXX/ (N3V), multiview.json, or a COLMAP model in sparse/0");
        }
        ReaderResult r = switch (format) {
            case NERF_SYNTHETIC -> NerfSyntheticReader.read(dir, opts);
            case N3V -> N3vReader.read(dir, opts);
            case MULTIVIEW -> MultiViewReader.read(dir, opts);
            case COLMAP -> ColmapReader.read(dir, opts);
        };
        Map<Split, List<View>> views = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            List<ViewSpec> specs = r.specs().get(s);
            if (specs == null || !opts.wants(s)) {
                continue;
            }
            views.put(s, ViewLoader.load(subsample(specs, opts.maxViews()), opts));
        }
        List<View> train = views.getOrDefault(Split.TRAIN, List.of());
        if (train.isEmpty()) {
            throw new org.splatforge.core.io.CorruptDataException(dir + ": the dataset has no training views");
        }
        float[] background = opts.background();
        if (!opts.backgroundGiven()) {
            float[] backdrop = BorderBackground.estimate(train);
            if (backdrop != null) {
                background = backdrop;
                for (Map.Entry<Split, List<View>> e : views.entrySet()) {
                    e.setValue(e.getValue().stream().map(v -> v.withBackground(backdrop)).toList());
                }
                train = views.get(Split.TRAIN);
                Log.info("background: %.4f,%.4f,%.4f, the opaque backdrop colour shared by the image borders "
                        + "(--background overrides)", backdrop[0], backdrop[1], backdrop[2]);
            }
        }
        List<Camera> cams = train.stream().map(View::camera).toList();
        double[] center = SceneBounds.cameraCenter(cams);
        double extent = SceneBounds.cameraExtent(cams);
        if (!(extent > 1e-9)) {
            Log.warn("%s: all training cameras share one position; using scene extent 1", dir);
            extent = 1.0;
        }
        boolean random = r.points() == null || r.points().count() == 0 || opts.forceRandomInit();
        PointCloud points;
        double[] bounds;
        if (random) {
            bounds = opts.randomBounds() != null ? opts.randomBounds() : SceneBounds.estimate(train);
            points = PointCloud.random(opts.randomPoints(), new double[] {bounds[0], bounds[1], bounds[2]},
                    new double[] {bounds[3], bounds[4], bounds[5]}, opts.seed());
        } else {
            points = r.points();
            bounds = points.bounds();
        }
        Dataset d = new Dataset(dir, format, views, r.dynamic(), points, random, bounds, center, extent,
                background, r.classNames());
        Log.info("dataset: %s (loaded in %.2f s)", d.describe(), (System.nanoTime() - t0) / 1e9);
        return d;
    }

    /** At most {@code max} items evenly spaced over the list (0 = all). */
    static <T> List<T> subsample(List<T> list, int max) {
        if (max <= 0 || list.size() <= max) {
            return list;
        }
        List<T> out = new ArrayList<>(max);
        for (int k = 0; k < max; k++) {
            out.add(list.get((int) ((long) k * list.size() / max)));
        }
        return out;
    }
}
