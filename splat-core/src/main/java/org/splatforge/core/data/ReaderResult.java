package org.splatforge.core.data;

import java.util.List;
import java.util.Map;

/**
 * What a format reader hands to {@link Datasets}: the views per split (not yet decoded),
 * whether the scene is dynamic, the dataset's own point cloud (null when it has none), and
 * the class names of its label maps (empty when unknown).
 */
record ReaderResult(DatasetFormat format, Map<Split, List<ViewSpec>> specs, boolean dynamic,
                    PointCloud points, List<String> classNames) {

    /** Train and test lists as the requested splits (formats without a val split give it empty). */
    static Map<Split, List<ViewSpec>> trainTest(List<ViewSpec> train, List<ViewSpec> test, DatasetOptions opts) {
        Map<Split, List<ViewSpec>> specs = new java.util.EnumMap<>(Split.class);
        specs.put(Split.TRAIN, train);
        if (opts.wants(Split.TEST)) {
            specs.put(Split.TEST, test);
        }
        if (opts.wants(Split.VAL)) {
            specs.put(Split.VAL, List.of());
        }
        return specs;
    }
}
