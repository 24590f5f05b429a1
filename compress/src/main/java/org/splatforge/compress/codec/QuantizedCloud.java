package org.splatforge.compress.codec;

/**
 * The integer symbols of a quantized cloud, structure of arrays, {@code n} Gaussians:
 * <ul>
 *   <li>{@code px, py, pz}: position grid cells, {@code [0, 2^bits)};</li>
 *   <li>{@code s0 >= s1 >= s2}: log-scale levels of the canonical (sorted) axes;</li>
 *   <li>{@code na, nb}: the normal's hemi-octahedral grid values, {@code phi}: angle level
 *       (grids depend on each Gaussian's scale-derived shifts);</li>
 *   <li>{@code opacity}: alpha level; {@code cr, cg, cb}: DC colour levels;</li>
 *   <li>{@code sh[l-1]}: band l: SCALAR {@code int[n*(2l+1)*3]} levels in (Y, C1, C2);
 *       VECTOR {@code int[n]} codeword indices; DROP null.</li>
 * </ul>
 */
public final class QuantizedCloud {

    public final int n;
    public final int[] px, py, pz;
    public final int[] s0, s1, s2;
    public final int[] na, nb, phi;
    public final int[] opacity;
    public final int[] cr, cg, cb;
    public final int[][] sh;

    public QuantizedCloud(int n, int bands) {
        this.n = n;
        px = new int[n];
        py = new int[n];
        pz = new int[n];
        s0 = new int[n];
        s1 = new int[n];
        s2 = new int[n];
        na = new int[n];
        nb = new int[n];
        phi = new int[n];
        opacity = new int[n];
        cr = new int[n];
        cg = new int[n];
        cb = new int[n];
        sh = new int[bands][];
    }

    /** A copy where slot j holds Gaussian {@code order[j]} of this one. */
    public QuantizedCloud permute(int[] order) {
        QuantizedCloud q = new QuantizedCloud(order.length, sh.length);
        int[][] src = {px, py, pz, s0, s1, s2, na, nb, phi, opacity, cr, cg, cb};
        int[][] dst = {q.px, q.py, q.pz, q.s0, q.s1, q.s2, q.na, q.nb, q.phi, q.opacity, q.cr, q.cg, q.cb};
        for (int a = 0; a < src.length; a++) {
            for (int j = 0; j < order.length; j++) {
                dst[a][j] = src[a][order[j]];
            }
        }
        for (int b = 0; b < sh.length; b++) {
            if (sh[b] == null) {
                continue;
            }
            int w = sh[b].length / Math.max(1, n);
            q.sh[b] = new int[order.length * w];
            for (int j = 0; j < order.length; j++) {
                System.arraycopy(sh[b], order[j] * w, q.sh[b], j * w, w);
            }
        }
        return q;
    }
}
