package org.splatforge.compress.codec;

import org.splatforge.compress.container.ByteReader;
import org.splatforge.compress.container.ByteWriter;
import org.splatforge.compress.entropy.PredictiveChannelCoder;

/**
 * Exact coding of float channels (the LOSSLESS preset): each float's bits are mapped to an
 * int that orders like the float ({@code bits ^ ((bits >> 31) & 0x7FFFFFFF)}, a bijection),
 * then coded as prediction residuals by {@link PredictiveChannelCoder}. Neighbouring
 * Gaussians in curve order have close values, so the high bits of the residuals are
 * predictable and only the noisy low mantissa bits cost their full size. Every bit
 * pattern, including NaN payloads and negative zero, round-trips.
 */
final class LosslessChannels {

    private LosslessChannels() {
    }

    static int toOrdered(float f) {
        int b = Float.floatToRawIntBits(f);
        return b ^ ((b >> 31) & 0x7FFF_FFFF);
    }

    static float fromOrdered(int v) {
        return Float.intBitsToFloat(v ^ ((v >> 31) & 0x7FFF_FFFF));
    }

    /** Codes channel {@code c} of {@code src} (stride {@code stride}) for Gaussians {@code [start, end)}. */
    static void encode(ByteWriter out, float[] src, int stride, int c, int start, int end) {
        int n = end - start;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = toOrdered(src[(start + i) * stride + c]);
        }
        PredictiveChannelCoder.encode(out, v, 0, n, null, 0, 1, new int[] {0, 1, 2});
    }

    static void decode(ByteReader in, float[] dst, int stride, int c, int start, int end, String name) {
        int n = end - start;
        int[] v = new int[n];
        PredictiveChannelCoder.decode(in, v, 0, n, null, 0, 1, Integer.MIN_VALUE, Integer.MAX_VALUE, name);
        for (int i = 0; i < n; i++) {
            dst[(start + i) * stride + c] = fromOrdered(v[i]);
        }
    }
}
