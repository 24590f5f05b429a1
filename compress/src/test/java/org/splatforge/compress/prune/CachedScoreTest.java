package org.splatforge.compress.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/** The cache scores its own cloud once, hands out copies, and leaves other clouds to the wrapped score. */
class CachedScoreTest {

    @Test
    void scoresItsCloudOnceAndOthersEveryTime() {
        System.out.println("synthetic clouds n=37 and n=50, degree 0, seeds 1 and 2");
        GaussianCloud mine = SyntheticCloud.scene(37, 0, 1);
        GaussianCloud other = SyntheticCloud.scene(50, 0, 2);
        AtomicInteger calls = new AtomicInteger();
        VolumeOpacityScore base = new VolumeOpacityScore();
        SignificanceScore counting = new SignificanceScore() {
            @Override
            public String name() {
                return base.name();
            }

            @Override
            public float[] score(GaussianCloud c, Device d) {
                calls.incrementAndGet();
                return base.score(c, d);
            }
        };
        try (CpuDevice dev = new CpuDevice(1)) {
            CachedScore cached = new CachedScore(counting, mine);
            assertEquals(base.name(), cached.name(), "archives record the wrapped score's name");
            float[] a = cached.score(mine, dev);
            a[0] = -1; // a caller scribbling on its copy changes nothing for the next one
            float[] b = cached.score(mine, dev);
            assertEquals(1, calls.get(), "computed once");
            assertArrayEquals(base.score(mine, dev), b);
            cached.score(other, dev);
            cached.score(other, dev);
            assertEquals(3, calls.get(), "another cloud is scored every time");
            assertArrayEquals(base.score(other, dev), cached.score(other, dev));
            assertEquals(mine.copy().size(), cached.score(mine.copy(), dev).length);
            assertEquals(5, calls.get(), "an equal copy is another cloud (identity, not equality)");
        }
    }
}
