package org.splatforge.render.cuda;

import org.splatforge.core.camera.Camera;
import org.splatforge.render.raster.RasterSettings;

/**
 * The camera block the projection kernels read (24 doubles, offsets {@code CAM_*} in
 * splat_common.cuh): the same values {@link org.splatforge.render.raster.GaussianProjector#setCamera}
 * derives, computed once on the host in double.
 */
public final class CudaCamera {

    public static final int DOUBLES = 24;
    static final int VT0 = 9;
    static final int FX = 12;
    static final int FY = 13;
    static final int CX = 14;
    static final int CY = 15;
    static final int LIM_X_NEG = 16;
    static final int LIM_X_POS = 17;
    static final int LIM_Y_NEG = 18;
    static final int LIM_Y_POS = 19;
    static final int CENTER = 20;
    static final int NEAR = 23;

    private CudaCamera() {
    }

    /** Writes the block for {@code camera} and {@code settings} into {@code out[0..24)}. */
    public static void pack(Camera camera, RasterSettings settings, double[] out) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[r * 3 + c] = camera.view(r, c);
            }
            out[VT0 + r] = camera.view(r, 3);
        }
        double fx = camera.fx(), fy = camera.fy(), cx = camera.cx(), cy = camera.cy();
        int w = camera.width(), h = camera.height();
        double tanX = 0.5 * w / fx, tanY = 0.5 * h / fy;
        out[FX] = fx;
        out[FY] = fy;
        out[CX] = cx;
        out[CY] = cy;
        out[LIM_X_NEG] = cx / fx + 0.3 * tanX;
        out[LIM_X_POS] = (w - cx) / fx + 0.3 * tanX;
        out[LIM_Y_NEG] = cy / fy + 0.3 * tanY;
        out[LIM_Y_POS] = (h - cy) / fy + 0.3 * tanY;
        // Camera centre -R^T t, from the view matrix itself (as GaussianProjector).
        for (int a = 0; a < 3; a++) {
            out[CENTER + a] = -(out[a] * out[VT0] + out[3 + a] * out[VT0 + 1] + out[6 + a] * out[VT0 + 2]);
        }
        out[NEAR] = settings.nearPlane();
    }
}
