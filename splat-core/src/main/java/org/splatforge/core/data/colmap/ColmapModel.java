package org.splatforge.core.data.colmap;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A COLMAP sparse model as read from {@code cameras}, {@code images} and {@code points3D}
 * ({@code .bin} or {@code .txt}). Points: {@code pointPositions: float[P*3]} world xyz,
 * {@code pointColors: float[P*3]} RGB in [0, 1], {@code pointIds: long[P]}, {@code
 * pointErrors: float[P]} mean reprojection error in pixels.
 *
 * @param cameras by camera id
 * @param images  in file order
 */
public record ColmapModel(Path dir, boolean binary, Map<Integer, ColmapCamera> cameras, List<ColmapImage> images,
                          float[] pointPositions, float[] pointColors, long[] pointIds, float[] pointErrors) {

    public int pointCount() {
        return pointIds.length;
    }
}
