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
}
