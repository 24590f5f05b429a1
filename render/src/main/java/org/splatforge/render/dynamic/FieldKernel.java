package org.splatforge.render.dynamic;

/**
 * The per-point work of a {@link DeformationField} in float: HexPlane sampling (bilinear,
 * border-clamped, grid-sample "align corners" convention: coordinate 0 is the first cell
 * centre, 1 the last), the feature product, the MLP, and their backward passes. Everything
 * goes through one {@link FieldWorkspace}; nothing allocates.
 */
final class FieldKernel {

    private FieldKernel() {
    }

    /**
     * Samples every plane at (x, y, z, t) and writes the MLP input features
     * ({@code act[0 .. F*S)}): per scale, the product over the six planes of each channel
     * (4DGaussians / K-Planes Hadamard product), scales concatenated.
     */
    static void encode(DeformationField f, float x, float y, float z, float t, FieldWorkspace ws) {
        HexPlaneLayout lay = f.layout();
        FieldConfig cfg = lay.config();
        int nf = cfg.features();
        float[] planes = f.planes();
        float[] lo = f.lo();
        float[] inv = f.invExtent();
        float[] act = ws.act;
        for (int s = 0; s < cfg.scales(); s++) {
            for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                int k = s * HexPlaneLayout.PLANES + p;
                int a = HexPlaneLayout.A[p], b = HexPlaneLayout.B[p];
                int ra = lay.resA(s, p), rb = lay.resB(s, p);
                float ua = a == 0 ? (x - lo[0]) * inv[0] : a == 1 ? (y - lo[1]) * inv[1] : (z - lo[2]) * inv[2];
                float ub = b == 1 ? (y - lo[1]) * inv[1] : b == 2 ? (z - lo[2]) * inv[2] : t;
                float dua = inv[a];
                float dub = b == 3 ? 0f : inv[b];
                float gA = ua * (ra - 1), gB = ub * (rb - 1);
                float derA = dua * (ra - 1), derB = dub * (rb - 1);
                if (!(gA > 0)) {
                    gA = 0;
                    derA = 0;
                } else if (gA > ra - 1) {
                    gA = ra - 1;
                    derA = 0;
                }
                if (!(gB > 0)) {
                    gB = 0;
                    derB = 0;
                } else if (gB > rb - 1) {
                    gB = rb - 1;
                    derB = 0;
                }
                int ia = Math.min((int) gA, ra - 2), ib = Math.min((int) gB, rb - 2);
                float fa = gA - ia, fb = gB - ib;
                int base = lay.offset(s, p) + (ib * ra + ia) * nf;
                int rs = ra * nf;
                ws.cell[k] = base;
                ws.rowStride[k] = rs;
                ws.fa[k] = fa;
                ws.fb[k] = fb;
                ws.ga[k] = derA;
                ws.gb[k] = derB;
                float w00 = (1 - fa) * (1 - fb), w10 = fa * (1 - fb), w01 = (1 - fa) * fb, w11 = fa * fb;
                int vo = k * nf;
                for (int c = 0; c < nf; c++) {
                    ws.v[vo + c] = w00 * planes[base + c] + w10 * planes[base + nf + c]
                            + w01 * planes[base + rs + c] + w11 * planes[base + rs + nf + c];
                }
            }
            for (int c = 0; c < nf; c++) {
                float prod = 1f;
                for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                    prod *= ws.v[(s * HexPlaneLayout.PLANES + p) * nf + c];
                }
                act[s * nf + c] = prod;
            }
        }
    }

    /** Runs the MLP on {@code act[0 .. inputs)}; the 11 outputs land at {@code act[actOff[layers]]}. */
    static void mlpForward(MlpLayout m, float[] w, FieldWorkspace ws) {
        float[] act = ws.act;
        int last = m.layers() - 1;
        for (int l = 0; l <= last; l++) {
            int in = m.in(l), out = m.out(l);
            int ao = ws.actOff[l], no = ws.actOff[l + 1];
            int wo = m.weights(l), bo = m.bias(l);
            System.arraycopy(w, bo, act, no, out);
            for (int i = 0; i < in; i++) {
                float ai = act[ao + i];
                if (ai == 0f) {
                    continue; // ReLU zeros contribute nothing
                }
                int r = wo + i * out;
                for (int o = 0; o < out; o++) {
                    act[no + o] += ai * w[r + o];
                }
            }
            if (l < last) {
                for (int o = 0; o < out; o++) {
                    act[no + o] = Math.max(0f, act[no + o]);
                }
            }
        }
    }

    /**
     * Back-propagates {@code dOut[dOff .. dOff+11)} through the MLP (after {@link #mlpForward}
     * on the same point), adding weight gradients to {@code ws.mlpGrad}. Returns the array
     * holding d(loss)/d(features) in its first {@code inputs} entries ({@code ws.d0} or {@code ws.d1}).
     */
    static float[] mlpBackward(MlpLayout m, float[] w, FieldWorkspace ws, float[] dOut, int dOff) {
        float[] d = ws.d0, dn = ws.d1;
        System.arraycopy(dOut, dOff, d, 0, FieldConfig.OUTPUTS);
        float[] act = ws.act, g = ws.mlpGrad;
        for (int l = m.layers() - 1; l >= 0; l--) {
            int in = m.in(l), out = m.out(l);
            int ao = ws.actOff[l];
            int wo = m.weights(l), bo = m.bias(l);
            for (int o = 0; o < out; o++) {
                g[bo + o] += d[o];
            }
            for (int i = 0; i < in; i++) {
                float ai = act[ao + i];
                int r = wo + i * out;
                if (ai != 0f) {
                    for (int o = 0; o < out; o++) {
                        g[r + o] += ai * d[o];
                    }
                }
                if (l > 0 && ai <= 0f) {
                    dn[i] = 0f; // ReLU of the previous layer was inactive
                } else {
                    float sum = 0f;
                    for (int o = 0; o < out; o++) {
                        sum += w[r + o] * d[o];
                    }
                    dn[i] = sum;
                }
            }
            float[] tmp = d;
            d = dn;
            dn = tmp;
        }
        return d;
    }

    /**
     * Back-propagates d(loss)/d(features) through the products and the bilinear samples of
     * the point last {@link #encode}d: plane gradients are added to {@code ws.planeGrad}, and
     * d(loss)/d(x, y, z) is written to {@code ws.dPos} (zero along clamped axes).
     */
    static void encodeBackward(DeformationField f, FieldWorkspace ws, float[] dFeat) {
        HexPlaneLayout lay = f.layout();
        FieldConfig cfg = lay.config();
        int nf = cfg.features();
        float[] planes = f.planes(), g = ws.planeGrad, v = ws.v;
        ws.dPos[0] = 0f;
        ws.dPos[1] = 0f;
        ws.dPos[2] = 0f;
        for (int s = 0; s < cfg.scales(); s++) {
            int k0 = s * HexPlaneLayout.PLANES;
            for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                int k = k0 + p;
                int base = ws.cell[k], rs = ws.rowStride[k];
                float fa = ws.fa[k], fb = ws.fb[k];
                float w00 = (1 - fa) * (1 - fb), w10 = fa * (1 - fb), w01 = (1 - fa) * fb, w11 = fa * fb;
                float dfa = 0f, dfb = 0f;
                for (int c = 0; c < nf; c++) {
                    float df = dFeat[s * nf + c];
                    if (df == 0f) {
                        continue;
                    }
                    float others = 1f;
                    for (int q = 0; q < HexPlaneLayout.PLANES; q++) {
                        if (q != p) {
                            others *= v[(k0 + q) * nf + c];
                        }
                    }
                    float dv = df * others;
                    int i00 = base + c, i10 = i00 + nf, i01 = i00 + rs, i11 = i01 + nf;
                    g[i00] += dv * w00;
                    g[i10] += dv * w10;
                    g[i01] += dv * w01;
                    g[i11] += dv * w11;
                    float v00 = planes[i00], v10 = planes[i10], v01 = planes[i01], v11 = planes[i11];
                    dfa += dv * ((1 - fb) * (v10 - v00) + fb * (v11 - v01));
                    dfb += dv * ((1 - fa) * (v01 - v00) + fa * (v11 - v10));
                }
                int a = HexPlaneLayout.A[p], b = HexPlaneLayout.B[p];
                ws.dPos[a] += dfa * ws.ga[k];
                if (b < 3) {
                    ws.dPos[b] += dfb * ws.gb[k];
                }
            }
        }
    }
}
