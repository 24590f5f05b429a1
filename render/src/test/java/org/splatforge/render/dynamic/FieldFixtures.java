package org.splatforge.render.dynamic;

import java.util.Random;

/** Random fields and points for the deformation tests (every parameter non-trivial, unlike a fresh field). */
final class FieldFixtures {

    private FieldFixtures() {
    }

    /** A small field over [-1, 1]^3 whose planes are in [0.6, 1.4] and MLP weights in +-0.5 (last layer too). */
    static DeformationField randomField(FieldConfig cfg, long seed) {
        DeformationField f = DeformationField.create(cfg, new float[] {-1, -1, -1}, new float[] {1, 1, 1}, seed);
        Random r = new Random(seed);
        for (int j = 0; j < f.planes().length; j++) {
            f.planes()[j] = (float) (0.6 + 0.8 * r.nextDouble());
        }
        for (int j = 0; j < f.mlp().length; j++) {
            f.mlp()[j] = (float) (r.nextDouble() - 0.5);
        }
        return f;
    }

    /**
     * A random field over [-1, 1]^3 that changes with time only where x > 0: every time plane
     * is 1 (a no-op factor) except the xt planes' cells with x above the middle, which vary
     * along time. Points with x < -0.25 get the same deltas at every time.
     */
    static DeformationField halfMovingField(FieldConfig cfg, long seed) {
        DeformationField f = randomField(cfg, seed);
        HexPlaneLayout lay = f.layout();
        int feats = cfg.features();
        for (int s = 0; s < cfg.scales(); s++) {
            for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                if (!HexPlaneLayout.isTimePlane(p)) {
                    continue;
                }
                int ra = lay.resA(s, p), rb = lay.resB(s, p), off = lay.offset(s, p);
                for (int row = 0; row < rb; row++) {
                    for (int col = 0; col < ra; col++) {
                        boolean moving = p == 3 && col > ra / 2; // xt plane, columns along x
                        for (int c = 0; c < feats; c++) {
                            f.planes()[off + (row * ra + col) * feats + c] = moving ? (float) (1 + 0.5 * Math.sin(row + c)) : 1f;
                        }
                    }
                }
            }
        }
        return f;
    }

    /** N points, most inside the box, some outside it (clamped axes). */
    static float[] points(int n, long seed) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        float[] p = new float[n * 3];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (r.nextDouble() * 2.2 - 1.1);
        }
        return p;
    }

    static float[] randomGrad(int n, long seed) {
        Random r = new Random(seed + 7);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) r.nextGaussian();
        }
        return g;
    }
}
