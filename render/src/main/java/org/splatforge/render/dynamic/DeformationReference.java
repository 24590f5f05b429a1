package org.splatforge.render.dynamic;

/**
 * The plain twin of {@link DeformationField}: one point at a time, double precision, no
 * workspaces, the maths written out as in the class comments of the fast path. Tests compare
 * the fast field against it and check it against finite differences.
 *
 * <p>Parameters are double copies of a field's ({@link #planes}, {@link #mlp}, public so
 * tests can perturb them); the layouts are the field's.
 */
public final class DeformationReference {

    private final HexPlaneLayout lay;
    private final MlpLayout m;
    private final double[] lo = new double[3];
    private final double[] ext = new double[3];
    public final double[] planes;
    public final double[] mlp;

    public DeformationReference(DeformationField f) {
        lay = f.layout();
        m = f.mlpLayout();
        for (int a = 0; a < 3; a++) {
            lo[a] = f.lo()[a];
            ext[a] = 1.0 / f.invExtent()[a]; // the fast path's reciprocal, so both see the same grid
        }
        planes = toDouble(f.planes());
        mlp = toDouble(f.mlp());
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Grid coordinate along {@code axis} of a plane with {@code res} cells, clamped; [1] = its derivative. */
    private double[] grid(double[] p, int axis, int res) {
        double u = axis == 3 ? p[3] : (p[axis] - lo[axis]) / ext[axis];
        double du = axis == 3 ? 0 : 1 / ext[axis];
        double g = u * (res - 1);
        double dg = du * (res - 1);
        if (g <= 0) {
            return new double[] {0, 0};
        }
        if (g > res - 1) {
            return new double[] {res - 1, 0};
        }
        return new double[] {g, dg};
    }

    /** Bilinear sample of channel c of plane (s, pl) at point p; {value, d/dgA, d/dgB}. */
    private double[] sample(double[] pos, int s, int pl, int c, double[] params, double[] dParams, double dv) {
        int a = HexPlaneLayout.axisA(pl), b = HexPlaneLayout.axisB(pl);
        int ra = lay.resA(s, pl), rb = lay.resB(s, pl), nf = lay.config().features();
        double ga = grid(pos, a, ra)[0], gb = grid(pos, b, rb)[0];
        int ia = Math.min((int) Math.floor(ga), ra - 2), ib = Math.min((int) Math.floor(gb), rb - 2);
        double fa = ga - ia, fb = gb - ib;
        int off = lay.offset(s, pl);
        double v00 = params[off + (ib * ra + ia) * nf + c], v10 = params[off + (ib * ra + ia + 1) * nf + c];
        double v01 = params[off + ((ib + 1) * ra + ia) * nf + c], v11 = params[off + ((ib + 1) * ra + ia + 1) * nf + c];
        if (dParams != null) {
            dParams[off + (ib * ra + ia) * nf + c] += dv * (1 - fa) * (1 - fb);
            dParams[off + (ib * ra + ia + 1) * nf + c] += dv * fa * (1 - fb);
            dParams[off + ((ib + 1) * ra + ia) * nf + c] += dv * (1 - fa) * fb;
            dParams[off + ((ib + 1) * ra + ia + 1) * nf + c] += dv * fa * fb;
        }
        double val = (1 - fa) * (1 - fb) * v00 + fa * (1 - fb) * v10 + (1 - fa) * fb * v01 + fa * fb * v11;
        double dA = (1 - fb) * (v10 - v00) + fb * (v11 - v01);
        double dB = (1 - fa) * (v01 - v00) + fa * (v11 - v10);
        return new double[] {val, dA, dB};
    }

    /** The HexPlane feature vector at (x, y, z, t): float[F*S]. */
    public double[] features(double x, double y, double z, double t) {
        double[] pos = {x, y, z, t};
        FieldConfig cfg = lay.config();
        int nf = cfg.features();
        double[] feat = new double[cfg.inputs()];
        for (int s = 0; s < cfg.scales(); s++) {
            for (int c = 0; c < nf; c++) {
                double prod = 1;
                for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                    prod *= sample(pos, s, p, c, planes, null, 0)[0];
                }
                feat[s * nf + c] = prod;
            }
        }
        return feat;
    }

    /** Activations of every layer: [0] = features, [L] = the 11 outputs. */
    private double[][] activations(double[] feat) {
        double[][] acts = new double[m.layers() + 1][];
        acts[0] = feat;
        for (int l = 0; l < m.layers(); l++) {
            int in = m.in(l), out = m.out(l);
            double[] y = new double[out];
            for (int o = 0; o < out; o++) {
                double z = mlp[m.bias(l) + o];
                for (int i = 0; i < in; i++) {
                    z += acts[l][i] * mlp[m.weights(l) + i * out + o];
                }
                y[o] = l < m.layers() - 1 ? Math.max(0, z) : z;
            }
            acts[l + 1] = y;
        }
        return acts;
    }

    /** The 11 deltas at (x, y, z, t). */
    public double[] forward(double x, double y, double z, double t) {
        return activations(features(x, y, z, t))[m.layers()];
    }

    /**
     * Adds the gradients of {@code sum(dOut * forward(x, y, z, t))} to {@code dPlanes} and
     * {@code dMlp} (the parameter layouts) and returns its gradient w.r.t. (x, y, z).
     */
    public double[] backward(double x, double y, double z, double t, double[] dOut, double[] dPlanes, double[] dMlp) {
        double[] pos = {x, y, z, t};
        double[][] acts = activations(features(x, y, z, t));
        double[] d = dOut.clone();
        for (int l = m.layers() - 1; l >= 0; l--) {
            int in = m.in(l), out = m.out(l);
            double[] prev = new double[in];
            for (int o = 0; o < out; o++) {
                dMlp[m.bias(l) + o] += d[o];
                for (int i = 0; i < in; i++) {
                    dMlp[m.weights(l) + i * out + o] += acts[l][i] * d[o];
                    prev[i] += mlp[m.weights(l) + i * out + o] * d[o];
                }
            }
            if (l > 0) {
                for (int i = 0; i < in; i++) {
                    if (acts[l][i] <= 0) {
                        prev[i] = 0;
                    }
                }
            }
            d = prev;
        }
        FieldConfig cfg = lay.config();
        int nf = cfg.features();
        double[] dPos = new double[3];
        for (int s = 0; s < cfg.scales(); s++) {
            for (int c = 0; c < nf; c++) {
                double[] vals = new double[HexPlaneLayout.PLANES];
                for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                    vals[p] = sample(pos, s, p, c, planes, null, 0)[0];
                }
                for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                    double others = 1;
                    for (int q = 0; q < HexPlaneLayout.PLANES; q++) {
                        if (q != p) {
                            others *= vals[q];
                        }
                    }
                    double dv = d[s * nf + c] * others;
                    double[] smp = sample(pos, s, p, c, planes, dPlanes, dv);
                    int a = HexPlaneLayout.axisA(p), b = HexPlaneLayout.axisB(p);
                    dPos[a] += dv * smp[1] * grid(pos, a, lay.resA(s, p))[1];
                    if (b < 3) {
                        dPos[b] += dv * smp[2] * grid(pos, b, lay.resB(s, p))[1];
                    }
                }
            }
        }
        return dPos;
    }
}
