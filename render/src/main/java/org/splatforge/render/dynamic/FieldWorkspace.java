package org.splatforge.render.dynamic;

/**
 * One worker's scratch for {@link FieldKernel}: the sampled plane corners and fractions, the
 * per-plane features, the MLP activations, and the worker's private gradient buffers (summed
 * in worker order after a backward pass, so results do not depend on scheduling).
 */
final class FieldWorkspace {

    /** Per (scale, plane): offset of the (a0, b0) corner's feature 0 in the planes array. */
    final int[] cell;
    /** Per (scale, plane): floats from row b0 to row b0+1 ({@code resA * F}). */
    final int[] rowStride;
    /** Per (scale, plane): bilinear fractions along the column and row axes, in [0, 1]. */
    final float[] fa;
    final float[] fb;
    /** Per (scale, plane): d(grid coordinate)/d(input) along each axis; 0 when clamped or time. */
    final float[] ga;
    final float[] gb;
    /** Per (scale, plane, channel): the interpolated feature. */
    final float[] v;
    /** MLP activations: layer l's input at {@code actOff[l]}; the output after the last. */
    final float[] act;
    final int[] actOff;
    /** Two gradient rows as wide as the widest layer. */
    final float[] d0;
    final float[] d1;
    /** d(loss)/d(input position) of the current point. */
    final float[] dPos = new float[3];
    float[] planeGrad;
    float[] mlpGrad;

    FieldWorkspace(HexPlaneLayout planes, MlpLayout mlp) {
        int sp = planes.config().scales() * HexPlaneLayout.PLANES;
        cell = new int[sp];
        rowStride = new int[sp];
        fa = new float[sp];
        fb = new float[sp];
        ga = new float[sp];
        gb = new float[sp];
        v = new float[sp * planes.config().features()];
        actOff = new int[mlp.layers() + 1];
        int off = 0;
        for (int l = 0; l < mlp.layers(); l++) {
            actOff[l] = off;
            off += mlp.in(l);
        }
        actOff[mlp.layers()] = off;
        off += FieldConfig.OUTPUTS;
        act = new float[off];
        d0 = new float[mlp.maxWidth()];
        d1 = new float[mlp.maxWidth()];
    }

    /** Allocates this worker's gradient buffers on first use and zeroes them. */
    void clearGradients(int planeSize, int mlpSize) {
        if (planeGrad == null || planeGrad.length != planeSize) {
            planeGrad = new float[planeSize];
            mlpGrad = new float[mlpSize];
        } else {
            java.util.Arrays.fill(planeGrad, 0f);
            java.util.Arrays.fill(mlpGrad, 0f);
        }
    }
}
