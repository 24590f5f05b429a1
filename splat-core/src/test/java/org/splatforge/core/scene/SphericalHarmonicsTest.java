package org.splatforge.core.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SphericalHarmonicsTest {

    /** The 16 real basis functions are orthonormal over the sphere (integrated on a Fibonacci lattice). */
    @Test
    void basisIsOrthonormal() {
        int m = 40000;
        double[][] gram = new double[16][16];
        double[] b = new double[16];
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < m; i++) {
            double z = 1 - (2.0 * i + 1) / m, r = Math.sqrt(1 - z * z), phi = golden * i;
            SphericalHarmonics.basis(3, r * Math.cos(phi), r * Math.sin(phi), z, b, 0);
            for (int p = 0; p < 16; p++) {
                for (int q = 0; q < 16; q++) {
                    gram[p][q] += b[p] * b[q] * 4 * Math.PI / m;
                }
            }
        }
        for (int p = 0; p < 16; p++) {
            for (int q = 0; q < 16; q++) {
                assertEquals(p == q ? 1.0 : 0.0, gram[p][q], 2e-3, "<Y" + p + ", Y" + q + ">");
            }
        }
    }

    /** Signs follow the 3DGS convention: band 1 is (-C1 y, C1 z, -C1 x). */
    @Test
    void bandOneSignsMatchThe3dgsConvention() {
        double[] b = new double[4];
        SphericalHarmonics.basis(1, 0.6, 0, 0.8, b, 0);
        assertEquals(SphericalHarmonics.C0, b[0], 0);
        assertEquals(0.0, b[1], 0);
        assertEquals(SphericalHarmonics.C1 * 0.8, b[2], 1e-15);
        assertEquals(-SphericalHarmonics.C1 * 0.6, b[3], 1e-15);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        long seed = 5;
        System.out.println("[seed] SphericalHarmonicsTest.gradientMatchesFiniteDifferences = " + seed);
        Random r = new Random(seed);
        double[] g = new double[48], bp = new double[16], bm = new double[16];
        for (int trial = 0; trial < 20; trial++) {
            double[] d = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            SphericalHarmonics.basisGradient(3, d[0], d[1], d[2], g, 0);
            for (int a = 0; a < 3; a++) {
                double h = 1e-6;
                double[] p = d.clone(), q = d.clone();
                p[a] += h;
                q[a] -= h;
                SphericalHarmonics.basis(3, p[0], p[1], p[2], bp, 0);
                SphericalHarmonics.basis(3, q[0], q[1], q[2], bm, 0);
                for (int k = 0; k < 16; k++) {
                    assertEquals((bp[k] - bm[k]) / (2 * h), g[3 * k + a], 1e-7, "d basis " + k + " / d dir " + a);
                }
            }
        }
    }

    @Test
    void backwardIsTheTransposeOfEvaluate() {
        Random r = new Random(6);
        double[] sh = new double[48], basis = new double[16], rgb = new double[3], dSh = new double[48];
        double[] dDir = new double[3], scratch = new double[64];
        for (int i = 0; i < 48; i++) {
            sh[i] = r.nextGaussian();
        }
        double x = 0.36, y = -0.48, z = 0.8;
        SphericalHarmonics.backward(3, sh, 0, x, y, z, 0.3, -1.1, 0.7, dSh, 0, dDir, 0, scratch);
        // Linear in the coefficients: d(rgb . w)/d sh_k,c = basis_k w_c.
        SphericalHarmonics.evaluate(3, sh, 0, x, y, z, basis, rgb, 0);
        for (int k = 0; k < 16; k++) {
            assertEquals(basis[k] * 0.3, dSh[3 * k], 1e-15);
            assertEquals(basis[k] * -1.1, dSh[3 * k + 1], 1e-15);
        }
        double h = 1e-6;
        double[] rp = new double[3], rm = new double[3];
        SphericalHarmonics.evaluate(3, sh, 0, x + h, y, z, basis, rp, 0);
        SphericalHarmonics.evaluate(3, sh, 0, x - h, y, z, basis, rm, 0);
        double fd = ((rp[0] - rm[0]) * 0.3 + (rp[1] - rm[1]) * -1.1 + (rp[2] - rm[2]) * 0.7) / (2 * h);
        assertEquals(fd, dDir[0], 1e-7);
    }

    @Test
    void rejectsDegreesOutsideZeroToThree() {
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.coeffs(4));
        assertThrows(IllegalArgumentException.class, () -> SphericalHarmonics.basis(-1, 0, 0, 1, new double[16], 0));
        assertEquals(0.5f, SphericalHarmonics.dcToRgb(SphericalHarmonics.rgbToDc(0.5f)), 1e-7f);
    }
}
