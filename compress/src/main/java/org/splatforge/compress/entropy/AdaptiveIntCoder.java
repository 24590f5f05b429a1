package org.splatforge.compress.entropy;

/**
 * Codes integers with adaptive, context-selected models: the {@link TokenScheme} token of
 * the magnitude through one {@link FrequencyModel} per context, then the raw low bits, then
 * (for signed values that are not zero) the sign through a {@link BitModel} of the same
 * context. The caller chooses the context from what the decoder already knows (the
 * neighbours earlier in the ordering, a side-channel scale, another attribute), which is
 * where the modelling power lives.
 */
public final class AdaptiveIntCoder {

    private final TokenScheme scheme;
    private final FrequencyModel[] tokens;
    private final BitModel signs;

    /**
     * @param scheme   binarisation of magnitudes
     * @param contexts number of contexts (at least 1)
     */
    public AdaptiveIntCoder(TokenScheme scheme, int contexts) {
        this.scheme = scheme;
        this.tokens = new FrequencyModel[contexts];
        for (int i = 0; i < contexts; i++) {
            tokens[i] = new FrequencyModel(scheme.tokens());
        }
        this.signs = new BitModel(contexts);
    }

    public TokenScheme scheme() {
        return scheme;
    }

    public int contexts() {
        return tokens.length;
    }

    /** Codes {@code v} in [0, 2^maxBits) under context {@code ctx}. */
    public void encodeUnsigned(RangeEncoder enc, int ctx, long v) {
        if (v < 0 || v > scheme.maxValue()) {
            throw new IllegalArgumentException("value " + v + " outside [0, " + scheme.maxValue() + "]");
        }
        int t = scheme.token(v);
        tokens[ctx].encode(enc, t);
        int n = scheme.extraBits(t);
        if (n > 0) {
            enc.encodeDirect(scheme.extra(v, t), n);
        }
    }

    public long decodeUnsigned(RangeDecoder dec, int ctx) {
        int t = tokens[ctx].decode(dec);
        int n = scheme.extraBits(t);
        return scheme.value(t, n > 0 ? dec.decodeDirect(n) : 0);
    }

    /** Codes a signed {@code v} with |v| in [0, 2^maxBits). */
    public void encodeSigned(RangeEncoder enc, int ctx, long v) {
        encodeUnsigned(enc, ctx, Math.abs(v));
        if (v != 0) {
            signs.encode(enc, ctx, v < 0 ? 1 : 0);
        }
    }

    public long decodeSigned(RangeDecoder dec, int ctx) {
        long m = decodeUnsigned(dec, ctx);
        if (m != 0 && signs.decode(dec, ctx) != 0) {
            return -m;
        }
        return m;
    }

    /** Approximate cost in 1/256 bits of coding unsigned {@code v} now (no state change). */
    public int costQ8(int ctx, long v) {
        int t = scheme.token(v);
        return tokens[ctx].costQ8(t) + (scheme.extraBits(t) << 8);
    }
}
