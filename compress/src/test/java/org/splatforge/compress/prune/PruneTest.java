package org.splatforge.compress.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

class PruneTest {

    @Test
    void volumeTermMatchesLightGaussiansFormula() {
        Random r = new Random(2);
        int n = 1001;
        GaussianCloud c = GaussianCloud.create(n, 0);
        for (int i = 0; i < n * 3; i++) {
            c.logScales()[i] = (float) (r.nextGaussian() - 4);
        }
        for (int i = 0; i < n; i++) {
            c.opacityLogits()[i] = (float) r.nextGaussian();
        }
        float[] s;
        try (CpuDevice dev = new CpuDevice(1)) {
            s = new VolumeOpacityScore(0.1).score(c, dev);
        }
        // Direct transcription: volume = prod(exp(scales)); sort descending; reference at int(0.9 n).
        double[] vol = new double[n];
        for (int i = 0; i < n; i++) {
            vol[i] = Math.exp(c.logScales()[i * 3]) * Math.exp(c.logScales()[i * 3 + 1]) * Math.exp(c.logScales()[i * 3 + 2]);
        }
        Double[] desc = Arrays.stream(vol).boxed().sorted((a, b) -> Double.compare(b, a)).toArray(Double[]::new);
        double ref = desc[(int) (n * 0.9)];
        for (int i = 0; i < n; i++) {
            double want = c.opacity(i) * Math.pow(vol[i] / ref, 0.1);
            assertEquals(want, s[i], 1e-5 * want, "Gaussian " + i);
        }
    }

    @Test
    void prunerDropsExactlyTheLowestWithTiesByIndex() {
        float[] score = {5, 1, 1, 3, 0, 1, 9};
        boolean[] keep = Pruner.keepMask(score, score.length, 0.5); // drop floor(3.5) = 3
        assertEquals("[true, false, false, true, false, true, true]", Arrays.toString(keep));
        assertTrue(Pruner.keepMask(score, score.length, 0)[4]);
        assertThrows(IllegalArgumentException.class, () -> Pruner.keepMask(score, score.length, 1.0));
    }
}
