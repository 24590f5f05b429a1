package org.splatforge.compress.finetune;

import org.splatforge.compress.quant.CanonicalFrame;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The straight-through estimator of quantization-aware fine-tuning (Bengio, Leonard and
 * Courville 2013, as used for 3DGS by CompGS/Niedermayr et al. 2024 and HAC): the forward
 * pass renders what the decoder will return, {@code Q(theta)}, and the backward pass treats
 * {@code dQ/dtheta} as the identity, so gradients taken at {@code Q(theta)} update the raw
 * parameters {@code theta}.
 *
 * <p>For the identity to make sense, {@code Q(theta)} must be written in the same
 * parameterisation as {@code theta}, element by element. Positions, opacity and colour
 * already are. Scales and rotations are not: the codec stores the canonical frame (axes
 * sorted by scale, {@link CanonicalFrame}), which permutes the three scales and changes the
 * quaternion. {@link #offsets} therefore re-expresses each projected Gaussian in its raw
 * axis order and sign: canonical axis k goes back to raw axis {@code order[k]}, each
 * column's sign is chosen to match the raw column, and the quaternion's sign and norm
 * follow the raw one. The covariance, hence the image, is unchanged (tested).
 *
 * <p>Fine-tuning renders {@code theta + delta} with {@code delta = align(Q(theta_0)) - theta_0}
 * recomputed every few steps ({@code theta_0} the parameters at the last projection): exact
 * STE when recomputed every step, and a lagged one (the quantization offset held for a few
 * steps) that saves the cost of re-projecting the whole cloud at every step.
 */
public final class StraightThrough {

    private StraightThrough() {
    }

    /**
     * {@code delta = align(projected) - raw}, every parameter, in raw layout.
     *
     * @param raw       the raw cloud, source SH degree
     * @param projected {@code plan.project(raw)}: same count and order, SH degree at most raw's
     * @param delta     receives the offsets: same count and SH degree as {@code raw}; SH
     *                  coefficients the projection does not have get {@code -raw}
     */
    public static void offsets(GaussianCloud raw, GaussianCloud projected, GaussianCloud delta, Device dev) {
        int n = raw.size();
        if (projected.size() != n || delta.size() != n || delta.shDegree() != raw.shDegree()
                || projected.shDegree() > raw.shDegree()) {
            throw new IllegalArgumentException("offsets need clouds of equal size: raw " + raw + ", projected "
                    + projected + ", delta " + delta);
        }
        int k3 = raw.shCoeffs() * 3, p3 = projected.shCoeffs() * 3;
        float[] rm = raw.means(), pm = projected.means(), dm = delta.means();
        float[] ro = raw.opacityLogits(), po = projected.opacityLogits(), dop = delta.opacityLogits();
        float[] rs = raw.sh(), ps = projected.sh(), ds = delta.sh();
        dev.parallelFor(n, 4096, (s, e, w) -> {
            float[] ls = new float[3];
            float[] q = new float[4];
            double[] scratch = new double[30];
            for (int i = s; i < e; i++) {
                for (int a = 0; a < 3; a++) {
                    dm[i * 3 + a] = pm[i * 3 + a] - rm[i * 3 + a];
                }
                dop[i] = po[i] - ro[i];
                for (int j = 0; j < k3; j++) {
                    ds[i * k3 + j] = (j < p3 ? ps[i * p3 + j] : 0f) - rs[i * k3 + j];
                }
                alignFrame(raw.logScales(), i * 3, raw.quats(), i * 4, projected.logScales(), i * 3,
                        projected.quats(), i * 4, ls, 0, q, 0, scratch);
                for (int a = 0; a < 3; a++) {
                    delta.logScales()[i * 3 + a] = ls[a] - raw.logScales()[i * 3 + a];
                }
                for (int a = 0; a < 4; a++) {
                    delta.quats()[i * 4 + a] = q[a] - raw.quats()[i * 4 + a];
                }
            }
        });
    }

    /** {@code out = raw + delta}, every parameter (all three clouds of one size and SH degree). */
    public static void apply(GaussianCloud raw, GaussianCloud delta, GaussianCloud out, Device dev) {
        int n = raw.size();
        if (delta.size() != n || out.size() != n || delta.shDegree() != raw.shDegree()
                || out.shDegree() != raw.shDegree()) {
            throw new IllegalArgumentException("apply needs clouds of equal size and SH degree");
        }
        int k3 = raw.shCoeffs() * 3;
        dev.parallelFor(n, 8192, (s, e, w) -> {
            add(raw.means(), delta.means(), out.means(), s * 3, (e - s) * 3);
            add(raw.logScales(), delta.logScales(), out.logScales(), s * 3, (e - s) * 3);
            add(raw.quats(), delta.quats(), out.quats(), s * 4, (e - s) * 4);
            add(raw.opacityLogits(), delta.opacityLogits(), out.opacityLogits(), s, e - s);
            add(raw.sh(), delta.sh(), out.sh(), s * k3, (e - s) * k3);
        });
    }

    private static void add(float[] a, float[] b, float[] out, int off, int count) {
        for (int i = off; i < off + count; i++) {
            out[i] = a[i] + b[i];
        }
    }

    /**
     * One Gaussian's projected (canonical) log-scales and quaternion, re-expressed in the raw
     * Gaussian's axis order, axis signs and quaternion sign and norm.
     *
     * @param scratch {@code double[30]}
     */
    static void alignFrame(float[] rawLs, int so, float[] rawQ, int qo, float[] projLs, int pso, float[] projQ,
                           int pqo, float[] outLs, int oso, float[] outQ, int oqo, double[] scratch) {
        int order = CanonicalFrame.axisOrder(rawLs, so);
        double[] r = scratch; // raw rotation [0, 9), projection [9, 18), aligned [18, 27), |dot| [27, 30)
        final int p = 9, aOff = 18, dOff = 27;
        CanonicalFrame.quatToMatrix(rawQ[qo], rawQ[qo + 1], rawQ[qo + 2], rawQ[qo + 3], r, 0);
        CanonicalFrame.quatToMatrix(projQ[pqo], projQ[pqo + 1], projQ[pqo + 2], projQ[pqo + 3], r, p);
        // Column k of the projection becomes column order[k], flipped to face the raw column.
        for (int k = 0; k < 3; k++) {
            int axis = (order >> (2 * k)) & 3;
            double dot = 0;
            for (int row = 0; row < 3; row++) {
                dot += r[p + row * 3 + k] * r[row * 3 + axis];
            }
            double sgn = dot < 0 ? -1 : 1;
            r[dOff + axis] = Math.abs(dot);
            for (int row = 0; row < 3; row++) {
                r[aOff + row * 3 + axis] = sgn * r[p + row * 3 + k];
            }
            outLs[oso + axis] = projLs[pso + k];
        }
        double det = r[aOff] * (r[aOff + 4] * r[aOff + 8] - r[aOff + 5] * r[aOff + 7])
                - r[aOff + 1] * (r[aOff + 3] * r[aOff + 8] - r[aOff + 5] * r[aOff + 6])
                + r[aOff + 2] * (r[aOff + 3] * r[aOff + 7] - r[aOff + 4] * r[aOff + 6]);
        if (det < 0) {
            // A reflection: flip the column that agrees least with the raw frame (a sign flip
            // of one axis leaves the covariance unchanged).
            int worst = r[dOff] <= r[dOff + 1] && r[dOff] <= r[dOff + 2] ? 0 : r[dOff + 1] <= r[dOff + 2] ? 1 : 2;
            for (int row = 0; row < 3; row++) {
                r[aOff + row * 3 + worst] = -r[aOff + row * 3 + worst];
            }
        }
        CanonicalFrame.matrixToQuat(r, aOff, outQ, oqo);
        double rn = Math.sqrt((double) rawQ[qo] * rawQ[qo] + (double) rawQ[qo + 1] * rawQ[qo + 1]
                + (double) rawQ[qo + 2] * rawQ[qo + 2] + (double) rawQ[qo + 3] * rawQ[qo + 3]);
        double dot = 0;
        for (int a = 0; a < 4; a++) {
            dot += outQ[oqo + a] * rawQ[qo + a];
        }
        double scale = (rn > 0 && Double.isFinite(rn) ? rn : 1) * (dot < 0 ? -1 : 1);
        for (int a = 0; a < 4; a++) {
            outQ[oqo + a] = (float) (outQ[oqo + a] * scale);
        }
    }
}
