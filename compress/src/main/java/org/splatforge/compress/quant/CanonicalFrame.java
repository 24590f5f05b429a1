package org.splatforge.compress.quant;

/**
 * Rewrites one Gaussian's (log-scales, quaternion) into a canonical but rendering-identical
 * form: the local axes sorted by scale, largest first, as the columns of a right-handed
 * rotation matrix.
 *
 * <p>Why this is exact: the renderer uses only the covariance {@code R S^2 R^T}. Permuting
 * the axes together with the scales, and flipping the sign of an axis, leave it unchanged.
 * Sorting removes the log2(6) = 2.6 bits per Gaussian that the axis order would otherwise
 * cost, and makes axis 2 the "normal" (thinnest direction), which the rotation coder
 * exploits (see {@link RotationQuantizer}).
 */
public final class CanonicalFrame {

    private CanonicalFrame() {
    }

    /**
     * @param logScales {@code [3]} at {@code so}
     * @param quat      w,x,y,z at {@code qo} (any norm; zero means identity)
     * @param outScales sorted log-scales (descending) written at {@code oso}
     * @param outRot    row-major 3x3 rotation at {@code oro}, columns = canonical axes
     */
    public static void canonicalize(float[] logScales, int so, float[] quat, int qo, float[] outScales, int oso,
                                    double[] outRot, int oro) {
        quatToMatrix(quat[qo], quat[qo + 1], quat[qo + 2], quat[qo + 3], outRot, oro);
        int order = axisOrder(logScales, so);
        int a = order & 3, b = (order >> 2) & 3, c = (order >> 4) & 3;
        int swaps = order >> 6;
        outScales[oso] = logScales[so + a];
        outScales[oso + 1] = logScales[so + b];
        outScales[oso + 2] = logScales[so + c];
        // Permute the columns in place, row by row; an odd permutation flips the last axis.
        double sign = (swaps & 1) == 1 ? -1 : 1;
        for (int row = 0; row < 3; row++) {
            int o = oro + row * 3;
            double m0 = outRot[o], m1 = outRot[o + 1], m2 = outRot[o + 2];
            outRot[o] = a == 0 ? m0 : a == 1 ? m1 : m2;
            outRot[o + 1] = b == 0 ? m0 : b == 1 ? m1 : m2;
            outRot[o + 2] = sign * (c == 0 ? m0 : c == 1 ? m1 : m2);
        }
    }

    /**
     * The canonical axis order of one Gaussian: its input axes sorted by log-scale,
     * descending, ties in input order (a stable insertion sort). Packed as
     * {@code a | b << 2 | c << 4 | swaps << 6}: canonical axis k is input axis a, b, c for
     * k = 0, 1, 2, and the parity of {@code swaps} says whether the permutation is odd.
     */
    public static int axisOrder(float[] logScales, int so) {
        int a = 0, b = 1, c = 2;
        float va = logScales[so], vb = logScales[so + 1], vc = logScales[so + 2];
        int swaps = 0;
        if (vb > va) {
            int t = a; a = b; b = t;
            float f = va; va = vb; vb = f;
            swaps++;
        }
        if (vc > vb) {
            int t = b; b = c; c = t;
            vb = vc;
            swaps++;
            if (vb > va) {
                t = a; a = b; b = t;
                swaps++;
            }
        }
        return a | b << 2 | c << 4 | swaps << 6;
    }

    /** Rotation matrix (row-major) of a quaternion w,x,y,z, normalised first; zero gives identity. */
    public static void quatToMatrix(double w, double x, double y, double z, double[] m) {
        quatToMatrix(w, x, y, z, m, 0);
    }

    /** As {@link #quatToMatrix(double, double, double, double, double[])}, written at {@code m[mo..mo+9)}. */
    public static void quatToMatrix(double w, double x, double y, double z, double[] m, int mo) {
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        if (n == 0 || !Double.isFinite(n)) {
            w = 1;
            x = y = z = 0;
        } else {
            w /= n;
            x /= n;
            y /= n;
            z /= n;
        }
        m[mo] = 1 - 2 * (y * y + z * z);
        m[mo + 1] = 2 * (x * y - w * z);
        m[mo + 2] = 2 * (x * z + w * y);
        m[mo + 3] = 2 * (x * y + w * z);
        m[mo + 4] = 1 - 2 * (x * x + z * z);
        m[mo + 5] = 2 * (y * z - w * x);
        m[mo + 6] = 2 * (x * z - w * y);
        m[mo + 7] = 2 * (y * z + w * x);
        m[mo + 8] = 1 - 2 * (x * x + y * y);
    }

    /**
     * Unit quaternion (w,x,y,z, w >= 0) of a rotation matrix (row-major), Shepperd's method
     * (branch on the largest diagonal term for numerical stability).
     */
    public static void matrixToQuat(double[] m, int mo, float[] q, int qo) {
        double m00 = m[mo], m01 = m[mo + 1], m02 = m[mo + 2];
        double m10 = m[mo + 3], m11 = m[mo + 4], m12 = m[mo + 5];
        double m20 = m[mo + 6], m21 = m[mo + 7], m22 = m[mo + 8];
        double tr = m00 + m11 + m22;
        double w, x, y, z;
        if (tr > 0) {
            double s = Math.sqrt(tr + 1) * 2;
            w = 0.25 * s;
            x = (m21 - m12) / s;
            y = (m02 - m20) / s;
            z = (m10 - m01) / s;
        } else if (m00 > m11 && m00 > m22) {
            double s = Math.sqrt(1 + m00 - m11 - m22) * 2;
            w = (m21 - m12) / s;
            x = 0.25 * s;
            y = (m01 + m10) / s;
            z = (m02 + m20) / s;
        } else if (m11 > m22) {
            double s = Math.sqrt(1 + m11 - m00 - m22) * 2;
            w = (m02 - m20) / s;
            x = (m01 + m10) / s;
            y = 0.25 * s;
            z = (m12 + m21) / s;
        } else {
            double s = Math.sqrt(1 + m22 - m00 - m11) * 2;
            w = (m10 - m01) / s;
            x = (m02 + m20) / s;
            y = (m12 + m21) / s;
            z = 0.25 * s;
        }
        if (w < 0) {
            w = -w;
            x = -x;
            y = -y;
            z = -z;
        }
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        q[qo] = (float) (w / n);
        q[qo + 1] = (float) (x / n);
        q[qo + 2] = (float) (y / n);
        q[qo + 3] = (float) (z / n);
    }
}
