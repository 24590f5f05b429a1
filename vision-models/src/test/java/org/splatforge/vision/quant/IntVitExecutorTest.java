package org.splatforge.vision.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.quant.integer.IntVitExecutor;
import org.splatforge.vision.quant.integer.IntVitReference;

/**
 * The fast integer executor (packed 16-bit-lane GEMMs, vectorised requantisation and
 * I-LayerNorm, fused phases, row-chunk and head parallelism) against its scalar twin
 * {@link IntVitReference}: identical logits, for shapes with tails everywhere (odd patch
 * length and head width, MLP and class counts off the 32-column blocks), batch sizes across
 * the 4-row tile and thread counts 1-3.
 */
class IntVitExecutorTest {

    private static QuantizedVit model(VitConfig c, long seed, ImageSet calib) {
        VitWeights w = VitWeights.init(c, seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] += (float) (rnd.nextGaussian() * 0.15);
        }
        return VitQuantizer.quantize(w, Calibration.collect(w, calib, calib.count()), VitQuantizer.Options.defaults());
    }

    @Test
    void fastExecutorEqualsReference() {
        long seed = SharedData.seed("IntVitExecutorTest", 17);
        VitConfig[] configs = {
            new VitConfig(16, 3, 4, 48, 2, 3, 40, 7, new float[] {0.4f, 0.5f, 0.45f}, new float[] {0.2f, 0.25f, 0.3f}, 1e-6f),
            new VitConfig(9, 1, 3, 20, 1, 4, 36, 3, new float[] {0.3f}, new float[] {0.3f}, 1e-6f),
            new VitConfig(28, 1, 4, 64, 2, 4, 128, 10, new float[] {0.286f}, new float[] {0.353f}, 1e-6f),
        };
        for (VitConfig c : configs) {
            ImageSet set = QuantizeTest.images(seed, c, 37); // more than a 32-row chunk of samples at the head
            QuantizedVit q = model(c, seed, set.head(8));
            int n = set.count();
            int[] want = new int[n * c.classes()];
            IntVitReference ref = new IntVitReference(q.model());
            for (int b = 0; b < n; b++) { // one image at a time: the reference's batch must not matter either
                int[] one = new int[c.classes()];
                ref.forward(set.pixels(), b * c.pixels(), 1, one);
                System.arraycopy(one, 0, want, b * c.classes(), c.classes());
            }
            for (int threads = 1; threads <= 3; threads++) {
                try (CpuDevice dev = new CpuDevice(threads)) {
                    IntVitExecutor ex = new IntVitExecutor(q.model(), dev);
                    for (int batch : new int[] {1, 3, 5, 12, 37}) {
                        int[] got = new int[n * c.classes()];
                        for (int b0 = 0; b0 < n; b0 += batch) {
                            int cnt = Math.min(batch, n - b0);
                            int[] part = new int[cnt * c.classes()];
                            ex.forward(set.pixels(), b0 * c.pixels(), cnt, part);
                            System.arraycopy(part, 0, got, b0 * c.classes(), part.length);
                        }
                        assertArrayEquals(want, got, c + ", " + threads + " threads, batch " + batch);
                    }
                }
            }
        }
    }
}
