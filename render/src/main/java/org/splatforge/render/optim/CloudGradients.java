package org.splatforge.render.optim;

import java.util.Arrays;

/**
 * Gradients of the training loss with respect to a {@link org.splatforge.core.scene.GaussianCloud}'s
 * raw parameters, same SoA layouts as the cloud:
 * {@code means: float[N*3]} (world), {@code logScales: float[N*3]}, {@code quats: float[N*4]}
 * (raw w,x,y,z), {@code opacityLogits: float[N]}, {@code sh: float[N*K*3]}
 * (coefficient-major then RGB). Arrays grow and are reused; only the first {@link #size()}
 * Gaussians' entries are meaningful.
 */
public final class CloudGradients {

    private int size;
    private int shCoeffs;
    private float[] means = new float[0];
    private float[] logScales = new float[0];
    private float[] quats = new float[0];
    private float[] opacityLogits = new float[0];
    private float[] sh = new float[0];

    /** Sizes for {@code n} Gaussians with {@code shCoeffs} coefficients per channel and zeroes them. */
    public void reset(int n, int shCoeffs) {
        size = n;
        this.shCoeffs = shCoeffs;
        means = fit(means, n * 3);
        logScales = fit(logScales, n * 3);
        quats = fit(quats, n * 4);
        opacityLogits = fit(opacityLogits, n);
        sh = fit(sh, Math.multiplyExact(n, shCoeffs * 3));
    }

    private static float[] fit(float[] a, int n) {
        if (a.length < n) {
            return new float[Math.max(n, a.length * 3 / 2)];
        }
        Arrays.fill(a, 0, n, 0f);
        return a;
    }

    /**
     * Points these gradients at arrays owned by someone else (a rasterizer's output buffers),
     * without copying. The arrays must hold {@code n} Gaussians of {@code shCoeffs} coefficients.
     */
    public void wrap(int n, int shCoeffs, float[] means, float[] logScales, float[] quats, float[] opacityLogits,
                     float[] sh) {
        if (means.length < n * 3 || logScales.length < n * 3 || quats.length < n * 4 || opacityLogits.length < n
                || sh.length < (long) n * shCoeffs * 3) {
            throw new IllegalArgumentException("gradient arrays too short for " + n + " Gaussians");
        }
        size = n;
        this.shCoeffs = shCoeffs;
        this.means = means;
        this.logScales = logScales;
        this.quats = quats;
        this.opacityLogits = opacityLogits;
        this.sh = sh;
    }

    public int size() {
        return size;
    }

    public int shCoeffs() {
        return shCoeffs;
    }

    public float[] means() {
        return means;
    }

    public float[] logScales() {
        return logScales;
    }

    public float[] quats() {
        return quats;
    }

    public float[] opacityLogits() {
        return opacityLogits;
    }

    public float[] sh() {
        return sh;
    }
}
