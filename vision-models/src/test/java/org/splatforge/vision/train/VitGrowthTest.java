package org.splatforge.vision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;
import org.splatforge.vision.infer.Schedule;
import org.splatforge.vision.infer.VitExecutor;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.ops.CpuFp32Ops;

/** Deepening inserts identity blocks: the grown model's logits equal the original's bit for bit. */
class VitGrowthTest {

    @Test
    void grownModelComputesTheSameLogits() {
        long seed = SharedData.seed("VitGrowthTest", 3);
        SplittableRandom rnd = new SplittableRandom(seed);
        VitConfig c = new VitConfig(12, 2, 4, 16, 2, 2, 24, 5, new float[] {0.4f, 0.5f}, new float[] {0.2f, 0.3f}, 1e-6f);
        VitWeights w = VitWeights.init(c, seed);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] += (float) (rnd.nextGaussian() * 0.2);
        }
        int n = 5;
        byte[] px = new byte[n * c.pixels()];
        rnd.nextBytes(px);
        try (CpuDevice dev = new CpuDevice(2)) {
            float[] want = new float[n * c.classes()];
            new VitExecutor<>(new CpuFp32Ops(dev), w).forward(px, 0, n, Schedule.PLANNED, want);
            for (int depth : new int[] {2, 3, 5}) {
                VitWeights g = VitGrowth.deepen(w, depth, seed + depth);
                assertEquals(depth, g.config.depth());
                float[] got = new float[n * c.classes()];
                new VitExecutor<>(new CpuFp32Ops(dev), g).forward(px, 0, n, Schedule.PLANNED, got);
                assertArrayEquals(want, got, "depth " + depth);
            }
            // The old blocks keep their order: block 1 of 2 lands at position floor(1 * 5 / 2) = 2 of 5.
            VitWeights g = VitGrowth.deepen(w, 5, seed);
            int from = w.layout.block(1).qkvW(), to = g.layout.block(2).qkvW();
            for (int i = 0; i < c.dim() * 3 * c.dim(); i++) {
                assertEquals(w.data[from + i], g.data[to + i]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> VitGrowth.deepen(w, 1, seed));
    }
}
