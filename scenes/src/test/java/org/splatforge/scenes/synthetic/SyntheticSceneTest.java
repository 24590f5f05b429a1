package org.splatforge.scenes.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.splatforge.core.scene.GaussianCloud;

/** The two statistics of the balls scene: the realistic one keeps the geometry and has the stated size and opacity distributions. */
class SyntheticSceneTest {

    private static double sigmoid(float logit) {
        return 1 / (1 + Math.exp(-logit));
    }

    @Test
    void realisticBallsHaveTheStatedOpacityAndSizeStatistics() {
        int n = 20_000;
        long seed = 4;
        System.out.println("SyntheticSceneTest seed " + seed + ", " + n + " Gaussians");
        GaussianCloud heavy = SyntheticScene.balls(n, seed), real = SyntheticScene.realisticBalls(n, seed);
        assertArrayEquals(heavy.means(), real.means(), "same geometry");
        assertArrayEquals(heavy.sh(), real.sh(), "same colours");
        assertArrayEquals(real.opacityLogits(), SyntheticScene.realisticBalls(n, seed).opacityLogits(), "same seed, same cloud");

        int faint = 0;
        double[] shrink = new double[n];
        for (int i = 0; i < n; i++) {
            double o = sigmoid(real.opacityLogits()[i]);
            assertTrue(o > 0.0099 && o < 0.9901 && (o < 0.3001 || o > 0.6999), "opacity " + o + " outside the stated ranges");
            faint += o < 0.3 ? 1 : 0;
            shrink[i] = real.logScales()[i * 3] - heavy.logScales()[i * 3];
            assertEquals(shrink[i], real.logScales()[i * 3 + 2] - heavy.logScales()[i * 3 + 2], 1e-5, "one factor per Gaussian");
        }
        assertEquals(0.45, faint / (double) n, 0.02, "share of faint Gaussians");
        Arrays.sort(shrink);
        assertEquals(Math.log(0.5), shrink[n / 2], 0.03, "median size factor 0.5");
        assertEquals(0.6, (shrink[(int) (n * 0.8413)] - shrink[(int) (n * 0.1587)]) / 2, 0.03, "log-normal spread 0.6");
        double heavyOpacity = 0;
        for (int i = 0; i < n; i++) {
            heavyOpacity += sigmoid(heavy.opacityLogits()[i]) / n;
        }
        assertEquals(0.645, heavyOpacity, 0.01, "the heavy scene's opacities are uniform over (0.3, 0.99)");
    }
}
