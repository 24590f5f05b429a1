package org.splatforge.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CpuDeviceTest {

    @Test
    void dynamicLoopVisitsEveryIndexExactlyOnce() {
        for (int threads : new int[] {1, 2, 3}) {
            try (CpuDevice d = new CpuDevice(threads)) {
                for (int n : new int[] {0, 1, 7, 1000, 100_003}) {
                    int[] hits = new int[n];
                    d.parallelFor(n, 17, (s, e, w) -> {
                        assertTrue(w >= 0 && w < threads, "worker index " + w);
                        for (int i = s; i < e; i++) {
                            hits[i]++;
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits[i], "index " + i + " with " + threads + " threads, n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void staticLoopGivesRangeKToWorkerK() {
        try (CpuDevice d = new CpuDevice(3)) {
            int n = 10;
            int[] owner = new int[n];
            d.parallelForStatic(n, (s, e, w) -> {
                for (int i = s; i < e; i++) {
                    owner[i] = w;
                }
            });
            assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 2}, owner);
        }
    }

    @Test
    void manyBackToBackLoopsDoNotLoseWork() {
        try (CpuDevice d = new CpuDevice(2)) {
            AtomicInteger total = new AtomicInteger();
            for (int rep = 0; rep < 20_000; rep++) {
                d.parallelFor(64, 4, (s, e, w) -> total.addAndGet(e - s));
            }
            assertEquals(20_000 * 64, total.get());
        }
    }

    @Test
    void exceptionInATaskReachesTheCaller() {
        try (CpuDevice d = new CpuDevice(2)) {
            IllegalStateException ex = assertThrows(IllegalStateException.class, () ->
                    d.parallelFor(1000, 10, (s, e, w) -> {
                        if (s >= 500) {
                            throw new IllegalStateException("boom at " + s);
                        }
                    }));
            assertTrue(ex.getMessage().startsWith("boom"));
            // The device still works afterwards.
            AtomicInteger c = new AtomicInteger();
            d.parallelFor(100, 10, (s, e, w) -> c.addAndGet(e - s));
            assertEquals(100, c.get());
        }
    }

    @Test
    void nestedLoopRunsInline() {
        try (CpuDevice d = new CpuDevice(2)) {
            AtomicInteger c = new AtomicInteger();
            d.parallelFor(4, 1, (s, e, w) -> d.parallelFor(10, 2, (s2, e2, w2) -> c.addAndGet(e2 - s2)));
            assertEquals(40, c.get());
        }
    }

    @Test
    void devicesRejectsUnknownSpecsAndMissingCuda() {
        assertThrows(IllegalArgumentException.class, () -> Devices.open("tpu", 0));
        if (Devices.provider(DeviceKind.CUDA) == null) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.open("cuda", 0));
            assertTrue(e.getMessage().contains("CUDA is not available"), e.getMessage());
        }
        try (Device d = Devices.open("cpu:2", 0)) {
            assertEquals(2, d.parallelism());
        }
    }
}
