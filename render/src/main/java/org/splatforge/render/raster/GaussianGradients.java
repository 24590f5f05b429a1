package org.splatforge.render.raster;

import java.util.Arrays;

/**
 * Gradients of a scalar loss with respect to a {@link org.splatforge.core.scene.GaussianCloud}'s
 * raw parameters, as written by {@link Rasterizer#backward}. Same SoA layouts as the cloud:
 *
 * <ul>
 *   <li>{@code means: float[N*3]}, world</li>
 *   <li>{@code logScales: float[N*3]}</li>
 *   <li>{@code quats: float[N*4]}, with respect to the raw (unnormalised) w,x,y,z</li>
 *   <li>{@code opacityLogits: float[N]}</li>
 *   <li>{@code sh: float[N*K*3]}, K the cloud's coefficient count; bands above the degree
 *       rendered are zero</li>
 *   <li>{@code means2d: float[N*2]}, dL/d(projected mean) in pixels. The 3DGS densification
 *       threshold (2e-4) is stated for NDC: multiply x by W/2 and y by H/2 before comparing
 *       (as gsplat does), then take the norm.</li>
 *   <li>{@code means2dAbs: float[N*2]}, per component, the sum over pixels of the absolute
 *       per-pixel contributions to {@code means2d} (gsplat's {@code absgrad}, AbsGS);
 *       convert to NDC the same way.</li>
 *   <li>{@code conics: float[N*3]}, dL/d(a, b, c) of the projected conic (inverse dilated 2D
 *       covariance, pixels^-2) with {@code power = -(a dx^2 + c dy^2)/2 - b dx dy}: the
 *       screen-space quantity SteepGS's splitting matrix needs
 *       ({@link org.splatforge.render.densify.SplittingMatrix}). Valid only where
 *       {@link #hasConics()}: backends that do not report it (CUDA today) leave it false.</li>
 * </ul>
 *
 * Culled Gaussians get zeros. Arrays grow and may be longer than {@code 3*size()} etc.;
 * {@link Rasterizer#backward} overwrites (does not accumulate) the first {@link #size()}.
 */
public final class GaussianGradients {

    private int size;
    private int shCoeffs;
    private float[] means = new float[0];
    private float[] logScales = new float[0];
    private float[] quats = new float[0];
    private float[] opacityLogits = new float[0];
    private float[] sh = new float[0];
    private float[] means2d = new float[0];
    private float[] means2dAbs = new float[0];
    private float[] conics = new float[0];
    private boolean hasConics;

    public GaussianGradients() {
    }

    /** Sizes for {@code n} Gaussians with {@code shCoeffs} coefficients per channel and zeroes the used part. */
    public void reset(int n, int shCoeffs) {
        resize(n, shCoeffs, true);
    }

    /**
     * Sizes for {@code n} Gaussians without clearing: for backends that write every element
     * themselves (in parallel, rather than paying a serial clear of ~250 bytes per Gaussian).
     */
    public void resizeUncleared(int n, int shCoeffs) {
        resize(n, shCoeffs, false);
    }

    private void resize(int n, int shCoeffs, boolean clear) {
        this.size = n;
        this.shCoeffs = shCoeffs;
        means = fit(means, n * 3, clear);
        logScales = fit(logScales, n * 3, clear);
        quats = fit(quats, n * 4, clear);
        opacityLogits = fit(opacityLogits, n, clear);
        sh = fit(sh, Math.multiplyExact(n, shCoeffs * 3), clear);
        means2d = fit(means2d, n * 2, clear);
        means2dAbs = fit(means2dAbs, n * 2, clear);
        conics = fit(conics, n * 3, clear);
        hasConics = false;
    }

    private static float[] fit(float[] a, int n, boolean clear) {
        if (a.length < n) {
            return new float[Math.max(n, a.length * 3 / 2)];
        }
        if (clear) {
            Arrays.fill(a, 0, n, 0f);
        }
        return a;
    }

    /** Sets every gradient of Gaussian i to zero. */
    public void clear(int i) {
        int k3 = shCoeffs * 3;
        Arrays.fill(means, i * 3, i * 3 + 3, 0f);
        Arrays.fill(logScales, i * 3, i * 3 + 3, 0f);
        Arrays.fill(quats, i * 4, i * 4 + 4, 0f);
        opacityLogits[i] = 0f;
        Arrays.fill(sh, i * k3, i * k3 + k3, 0f);
        Arrays.fill(means2d, i * 2, i * 2 + 2, 0f);
        Arrays.fill(means2dAbs, i * 2, i * 2 + 2, 0f);
        Arrays.fill(conics, i * 3, i * 3 + 3, 0f);
    }

    public int size() {
        return size;
    }

    /** SH coefficients per channel of the cloud these gradients belong to. */
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

    public float[] means2d() {
        return means2d;
    }

    public float[] means2dAbs() {
        return means2dAbs;
    }

    /** dL/d conic (a, b, c), {@code float[N*3]}; meaningful only when {@link #hasConics()}. */
    public float[] conics() {
        return conics;
    }

    /** True when the backend wrote {@link #conics()} in its last backward (sizing clears it). */
    public boolean hasConics() {
        return hasConics;
    }

    /** Called by a backend after writing every {@link #conics()} value of this backward. */
    public void markConicsWritten() {
        hasConics = true;
    }
}
