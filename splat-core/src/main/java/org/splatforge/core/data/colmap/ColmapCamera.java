package org.splatforge.core.data.colmap;

/**
 * One COLMAP camera (intrinsics shared by images): size in pixels and the model's
 * parameters in COLMAP's order ({@link ColmapCameraModel#paramNames()}).
 */
public record ColmapCamera(int id, ColmapCameraModel model, int width, int height, double[] params) {
}
