package org.splatforge.render.densify;

/**
 * The 3DGS-MCMC relocation rule (Kheradmand et al., "3D Gaussian Splatting as Markov Chain
 * Monte Carlo", NeurIPS 2024, Eq. 9): when a Gaussian of opacity {@code o} is replaced by
 * {@code n} copies at the same place, give each copy opacity {@code 1 - (1 - o)^(1/n)} and
 * scale its covariance so that the sum of the copies renders like the original:
 * <pre>
 *   scale_new = scale_old * o / sum_{i=1..n} sum_{k=0..i-1} C(i-1, k) (-1)^k o_new^(k+1) / sqrt(k+1)
 * </pre>
 * Like the reference implementation, {@code n} is clamped to {@link #N_MAX}.
 */
public final class Relocation {

    /** Largest copy count the rule is evaluated for (the reference code's table size). */
    public static final int N_MAX = 51;

    private static final double[][] BINOM = binomials();

    private Relocation() {
    }

    /** Opacity of each of {@code n} copies of a Gaussian of opacity {@code o}. */
    public static double opacity(double o, int n) {
        int k = Math.max(1, Math.min(N_MAX, n));
        return 1 - Math.pow(1 - o, 1.0 / k);
    }

    /** Factor applied to each scale of the copies (given the copies' opacity {@code oNew}). */
    public static double scaleFactor(double o, double oNew, int n) {
        int m = Math.max(1, Math.min(N_MAX, n));
        double denom = 0;
        for (int i = 1; i <= m; i++) {
            for (int k = 0; k <= i - 1; k++) {
                double term = BINOM[i - 1][k] * Math.pow(oNew, k + 1) / Math.sqrt(k + 1);
                denom += (k & 1) == 0 ? term : -term;
            }
        }
        return denom > 0 ? o / denom : 1;
    }

    private static double[][] binomials() {
        double[][] b = new double[N_MAX][N_MAX];
        for (int n = 0; n < N_MAX; n++) {
            b[n][0] = 1;
            for (int k = 1; k <= n; k++) {
                b[n][k] = b[n - 1][k - 1] + (k <= n - 1 ? b[n - 1][k] : 0);
            }
        }
        return b;
    }
}
