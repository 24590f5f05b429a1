package org.splatforge.core.data.colmap;

/**
 * One registered COLMAP image: world-to-camera rotation {@code qvec} (w, x, y, z) and
 * translation {@code tvec} in OpenCV axes, its camera, its file name relative to the
 * images folder, and how many 2D keypoints it has (the keypoints themselves are skipped).
 */
public record ColmapImage(int id, double[] qvec, double[] tvec, int cameraId, String name, long numPoints2D) {
}
