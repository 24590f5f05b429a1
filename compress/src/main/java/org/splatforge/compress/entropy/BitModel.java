package org.splatforge.compress.entropy;

import java.util.Arrays;

/**
 * Adaptive probabilities for binary decisions, one per context, integer only.
 *
 * <p>Each context keeps P(bit = 1) in 16-bit fixed point and a small observation count.
 * The update moves the probability towards the observed bit by 1/2^shift with
 * {@code shift = min(floor(log2(count + 2)), 7)}: early on this approximates the
 * count-based (Krichevsky-Trofimov-like) estimate and learns a context in a few symbols;
 * later it becomes an exponential decay with a time constant of 128 symbols, precise for
 * stationary sources and still able to follow drift (the variable-rate counters of AV1's
 * and Daala's coders work the same way).
 *
 * <p>Encoder and decoder call the same {@code encode}/{@code decode} pair with the same
 * context sequence and stay in lockstep.
 */
public final class BitModel {

    private static final int ONE = 1 << 16;
    private static final int MIN_P = 31;
    private static final int MAX_SHIFT = 7;
    private static final int MAX_COUNT = 255;

    /** Per context: probability in the high 16 bits, count in the low 8 bits. */
    private final int[] state;

    /** @param contexts number of independent contexts, at least 1 */
    public BitModel(int contexts) {
        if (contexts < 1) {
            throw new IllegalArgumentException("contexts must be >= 1, got " + contexts);
        }
        state = new int[contexts];
        Arrays.fill(state, (ONE / 2) << 8);
    }

    public int contexts() {
        return state.length;
    }

    /** P(bit = 1) of context {@code ctx} in 16-bit fixed point, within [31, 65505]. */
    public int p1(int ctx) {
        int p = state[ctx] >>> 8;
        return Math.min(ONE - MIN_P, Math.max(MIN_P, p));
    }

    /** Updates context {@code ctx} with an observed bit. */
    public void update(int ctx, int bit) {
        int s = state[ctx];
        int p = s >>> 8, n = s & 0xFF;
        int shift = Math.min(MAX_SHIFT, 31 - Integer.numberOfLeadingZeros(n + 2));
        if (bit != 0) {
            p += ((ONE - 1) - p) >> shift;
        } else {
            p -= p >> shift;
        }
        state[ctx] = (p << 8) | Math.min(MAX_COUNT, n + 1);
    }
    public void encode(RangeEncoder enc, int ctx, int bit) {
        enc.encodeBit(ONE - p1(ctx), bit);
        update(ctx, bit);
    }

    public int decode(RangeDecoder dec, int ctx) {
        int bit = dec.decodeBit(ONE - p1(ctx));
        update(ctx, bit);
        return bit;
    }
}
