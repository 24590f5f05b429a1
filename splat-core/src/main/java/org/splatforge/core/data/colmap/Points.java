package org.splatforge.core.data.colmap;

/** points3D columns: xyz {@code float[P*3]}, RGB in [0, 1] {@code float[P*3]}, ids, errors (pixels). */
record Points(float[] positions, float[] colors, long[] ids, float[] errors) {
}
