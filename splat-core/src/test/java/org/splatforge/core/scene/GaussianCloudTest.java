package org.splatforge.core.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianCloudTest {

    static GaussianCloud random(int n, int degree, long seed) {
        Random r = new Random(seed);
        GaussianCloud c = GaussianCloud.create(n, degree);
        for (int i = 0; i < n * 3; i++) {
            c.means()[i] = (float) r.nextGaussian();
            c.logScales()[i] = (float) r.nextGaussian() - 3;
        }
        for (int i = 0; i < n * 4; i++) {
            c.quats()[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            c.opacityLogits()[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n * c.shCoeffs() * 3; i++) {
            c.sh()[i] = (float) r.nextGaussian();
        }
        return c;
    }

    @Test
    void subsetAppendAndPermutePreserveEveryAttribute() {
        GaussianCloud c = random(10, 3, 1);
        GaussianCloud s = c.subset(new int[] {9, 0, 4});
        assertEquals(3, s.size());
        assertEquals(c.means()[9 * 3 + 2], s.means()[2]);
        assertEquals(c.sh()[4 * 48 + 47], s.sh()[2 * 48 + 47]);
        assertEquals(c.quats()[0], s.quats()[4]);

        GaussianCloud a = c.copy();
        a.append(s);
        assertEquals(13, a.size());
        assertEquals(c.opacityLogits()[9], a.opacityLogits()[10]);
        assertEquals(c.logScales()[4 * 3 + 1], a.logScales()[12 * 3 + 1]);

        GaussianCloud p = c.copy();
        int[] order = {3, 1, 2, 0, 4, 5, 6, 7, 9, 8};
        p.permute(order);
        for (int j = 0; j < 10; j++) {
            assertEquals(c.opacityLogits()[order[j]], p.opacityLogits()[j]);
            assertEquals(c.sh()[order[j] * 48 + 17], p.sh()[j * 48 + 17]);
        }
    }

    @Test
    void removeIfKeepsOrderAndSelectMatches() {
        GaussianCloud c = random(6, 1, 2);
        boolean[] drop = {true, false, false, true, false, true};
        boolean[] keep = new boolean[6];
        for (int i = 0; i < 6; i++) {
            keep[i] = !drop[i];
        }
        GaussianCloud sel = c.select(keep);
        GaussianCloud rem = c.copy();
        rem.removeIf(drop);
        assertEquals(3, rem.size());
        assertArrayEquals(java.util.Arrays.copyOf(sel.means(), 9), java.util.Arrays.copyOf(rem.means(), 9));
        assertEquals(c.opacityLogits()[4], rem.opacityLogits()[2]);
    }

    @Test
    void shDegreeChangeKeepsLowBandsAndZeroFillsNewOnes() {
        GaussianCloud c = random(2, 1, 3);
        GaussianCloud up = c.withShDegree(3);
        assertEquals(16, up.shCoeffs());
        assertEquals(c.sh()[4 * 3 + 11], up.sh()[16 * 3 + 11]); // Gaussian 1, k=3, c=2
        assertEquals(0f, up.sh()[16 * 3 + 4 * 3]);
        GaussianCloud down = up.withShDegree(0);
        assertEquals(c.sh()[4 * 3 + 2], down.sh()[3 + 2]);
    }

    @Test
    void activationsBoundsAndNonFiniteDetection() {
        GaussianCloud c = GaussianCloud.create(2, 0);
        c.means()[3] = 4;
        c.means()[4] = -1;
        c.logScales()[0] = (float) Math.log(0.5);
        c.opacityLogits()[1] = 0;
        assertEquals(0.5f, c.scale(0, 0), 1e-6);
        assertEquals(0.5f, c.opacity(1), 1e-6);
        assertArrayEquals(new float[] {0, -1, 0, 4, 0, 0}, c.bounds());
        assertEquals(0.2f, GaussianCloud.sigmoid(GaussianCloud.logit(0.2f)), 1e-6);
        assertEquals(-1, c.firstNonFinite());
        c.sh()[5] = Float.NaN;
        assertEquals(1, c.firstNonFinite());
        float[] q = new float[4];
        c.quats()[4] = 0;
        c.normalizedQuat(1, q, 0);
        assertArrayEquals(new float[] {1, 0, 0, 0}, q);
        assertThrows(IllegalArgumentException.class, () -> GaussianCloud.create(1, 4));
    }
}
