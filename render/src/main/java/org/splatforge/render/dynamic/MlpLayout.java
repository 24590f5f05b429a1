package org.splatforge.render.dynamic;

/**
 * Layers of the deformation MLP in one flat {@code float[]}: widths
 * {@code [inputs, hidden x hiddenLayers, OUTPUTS]}, ReLU after every layer but the last.
 * Layer l stores its weights transposed, {@code W^T: float[in][out]} (so the forward pass
 * is a sequence of axpy updates over the outputs, which the JIT vectorises), at
 * {@link #weights(int)}, then {@code b: float[out]} at {@link #bias(int)}:
 * {@code y[o] = b[o] + sum_i x[i] * W^T[i][o]}.
 *
 * <p>4DGaussians uses a shared trunk then one small head per delta; here the heads are the
 * rows of the last layer (d-position 0..2, d-log-scale 3..5, d-quaternion 6..9,
 * d-opacity 10), which is the same function as separate one-layer heads on the trunk.
 */
public final class MlpLayout {

    private final int[] dims;
    private final int[] wOff;
    private final int[] bOff;
    private final int size;

    public MlpLayout(FieldConfig cfg) {
        int layers = cfg.hiddenLayers() + 1;
        dims = new int[layers + 1];
        dims[0] = cfg.inputs();
        for (int l = 1; l < layers; l++) {
            dims[l] = cfg.hidden();
        }
        dims[layers] = FieldConfig.OUTPUTS;
        wOff = new int[layers];
        bOff = new int[layers];
        int off = 0;
        for (int l = 0; l < layers; l++) {
            wOff[l] = off;
            off += dims[l] * dims[l + 1];
            bOff[l] = off;
            off += dims[l + 1];
        }
        size = off;
    }

    public int layers() {
        return wOff.length;
    }

    /** Input width of layer l. */
    public int in(int l) {
        return dims[l];
    }

    /** Output width of layer l. */
    public int out(int l) {
        return dims[l + 1];
    }

    public int weights(int l) {
        return wOff[l];
    }

    public int bias(int l) {
        return bOff[l];
    }

    /** Total floats. */
    public int size() {
        return size;
    }

    /** Widest layer (scratch sizing). */
    public int maxWidth() {
        int m = 0;
        for (int d : dims) {
            m = Math.max(m, d);
        }
        return m;
    }
}
