package org.splatforge.compress.entropy;

import java.util.Arrays;

/**
 * An adaptive multi-symbol model: integer frequency counts over an alphabet of
 * {@code [0, size)}, incremented after every coded symbol and halved when their total
 * passes {@link RangeEncoder#MAX_TOTAL}. Halving makes old statistics decay, so the model
 * follows slowly drifting sources. Every symbol keeps a frequency of at least 1, so any
 * symbol stays codable.
 *
 * <p>Integer only: the coder divides the range by the total, which Java defines exactly
 * on every platform, so encoder and decoder agree bit for bit.
 */
public final class FrequencyModel {

    private static final int INCREMENT = 32;

    private final int[] freq;
    private int total;

    /** @param size alphabet size, 1 to 4096 */
    public FrequencyModel(int size) {
        if (size < 1 || size > 4096) {
            throw new IllegalArgumentException("alphabet size must be in [1, 4096], got " + size);
        }
        freq = new int[size];
        Arrays.fill(freq, 1);
        total = size;
    }

    public int size() {
        return freq.length;
    }

    public void encode(RangeEncoder enc, int symbol) {
        int cum = 0;
        for (int i = 0; i < symbol; i++) {
            cum += freq[i];
        }
        enc.encodeFreq(cum, freq[symbol], total);
        update(symbol);
    }

    public int decode(RangeDecoder dec) {
        int target = dec.decodeFreqTarget(total);
        int s = 0, cum = 0;
        while (cum + freq[s] <= target) {
            cum += freq[s];
            s++;
        }
        dec.consumeFreq(cum, freq[s], total);
        update(s);
        return s;
    }

    /** Cost estimate in 1/256 bits of coding {@code symbol} now (for rate-distortion decisions). */
    public int costQ8(int symbol) {
        return Log2.costQ8(freq[symbol], total);
    }

    private void update(int s) {
        freq[s] += INCREMENT;
        total += INCREMENT;
        if (total > RangeEncoder.MAX_TOTAL) {
            int t = 0;
            for (int i = 0; i < freq.length; i++) {
                freq[i] = (freq[i] + 1) >>> 1;
                t += freq[i];
            }
            total = t;
        }
    }
}
