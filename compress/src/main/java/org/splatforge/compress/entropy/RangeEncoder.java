package org.splatforge.compress.entropy;

import java.util.Arrays;

/**
 * A 32-bit range coder (the carry-propagating "low + cache" scheme of LZMA's range
 * encoder, after G. N. N. Martin, "Range encoding", 1979). Everything is integer
 * arithmetic on {@code long}s, so an encoder and a {@link RangeDecoder} on any JVM agree
 * bit for bit.
 *
 * <p>Three kinds of events are coded:
 * <ul>
 *   <li>{@link #encodeBit}: a binary decision with a 16-bit probability of zero,
 *       {@code p0} in [1, 65535] (out of 65536);</li>
 *   <li>{@link #encodeFreq}: a symbol with cumulative frequency {@code cum}, frequency
 *       {@code freq} out of {@code total} (total at most 2^16);</li>
 *   <li>{@link #encodeDirect}: up to 64 equiprobable ("bypass") bits.</li>
 * </ul>
 * The output grows in an internal buffer; {@link #finish} flushes and returns the bytes.
 * The first byte of every stream is 0 (the initial cache byte), which the decoder checks.
 */
public final class RangeEncoder {

    /** Renormalisation threshold: the range is kept in [2^24, 2^32). */
    static final long TOP = 1L << 24;
    /** Largest total allowed for frequency coding (range / total must stay >= 2^8). */
    public static final int MAX_TOTAL = 1 << 16;

    private long low;
    private long range = 0xFFFF_FFFFL;
    private int cache;
    private long cacheSize = 1;
    private byte[] buf;
    private int size;
    private boolean finished;

    public RangeEncoder() {
        this(256);
    }

    /** @param expectedBytes initial buffer size (grows as needed) */
    public RangeEncoder(int expectedBytes) {
        buf = new byte[Math.max(16, expectedBytes)];
    }

    /**
     * Codes {@code bit} with probability {@code p0 / 65536} of being zero.
     *
     * @param p0  probability of a zero bit, in [1, 65535]
     * @param bit 0 or 1
     */
    public void encodeBit(int p0, int bit) {
        long bound = (range >>> 16) * p0;
        if (bit == 0) {
            range = bound;
        } else {
            low += bound;
            range -= bound;
        }
        while (range < TOP) {
            range <<= 8;
            shiftLow();
        }
    }

    /**
     * Codes a symbol occupying {@code [cum, cum + freq)} of {@code total}.
     *
     * @param cum   cumulative frequency of the symbols before this one
     * @param freq  frequency of this symbol, at least 1
     * @param total sum of all frequencies, at most {@link #MAX_TOTAL}
     */
    public void encodeFreq(int cum, int freq, int total) {
        long r = range / total;
        low += r * cum;
        range = r * freq;
        while (range < TOP) {
            range <<= 8;
            shiftLow();
        }
    }

    /** Codes the low {@code n} bits of {@code value} (0 to 64), most significant first, at 1 bit each. */
    public void encodeDirect(long value, int n) {
        for (int i = n - 1; i >= 0; i--) {
            range >>>= 1;
            if (((value >>> i) & 1) != 0) {
                low += range;
            }
            while (range < TOP) {
                range <<= 8;
                shiftLow();
            }
        }
    }

    private void shiftLow() {
        if (low < 0xFF00_0000L || low > 0xFFFF_FFFFL) {
            int carry = (int) (low >>> 32);
            int temp = cache;
            do {
                put((temp + carry) & 0xFF);
                temp = 0xFF;
            } while (--cacheSize != 0);
            cache = (int) ((low >>> 24) & 0xFF);
        }
        cacheSize++;
        low = (low & 0x00FF_FFFFL) << 8;
    }

    private void put(int b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, Math.max(16, (int) Math.min(Integer.MAX_VALUE - 8, buf.length * 2L)));
        }
        buf[size++] = (byte) b;
    }

    /** Bytes written so far (before {@link #finish}, the last few are still pending). */
    public int bytesSoFar() {
        return size + (int) cacheSize + 4;
    }

    /** Flushes the coder and returns the stream. The encoder cannot be used afterwards. */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("range encoder already finished");
        }
        finished = true;
        for (int i = 0; i < 5; i++) {
            shiftLow();
        }
        return Arrays.copyOf(buf, size);
    }
}
