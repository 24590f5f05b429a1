package org.splatforge.vision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.model.SafeTensors;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitWeights;

/**
 * Training state: a run stopped after one epoch, saved, read back and resumed ends with the
 * same weights, moving average and AdamW moments, bit for bit, as the uninterrupted run (so
 * {@code --resume} continues exactly); bad state files are refused with the field named.
 */
class TrainStateTest {

    private static final VitConfig C = new VitConfig(8, 1, 4, 8, 2, 2, 16, 3, new float[] {0.3f}, new float[] {0.3f}, 1e-6f);

    private static TrainOptions options(long seed) {
        // Every augmentation and the EMA on, so their generators are part of what must replay.
        return new TrainOptions(3, 16, 3e-3f, 4, 0.01f, 0.05f, 0.1f, true, 1, 0.5f, 0.9f, seed, 0);
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws Exception {
        long seed = SharedData.seed("TrainStateTest", 5);
        ImageSet set = GradientCheckTest.randomImages(new SplittableRandom(seed), 48, 1, 8, 3);
        try (CpuDevice dev = new CpuDevice(2)) {
            TrainState whole = TrainState.start(VitWeights.init(C, seed), options(seed));
            new VitTrainer(whole.weights, dev, 16).train(set, set, whole, new VitTrainer.Listener() {
            });
            assertEquals(3, whole.epochsDone());

            TrainState first = TrainState.start(VitWeights.init(C, seed), options(seed));
            new VitTrainer(first.weights, dev, 16).train(set, set, first, new VitTrainer.Listener() {
                @Override
                public boolean epoch(int epoch, double loss, double acc, double ema, TrainState st) {
                    return false; // stop after epoch 1, as a killed run would
                }
            });
            assertEquals(1, first.epochsDone());
            assertNotEquals(whole.weights.data[0], first.weights.data[0], "one epoch must differ from three");
            Path file = dir.resolve("run.state.safetensors");
            first.write(file);
            TrainState resumed = TrainState.read(file);
            assertEquals(first.options, resumed.options);
            assertEquals(1, resumed.epochsDone());
            new VitTrainer(resumed.weights, dev, 16).train(set, set, resumed, new VitTrainer.Listener() {
            });
            assertEquals(3, resumed.epochsDone());
            assertArrayEquals(whole.weights.data, resumed.weights.data, "weights");
            assertArrayEquals(whole.ema, resumed.ema, "EMA");
            assertArrayEquals(whole.adam.firstMoment(), resumed.adam.firstMoment(), "Adam m");
            assertArrayEquals(whole.adam.secondMoment(), resumed.adam.secondMoment(), "Adam v");
            assertEquals(whole.adam.steps(), resumed.adam.steps());
            // The shipped weights are the average, which lags the optimised ones.
            assertArrayEquals(whole.ema, whole.model().data);
            assertNotEquals(whole.weights.data[5], whole.model().data[5]);
        }
    }

    @Test
    void badStatesAreRefusedWithTheFieldNamed(@TempDir Path dir) throws Exception {
        long seed = SharedData.seed("TrainStateTest.bad", 6);
        TrainState st = TrainState.start(VitWeights.init(C, seed), options(seed));
        Path good = dir.resolve("good.safetensors");
        st.write(good);
        SafeTensors.Contents in = SafeTensors.read(good);

        Map<String, String> meta = new LinkedHashMap<>(in.metadata());
        meta.put("format", "splatforge-vit");
        Path wrongFormat = dir.resolve("format.safetensors");
        SafeTensors.write(wrongFormat, in.tensors(), meta);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> TrainState.read(wrongFormat));
        assertTrue(e.getMessage().contains("format"), e.getMessage());

        Map<String, Object> t = new LinkedHashMap<>(in.tensors());
        t.put("adam.v", new float[7]);
        Path shortMoments = dir.resolve("moments.safetensors");
        SafeTensors.write(shortMoments, t, in.metadata());
        e = assertThrows(CorruptDataException.class, () -> TrainState.read(shortMoments));
        assertTrue(e.getMessage().contains("adam.v"), e.getMessage());

        Map<String, String> badLr = new LinkedHashMap<>(in.metadata());
        badLr.put("lr", "fast");
        Path lr = dir.resolve("lr.safetensors");
        SafeTensors.write(lr, in.tensors(), badLr);
        assertThrows(CorruptDataException.class, () -> TrainState.read(lr));

        Path truncated = dir.resolve("truncated.safetensors");
        byte[] all = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length - 100));
        assertThrows(CorruptDataException.class, () -> TrainState.read(truncated));
    }
}
