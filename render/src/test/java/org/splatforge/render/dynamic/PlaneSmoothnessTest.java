package org.splatforge.render.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The HexPlane regularisers: values on planes with known answers, gradients by finite differences. */
class PlaneSmoothnessTest {

    private static final long SEED = 20261121L;
    private static final FieldConfig SMALL = new FieldConfig(4, 2, 5, 3, 7, 2);

    @Test
    void linearPlanesAtOneCostNothing() {
        DeformationField f = new DeformationField(SMALL, new float[] {-1, -1, -1}, new float[] {1, 1, 1});
        HexPlaneLayout lay = f.layout();
        // Entries linear in the row index have zero second difference; time planes at 1 have zero L1.
        for (int s = 0; s < SMALL.scales(); s++) {
            for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                int off = lay.offset(s, p), row = lay.resA(s, p) * SMALL.features();
                for (int r = 0; r < lay.resB(s, p); r++) {
                    for (int j = 0; j < row; j++) {
                        f.planes()[off + r * row + j] = HexPlaneLayout.isTimePlane(p) ? 1f : 0.3f + 0.1f * r - 0.01f * j;
                    }
                }
            }
        }
        float[] g = new float[f.planes().length];
        assertEquals(0, PlaneSmoothness.addGradient(lay, f.planes(), g, 1, 1, 1), 1e-12);
        for (float v : g) {
            assertEquals(0, v, 1e-6);
        }
    }

    @Test
    void knownValueOfOneSpike() {
        DeformationField f = new DeformationField(SMALL, new float[] {-1, -1, -1}, new float[] {1, 1, 1});
        HexPlaneLayout lay = f.layout();
        Arrays.fill(f.planes(), 1f);
        // One entry of the scale-0 xt plane (time rows) raised by 0.5: it appears in three
        // second differences with coefficients 1, -2, 1 (it sits in the middle row), so the time
        // term is (0.25 + 1 + 0.25) / count, and the L1 term 0.5 / size.
        int p = 3, ra = lay.resA(0, p), rb = lay.resB(0, p), fe = SMALL.features();
        int row = 2;
        f.planes()[lay.offset(0, p) + row * ra * fe] += 0.5f;
        float[] g = new float[f.planes().length];
        double time = PlaneSmoothness.addGradient(lay, f.planes(), g, 0, 1, 0);
        assertEquals(1.5 / ((rb - 2) * ra * fe), time, 1e-9);
        double l1 = PlaneSmoothness.addGradient(lay, f.planes(), new float[g.length], 0, 0, 1);
        assertEquals(0.5 / (ra * rb * fe), l1, 1e-9);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        System.out.println("[seed] PlaneSmoothnessTest.gradientMatchesFiniteDifferences = " + SEED);
        DeformationField f = FieldFixtures.randomField(SMALL, SEED);
        HexPlaneLayout lay = f.layout();
        float[] v = f.planes();
        float[] g = new float[v.length];
        float ws = 0.7f, wt = 1.3f, wl = 0.4f;
        PlaneSmoothness.addGradient(lay, v, g, ws, wt, wl);
        double h = 1e-3;
        java.util.SplittableRandom r = new java.util.SplittableRandom(SEED);
        for (int k = 0; k < 200; k++) {
            int j = r.nextInt(v.length);
            float keep = v[j];
            if (Math.abs(keep - 1f) < 2 * h) {
                continue; // the L1 kink
            }
            float hi = (float) (keep + h), lo = (float) (keep - h);
            v[j] = hi;
            double up = PlaneSmoothness.addGradient(lay, v, new float[v.length], ws, wt, wl);
            v[j] = lo;
            double down = PlaneSmoothness.addGradient(lay, v, new float[v.length], ws, wt, wl);
            v[j] = keep;
            double fd = (up - down) / ((double) hi - lo);
            assertEquals(fd, g[j], 1e-3 * Math.abs(fd) + 1e-7, "entry " + j);
        }
    }
}
