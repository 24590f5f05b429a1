package org.splatforge.render.raster;

import org.splatforge.core.scene.GaussianCloud;

/**
 * A Gaussian cloud's raw parameters in double precision, same SoA layouts as
 * {@link GaussianCloud} ({@code means: double[N*3]}, {@code logScales: double[N*3]},
 * {@code quats: double[N*4]} w,x,y,z, {@code opacityLogits: double[N]},
 * {@code sh: double[N*K*3]} coefficient-major then RGB). The reference rasterizer works on
 * these so finite-difference gradient checks can take steps far below float32 resolution.
 */
public final class DoubleGaussians {

    public final int size;
    public final int shDegree;
    public final double[] means;
    public final double[] logScales;
    public final double[] quats;
    public final double[] opacityLogits;
    public final double[] sh;

    public DoubleGaussians(int size, int shDegree) {
        this.size = size;
        this.shDegree = shDegree;
        int k = GaussianCloud.coeffs(shDegree);
        means = new double[size * 3];
        logScales = new double[size * 3];
        quats = new double[size * 4];
        opacityLogits = new double[size];
        sh = new double[size * k * 3];
    }

    /** Coefficients per channel, (degree+1)^2. */
    public int shCoeffs() {
        return GaussianCloud.coeffs(shDegree);
    }

    /** The float cloud's parameters, widened exactly. */
    public static DoubleGaussians of(GaussianCloud c) {
        DoubleGaussians d = new DoubleGaussians(c.size(), c.shDegree());
        widen(c.means(), d.means);
        widen(c.logScales(), d.logScales);
        widen(c.quats(), d.quats);
        widen(c.opacityLogits(), d.opacityLogits);
        widen(c.sh(), d.sh);
        return d;
    }

    private static void widen(float[] src, double[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = src[i];
        }
    }

    /** A deep copy (finite-difference checks perturb copies). */
    public DoubleGaussians copy() {
        DoubleGaussians d = new DoubleGaussians(size, shDegree);
        System.arraycopy(means, 0, d.means, 0, means.length);
        System.arraycopy(logScales, 0, d.logScales, 0, logScales.length);
        System.arraycopy(quats, 0, d.quats, 0, quats.length);
        System.arraycopy(opacityLogits, 0, d.opacityLogits, 0, opacityLogits.length);
        System.arraycopy(sh, 0, d.sh, 0, sh.length);
        return d;
    }
}
