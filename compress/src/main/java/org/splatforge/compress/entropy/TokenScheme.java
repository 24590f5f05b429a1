package org.splatforge.compress.entropy;

/**
 * Splits a non-negative integer into a token (coded with an adaptive model) and raw low
 * bits (coded as bypass bits), the "hybrid integer" binarisation of JPEG XL's entropy
 * coder and, in spirit, of Exp-Golomb codes in H.264/CABAC.
 *
 * <p>Values below {@code 2^direct} are their own token. A larger value with highest set bit
 * {@code e} gets a token naming {@code e} and the next {@code msb} bits below it; the other
 * {@code e - msb} bits are sent raw. The adaptive model therefore sees the magnitude class
 * and the leading mantissa bits, where the information is, while the nearly uniform low
 * bits cost exactly one bit each.
 *
 * <p>Alphabet size: {@code 2^direct + (maxBits - direct) * 2^msb}.
 */
public final class TokenScheme {

    private final int direct;
    private final int msb;
    private final int maxBits;
    private final int tokens;

    /**
     * @param direct  values below 2^direct are tokens of their own (0..8)
     * @param msb     mantissa bits carried in the token, at most {@code direct} (0..4)
     * @param maxBits values are below 2^maxBits ({@code direct..63})
     */
    public TokenScheme(int direct, int msb, int maxBits) {
        if (direct < 0 || direct > 8 || msb < 0 || msb > 4 || msb > direct || maxBits < direct || maxBits > 63) {
            throw new IllegalArgumentException("bad token scheme direct=" + direct + " msb=" + msb + " maxBits=" + maxBits);
        }
        this.direct = direct;
        this.msb = msb;
        this.maxBits = maxBits;
        this.tokens = (1 << direct) + (maxBits - direct) * (1 << msb);
    }

    /** Number of distinct tokens (the model's alphabet size). */
    public int tokens() {
        return tokens;
    }

    public int maxBits() {
        return maxBits;
    }

    /** Largest codable value, 2^maxBits - 1. */
    public long maxValue() {
        return (1L << maxBits) - 1;
    }

    /** Token of {@code v} (0 <= v < 2^maxBits). */
    public int token(long v) {
        if (v < (1L << direct)) {
            return (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v);
        int mid = (int) ((v >>> (e - msb)) & ((1 << msb) - 1));
        return (1 << direct) + ((e - direct) << msb) + mid;
    }

    /** Number of raw bits that follow {@code token}. */
    public int extraBits(int token) {
        if (token < (1 << direct)) {
            return 0;
        }
        int e = direct + ((token - (1 << direct)) >>> msb);
        return e - msb;
    }

    /** The raw bits of {@code v} that follow its token. */
    public long extra(long v, int token) {
        int n = extraBits(token);
        return n == 0 ? 0 : v & ((1L << n) - 1);
    }

    /** Reassembles a value from its token and raw bits. */
    public long value(int token, long extra) {
        if (token < (1 << direct)) {
            return token;
        }
        int t = token - (1 << direct);
        int e = direct + (t >>> msb);
        long mid = t & ((1 << msb) - 1);
        return (1L << e) | (mid << (e - msb)) | extra;
    }
}
