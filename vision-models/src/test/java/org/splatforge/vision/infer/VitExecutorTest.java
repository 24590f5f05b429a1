package org.splatforge.vision.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.ops.CpuFp32Ops;
import org.splatforge.vision.plan.MemoryPlanner;
import org.splatforge.vision.train.Patches;

/** The fp32 executor (both schedules) against the double-precision reference; the planned run against the naive one. */
class VitExecutorTest {

    static VitWeights randomModel(VitConfig c, long seed) {
        VitWeights w = VitWeights.init(c, seed);
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] += (float) (rnd.nextGaussian() * 0.1);
        }
        return w;
    }

    static byte[] randomPixels(SplittableRandom rnd, int n) {
        byte[] px = new byte[n];
        for (int i = 0; i < n; i++) {
            px[i] = (byte) rnd.nextInt(256);
        }
        return px;
    }

    @Test
    void plannedAndNaiveMatchReferenceAndEachOther() {
        long seed = SharedData.seed("VitExecutorTest", 21);
        SplittableRandom rnd = new SplittableRandom(seed);
        // 17 tokens (16 patches + cls): straddles the 16-lane vectors; dim 48 = 32 + 16; mlp 40 has a scalar tail.
        VitConfig c = new VitConfig(16, 3, 4, 48, 2, 3, 40, 7, new float[] {0.4f, 0.5f, 0.45f},
                new float[] {0.2f, 0.25f, 0.3f}, 1e-6f);
        VitWeights w = randomModel(c, seed);
        for (int n : new int[] {1, 5, 9}) {
            byte[] px = randomPixels(rnd, n * c.pixels());
            try (CpuDevice dev = new CpuDevice(2)) {
                VitExecutor<float[]> ex = new VitExecutor<>(new CpuFp32Ops(dev), w);
                float[] planned = new float[n * c.classes()], naive = new float[n * c.classes()];
                ex.forward(px, 0, n, Schedule.PLANNED, planned);
                ex.forward(px, 0, n, Schedule.NAIVE, naive);
                for (int i = 0; i < planned.length; i++) {
                    assertEquals(naive[i], planned[i], 0f, "planned vs naive must be bit-identical, logit " + i);
                }
                float[] pr = new float[c.patches() * c.patchDim()];
                for (int b = 0; b < n; b++) {
                    Patches.extract(c, px, b * c.pixels(), pr, 0, false, 0, 0);
                    double[] ref = VitReference.forward(w, pr, 0, null);
                    for (int j = 0; j < c.classes(); j++) {
                        assertEquals(ref[j], planned[b * c.classes() + j], 1e-4 * (1 + Math.abs(ref[j])),
                                "batch " + n + " sample " + b + " logit " + j);
                    }
                }
            }
        }
    }

    @Test
    void plannerNeverOverlapsLiveBuffersAndHalvesPeak() {
        VitConfig c = VitConfig.tinyFashion();
        VitWeights w = VitWeights.zeros(c);
        try (CpuDevice dev = new CpuDevice(2)) {
            VitExecutor<float[]> ex = new VitExecutor<>(new CpuFp32Ops(dev), w);
            for (int n : new int[] {1, 8, 64}) {
                for (Schedule s : Schedule.values()) {
                    List<MemoryPlanner.Buffer> bufs = ex.describe(n, s);
                    MemoryPlanner.Plan plan = MemoryPlanner.plan(bufs);
                    MemoryPlanner.verify(bufs, plan);
                    assertTrue(plan.arenaSize() >= MemoryPlanner.liveMaximum(bufs));
                }
                MemoryReport r = ex.memory(n);
                System.out.printf("batch %d: planned %d B, naive %d B (%.1fx), naive with frees %d B (%.1fx)%n", n,
                        r.plannedBytes(), r.naiveBytes(), r.reduction(), r.naiveLivenessBytes(), r.reductionVsLiveness());
                assertTrue(r.reduction() >= 2, "planned peak must be >= 2x below naive: " + r);
            }
        }
    }

    @Test
    void plannerPacksDisjointLifetimes() {
        List<MemoryPlanner.Buffer> bufs = List.of(new MemoryPlanner.Buffer("a", 100, 0, 1),
                new MemoryPlanner.Buffer("b", 50, 1, 2), new MemoryPlanner.Buffer("c", 100, 2, 3),
                new MemoryPlanner.Buffer("d", 10, 0, 3));
        MemoryPlanner.Plan plan = MemoryPlanner.plan(bufs);
        MemoryPlanner.verify(bufs, plan);
        assertEquals(160, plan.arenaSize()); // a and c share; b beside them; d beside all
        assertEquals(260, MemoryPlanner.noReuse(bufs).arenaSize());
        assertEquals(160, MemoryPlanner.liveMaximum(bufs));
    }
}
