package org.splatforge.vision.kernels;

/**
 * Reference twins of {@link FloatKernels}: plain loops, double accumulation, exact
 * {@code erf} from a high-order series/continued fraction. Only tests and the reference
 * forward pass call these.
 */
public final class FloatKernelsRef {

    private FloatKernelsRef() {
    }

    /** Same contract as {@link FloatKernels#layerNorm} (without saved statistics). */
    public static void layerNorm(float[] x, int xOff, float[] y, int yOff, int rows, int d,
                                 float[] gamma, int gOff, float[] beta, int bOff, float eps) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += x[xOff + r * d + j];
            }
            double mu = s / d, v = 0;
            for (int j = 0; j < d; j++) {
                double t = x[xOff + r * d + j] - mu;
                v += t * t;
            }
            double rs = 1 / Math.sqrt(v / d + eps);
            for (int j = 0; j < d; j++) {
                y[yOff + r * d + j] = (float) ((x[xOff + r * d + j] - mu) * rs * gamma[gOff + j] + beta[bOff + j]);
            }
        }
    }

    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf to about 1e-15: Taylor series for |x| < 3, else the asymptotic complement. */
    public static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double term = ax, sum = ax;
            for (int n = 1; n < 200; n++) {
                term *= -ax * ax / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17) {
                    break;
                }
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // Continued fraction for erfc (Lentz), accurate for x >= 3.
            double f = ax, c = ax, d = 0;
            for (int n = 1; n < 100; n++) {
                double an = n / 2.0;
                d = ax + an * d;
                d = 1 / d;
                c = ax + an / c;
                f *= c * d;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return Math.copySign(r, x);
    }

    /** Softmax of one row in double. */
    public static void softmax(double[] x, int off, int n) {
        double mx = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            mx = Math.max(mx, x[off + j]);
        }
        double s = 0;
        for (int j = 0; j < n; j++) {
            x[off + j] = Math.exp(x[off + j] - mx);
            s += x[off + j];
        }
        for (int j = 0; j < n; j++) {
            x[off + j] /= s;
        }
    }
}
