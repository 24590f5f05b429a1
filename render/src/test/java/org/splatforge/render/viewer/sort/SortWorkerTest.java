package org.splatforge.render.viewer.sort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The worker hands back the order of the newest camera, never blocks poll, and does not re-sort an unchanged view. */
class SortWorkerTest {

    @Test
    void newestRequestWinsAndMatchesReference() throws Exception {
        long seed = 7;
        System.out.println("SortWorkerTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 20_000;
        float[] means = new float[n * 3];
        for (int i = 0; i < means.length; i++) {
            means[i] = (float) rnd.nextGaussian();
        }
        try (SortWorker w = new SortWorker()) {
            assertNull(w.poll(), "nothing sorted yet");
            double[] last = null;
            long id = 0;
            for (int k = 0; k < 20; k++) { // a burst: most of these are superseded before they start
                last = DepthSorterTest.view(rnd);
                id = w.request(means, n, 1, last);
            }
            SortWorker.Result r = w.await(id);
            assertEquals(id, r.requestId(), "the result is for the newest request");
            assertEquals(n, r.size());
            assertArrayEquals(ReferenceDepthSort.sort(means, n, last), Arrays.copyOf(r.order(), r.count()));
            long sorts = w.sorts();
            long again = w.request(means, n, 1, last.clone());
            assertEquals(id, again, "an identical request is not sorted again");
            assertNull(w.poll(), "no new result for an unchanged view");
            assertEquals(sorts, w.sorts());
            long other = w.request(means, n, 2, last); // a new cloud generation must be sorted
            SortWorker.Result r2 = w.await(other);
            assertEquals(2, r2.generation());
        }
    }
}
