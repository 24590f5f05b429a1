package org.splatforge.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class LaneMathTest {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Test
    void vectorExpEqualsScalarTwinBitForBitAndMathExpWithinThreeUlp() {
        long seed = 41;
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = S.length() * 4096;
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            // the whole domain, with its ends and exact integers multiples of ln 2 among them
            x[i] = switch (i % 7) {
                case 0 -> LaneMath.EXP_MIN;
                case 1 -> 0f;
                case 2 -> -(float) (Math.log(2) * (i % 120));
                default -> (float) (rnd.nextDouble() * LaneMath.EXP_MIN);
            };
        }
        for (int i = 0; i < n; i += S.length()) {
            LaneMath.exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        double worst = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(LaneMath.exp(x[i])), Float.floatToRawIntBits(y[i]),
                    "lane " + i + " x=" + x[i] + " (seed " + seed + ")");
            double ref = Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - ref) / Math.ulp((float) ref));
        }
        System.out.printf("LaneMath.exp: worst error %.2f ulp over %d values%n", worst, n);
        assertTrue(worst <= 3, "worst error " + worst + " ulp");
        assertEquals(1f, LaneMath.exp(0f));
    }

    @Test
    void sumAddsLanesInLaneOrder() {
        float[] v = new float[S.length()];
        v[0] = 1f;
        v[1] = 1e8f;
        v[2] = -1e8f; // (1 + 1e8) rounds 1 away, so lane order shows in the result: 0, not 1
        assertEquals(0f, LaneMath.sum(FloatVector.fromArray(S, v, 0)));
        float expect = 0f;
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian() * 1000f;
            expect += v[i];
        }
        assertEquals(expect, LaneMath.sum(FloatVector.fromArray(S, v, 0)));
    }
}
