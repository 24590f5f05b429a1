package org.splatforge.render.optim;

/**
 * The plain twin of {@link Adam}: one group, scalar loops, moments and arithmetic in
 * double. Kept in the tree so tests can check the vectorised, parallel optimizer against
 * the textbook update (Kingma and Ba 2015, Algorithm 1, as PyTorch writes it).
 */
public final class AdamReference {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final int stride;
    private final double[] columnScale;
    private double[] m;
    private double[] v;
    private long step;

    public AdamReference(double beta1, double beta2, double eps, int stride, float[] columnScale, int rows) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.stride = stride;
        this.columnScale = new double[stride];
        for (int c = 0; c < stride; c++) {
            this.columnScale[c] = columnScale == null ? 1 : columnScale[c];
        }
        m = new double[rows * stride];
        v = new double[rows * stride];
    }

    /** One step on the first {@code activeCols} columns of each row; params updated in place. */
    public void step(double[] params, float[] grads, double lr, int activeCols) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        int rows = m.length / stride;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < activeCols; c++) {
                int j = r * stride + c;
                double g = grads[j];
                m[j] = beta1 * m[j] + (1 - beta1) * g;
                v[j] = beta2 * v[j] + (1 - beta2) * g * g;
                double mHat = m[j] / bc1;
                double vHat = v[j] / bc2;
                // PyTorch places eps after dividing sqrt(v) by sqrt(bc2): sqrt(vHat) + eps.
                params[j] -= lr * columnScale[c] * mHat / (Math.sqrt(vHat) + eps);
            }
        }
    }

    /** Same contract as {@link Adam#gather}. */
    public void gather(int[] src, int newRows, boolean[] fresh) {
        double[] m2 = new double[newRows * stride];
        double[] v2 = new double[newRows * stride];
        for (int j = 0; j < newRows; j++) {
            int s = src[j];
            if (s < 0 || (fresh != null && fresh[j])) {
                continue;
            }
            System.arraycopy(m, s * stride, m2, j * stride, stride);
            System.arraycopy(v, s * stride, v2, j * stride, stride);
        }
        m = m2;
        v = v2;
    }

    public double[] m() {
        return m;
    }

    public double[] v() {
        return v;
    }
}
