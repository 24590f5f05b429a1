package org.splatforge.compress.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Round trips of the raw coder and of the adaptive models over random and adversarial streams. */
class RangeCoderTest {

    private static Random rng(String test, long seed) {
        System.out.println(test + ": seed " + seed);
        return new Random(seed);
    }

    @Test
    void mixedEventsRoundTripExactly() {
        Random r = rng("mixedEventsRoundTripExactly", 11);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + r.nextInt(5000);
            int[] kind = new int[n];
            long[] val = new long[n];
            int[] aux = new int[n];
            RangeEncoder enc = new RangeEncoder();
            for (int i = 0; i < n; i++) {
                kind[i] = r.nextInt(3);
                switch (kind[i]) {
                    case 0 -> {
                        aux[i] = 1 + r.nextInt(65535);
                        val[i] = r.nextInt(2);
                        enc.encodeBit(aux[i], (int) val[i]);
                    }
                    case 1 -> {
                        int total = 1 + r.nextInt(RangeEncoder.MAX_TOTAL);
                        int cum = r.nextInt(total);
                        int freq = 1 + r.nextInt(total - cum);
                        aux[i] = total;
                        val[i] = ((long) cum << 20) | freq;
                        enc.encodeFreq(cum, freq, total);
                    }
                    default -> {
                        aux[i] = r.nextInt(65);
                        val[i] = aux[i] == 64 ? r.nextLong() : r.nextLong() & ((1L << aux[i]) - 1);
                        enc.encodeDirect(val[i], aux[i]);
                    }
                }
            }
            byte[] bytes = enc.finish();
            RangeDecoder dec = new RangeDecoder(bytes);
            for (int i = 0; i < n; i++) {
                switch (kind[i]) {
                    case 0 -> assertEquals(val[i], dec.decodeBit(aux[i]), "bit " + i);
                    case 1 -> {
                        int cum = (int) (val[i] >>> 20), freq = (int) (val[i] & 0xFFFFF);
                        int t = dec.decodeFreqTarget(aux[i]);
                        assertTrue(t >= cum && t < cum + freq, "freq target " + t + " outside [" + cum + "," + (cum + freq) + ")");
                        dec.consumeFreq(cum, freq, aux[i]);
                    }
                    default -> assertEquals(val[i], dec.decodeDirect(aux[i]), "direct " + i);
                }
            }
            dec.checkFullyConsumed();
        }
    }

    @Test
    void adversarialStreamsRoundTrip() {
        // Extreme probabilities against the coded bits (maximal cost), carries through long
        // runs of 0xFF bytes, and the empty stream.
        int[][] cases = {{1, 1}, {65535, 0}, {1, 0}, {65535, 1}, {32768, 1}};
        for (int[] c : cases) {
            RangeEncoder enc = new RangeEncoder();
            for (int i = 0; i < 100_000; i++) {
                enc.encodeBit(c[0], c[1]);
            }
            byte[] b = enc.finish();
            RangeDecoder dec = new RangeDecoder(b);
            for (int i = 0; i < 100_000; i++) {
                assertEquals(c[1], dec.decodeBit(c[0]), "p0=" + c[0] + " bit " + i);
            }
            dec.checkFullyConsumed();
        }
        RangeEncoder enc = new RangeEncoder();
        for (int i = 0; i < 10_000; i++) {
            enc.encodeDirect(-1L, 64);
        }
        byte[] b = enc.finish();
        RangeDecoder dec = new RangeDecoder(b);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(-1L, dec.decodeDirect(64));
        }
        dec.checkFullyConsumed();
        byte[] empty = new RangeEncoder().finish();
        assertEquals(5, empty.length);
        new RangeDecoder(empty).checkFullyConsumed();
    }

    @Test
    void adaptiveIntCoderRoundTripsEveryMagnitude() {
        Random r = rng("adaptiveIntCoderRoundTripsEveryMagnitude", 5);
        TokenScheme s = new TokenScheme(4, 2, 63);
        AdaptiveIntCoder coder = new AdaptiveIntCoder(s, 3);
        int n = 20_000;
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            int bits = r.nextInt(64);
            long m = bits == 0 ? 0 : (r.nextLong() >>> (64 - bits)) & s.maxValue();
            v[i] = r.nextBoolean() ? m : -m;
        }
        v[0] = s.maxValue();
        v[1] = -s.maxValue();
        RangeEncoder enc = new RangeEncoder();
        for (int i = 0; i < n; i++) {
            coder.encodeSigned(enc, i % 3, v[i]);
        }
        byte[] b = enc.finish();
        AdaptiveIntCoder dcoder = new AdaptiveIntCoder(s, 3);
        RangeDecoder dec = new RangeDecoder(b);
        for (int i = 0; i < n; i++) {
            assertEquals(v[i], dcoder.decodeSigned(dec, i % 3), "value " + i);
        }
        dec.checkFullyConsumed();
    }

    @Test
    void tokenSchemeIsABijection() {
        for (int direct = 0; direct <= 6; direct++) {
            for (int msb = 0; msb <= Math.min(direct, 3); msb++) {
                TokenScheme s = new TokenScheme(direct, msb, 40);
                for (long v = 0; v < 5000; v++) {
                    check(s, v);
                }
                Random r = new Random(direct * 10 + msb);
                for (int i = 0; i < 2000; i++) {
                    check(s, r.nextLong() & s.maxValue());
                }
                check(s, s.maxValue());
                assertEquals(s.tokens() - 1, s.token(s.maxValue()));
            }
        }
    }

    private static void check(TokenScheme s, long v) {
        int t = s.token(v);
        assertTrue(t >= 0 && t < s.tokens(), "token " + t);
        assertEquals(v, s.value(t, s.extra(v, t)), "value " + v);
    }

    @Test
    void mixedBitModelRoundTrips() {
        Random r = rng("mixedBitModelRoundTrips", 9);
        int n = 50_000;
        int[] bits = new int[n];
        int[] c0 = new int[n], c1 = new int[n];
        for (int i = 0; i < n; i++) {
            c0[i] = r.nextInt(4);
            c1[i] = r.nextInt(8);
            double p = 0.05 + 0.2 * c0[i] + 0.02 * c1[i];
            bits[i] = r.nextDouble() < p ? 1 : 0;
        }
        MixedBitModel m = new MixedBitModel(new int[] {4, 8}, 2, 4);
        int[] ctx = new int[2];
        RangeEncoder enc = new RangeEncoder();
        for (int i = 0; i < n; i++) {
            ctx[0] = c0[i];
            ctx[1] = c1[i];
            m.encode(enc, ctx, i & 1, bits[i]);
        }
        byte[] b = enc.finish();
        MixedBitModel d = new MixedBitModel(new int[] {4, 8}, 2, 4);
        RangeDecoder dec = new RangeDecoder(b);
        for (int i = 0; i < n; i++) {
            ctx[0] = c0[i];
            ctx[1] = c1[i];
            assertEquals(bits[i], d.decode(dec, ctx, i & 1), "bit " + i);
        }
        dec.checkFullyConsumed();
    }

    @Test
    void logisticTablesAreMonotoneInverses() {
        for (int d = -2046; d <= 2047; d++) {
            assertTrue(Logistic.squash(d) >= Logistic.squash(d - 1));
        }
        for (int p = 1; p < 4095; p++) {
            int back = Logistic.squash(Logistic.stretch(p));
            assertTrue(Math.abs(back - p) <= Math.max(2, p / 50), "p=" + p + " -> " + back);
        }
    }

    @Test
    void decoderRejectsBadSlices() {
        assertThrows(StreamCorruptException.class, () -> new RangeDecoder(new byte[3]));
        assertThrows(StreamCorruptException.class, () -> new RangeDecoder(new byte[] {1, 0, 0, 0, 0}));
        assertThrows(StreamCorruptException.class, () -> new RangeDecoder(new byte[] {0, -1, -1, -1, -1}));
        byte[] ok = new RangeEncoder().finish();
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertThrows(StreamCorruptException.class, () -> new RangeDecoder(longer).checkFullyConsumed());
    }
}
