package org.splatforge.vision.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.infer.VitReference;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.quant.integer.IntVitExecutor;
import org.splatforge.vision.train.Patches;

/** Post-training quantisation end to end on a small random model: integer logits track fp32; files round-trip. */
class QuantizeTest {

    static ImageSet images(long seed, VitConfig c, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] px = new byte[n * c.pixels()];
        // Smooth random images (blobs), closer to real data than white noise.
        for (int i = 0; i < n; i++) {
            double cx = rnd.nextDouble() * c.imageSize(), cy = rnd.nextDouble() * c.imageSize(), r = 2 + rnd.nextDouble() * 5;
            for (int ch = 0; ch < c.channels(); ch++) {
                double amp = 255 * rnd.nextDouble();
                for (int y = 0; y < c.imageSize(); y++) {
                    for (int x = 0; x < c.imageSize(); x++) {
                        double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r);
                        px[((i * c.channels() + ch) * c.imageSize() + y) * c.imageSize() + x] = (byte) Math.min(255, amp * Math.exp(-d2) + 10 * rnd.nextDouble());
                    }
                }
            }
        }
        byte[] labels = new byte[n];
        return new ImageSet(n, c.channels(), c.imageSize(), px, labels, java.util.List.of("a"));
    }

    @Test
    void integerLogitsTrackFp32(@TempDir Path dir) throws Exception {
        long seed = SharedData.seed("QuantizeTest", 41);
        VitConfig c = new VitConfig(16, 3, 4, 48, 2, 3, 40, 7, new float[] {0.4f, 0.5f, 0.45f},
                new float[] {0.2f, 0.25f, 0.3f}, 1e-6f);
        VitWeights w = VitWeights.init(c, seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] += (float) (rnd.nextGaussian() * 0.15);
        }
        ImageSet set = images(seed, c, 48);
        Calibration cal = Calibration.collect(w, set.head(32), 32);
        for (Calibration.Method method : Calibration.Method.values()) {
            QuantizedVit q = VitQuantizer.quantize(w, cal, new VitQuantizer.Options(method, 99.99));
            int n = set.count();
            int[] logits = new int[n * c.classes()];
            try (CpuDevice dev = new CpuDevice(2)) {
                new IntVitExecutor(q.model(), dev).forward(set.pixels(), 0, n, logits);
            }
            float[] patches = new float[c.patches() * c.patchDim()];
            double num = 0, den = 0;
            int agree = 0;
            for (int i = 0; i < n; i++) {
                Patches.extract(c, set.pixels(), i * c.pixels(), patches, 0, false, 0, 0);
                double[] ref = VitReference.forward(w, patches, 0, null);
                double[] got = VitQuantizer.logits(q, logits, i * c.classes());
                int a = 0, b = 0;
                for (int j = 0; j < c.classes(); j++) {
                    num += (got[j] - ref[j]) * (got[j] - ref[j]);
                    den += ref[j] * ref[j];
                    a = ref[j] > ref[a] ? j : a;
                    b = got[j] > got[b] ? j : b;
                }
                agree += a == b ? 1 : 0;
            }
            double relErr = Math.sqrt(num / den);
            System.out.printf("%s: integer vs fp32 logits relative RMS error %.3f, top-1 agreement %d/%d%n", method, relErr, agree, n);
            assertTrue(relErr < 0.25, "integer logits too far from fp32: " + relErr);
            assertTrue(agree >= 0.75 * n, "top-1 agreement " + agree + "/" + n);
            Path f = dir.resolve("q.safetensors");
            QuantCheckpoint.write(f, q);
            QuantizedVit back = QuantCheckpoint.read(f);
            assertEquals(q.logitScale(), back.logitScale());
            int[] again = new int[logits.length];
            try (CpuDevice dev = new CpuDevice(1)) {
                new IntVitExecutor(back.model(), dev).forward(set.pixels(), 0, n, again);
            }
            assertArrayEquals(logits, again, "reloaded model (1 thread) must give identical integers");
        }
    }

    @Test
    void truncatedQuantFileFails(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThrows(CorruptDataException.class, () -> QuantCheckpoint.read(f));
    }
}
