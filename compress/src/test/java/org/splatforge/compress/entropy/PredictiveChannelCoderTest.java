package org.splatforge.compress.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.compress.container.ByteReader;
import org.splatforge.compress.container.ByteWriter;

class PredictiveChannelCoderTest {

    @Test
    void everyConfigurationRoundTripsWithExtremes() {
        Random r = new Random(6);
        System.out.println("everyConfigurationRoundTripsWithExtremes: seed 6");
        for (int n : new int[] {0, 1, 2, 63, 64, 65, 1000}) {
            int[] v = new int[n], ext = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (i % 5) {
                    case 0 -> Integer.MAX_VALUE;
                    case 1 -> Integer.MIN_VALUE;
                    default -> (int) (r.nextGaussian() * 1000) + i;
                };
                ext[i] = r.nextInt(3);
            }
            for (int cfg : PredictiveChannelCoder.ALL_CONFIGS) {
                ByteWriter w = new ByteWriter();
                PredictiveChannelCoder.encode(w, v, 0, n, ext, 0, 3, new int[] {cfg});
                int[] back = new int[n];
                ByteReader rd = new ByteReader(w.toByteArray());
                PredictiveChannelCoder.decode(rd, back, 0, n, ext, 0, 3, Integer.MIN_VALUE, Integer.MAX_VALUE, "t");
                rd.expectEnd("t");
                assertArrayEquals(v, back, "n " + n + " cfg " + cfg);
            }
        }
    }

    @Test
    void trialsPickTheSmallestAndBoundsAreEnforced() {
        int n = 5000;
        int[] ramp = new int[n];
        for (int i = 0; i < n; i++) {
            ramp[i] = 1000 + i / 3; // smooth: prediction from the previous value wins
        }
        ByteWriter all = new ByteWriter();
        PredictiveChannelCoder.encode(all, ramp, 0, n, null, 0, 1, PredictiveChannelCoder.ALL_CONFIGS);
        ByteWriter none = new ByteWriter();
        PredictiveChannelCoder.encode(none, ramp, 0, n, null, 0, 1, new int[] {0});
        assertTrue(all.size() * 4 < none.size(), all.size() + " vs " + none.size());
        byte[] b = all.toByteArray();
        assertThrows(StreamCorruptException.class, () -> PredictiveChannelCoder.decode(new ByteReader(b), new int[n], 0, n,
                null, 0, 1, 0, 1000, "bounded"));
    }
}
