package org.splatforge.compress.entropy;

/**
 * Decoder twin of {@link RangeEncoder}. It reads from {@code buf[off, off + len)} and
 * throws {@link StreamCorruptException} (never hangs, never reads outside the slice) when
 * the stream cannot have come from the encoder: a non-zero first byte, a read past the end
 * of the slice, or a code value outside the interval of every symbol.
 *
 * <p>A well-formed stream is consumed exactly: the decoder reads one byte per
 * renormalisation, as the encoder wrote one, so {@link #checkFullyConsumed} can reject
 * trailing bytes.
 */
public final class RangeDecoder {

    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;
    private long range = 0xFFFF_FFFFL;
    private long code;

    /** Starts decoding {@code buf[off, off + len)}. */
    public RangeDecoder(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IndexOutOfBoundsException("slice [" + off + ", " + (off + len) + ") of " + buf.length);
        }
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.pos = off;
        if (len < 5) {
            throw new StreamCorruptException(0, "a range-coded stream has at least 5 bytes, got " + len);
        }
        if (buf[pos++] != 0) {
            throw new StreamCorruptException(0, "first byte of a range-coded stream must be 0, got " + (buf[off] & 0xFF));
        }
        for (int i = 0; i < 4; i++) {
            code = (code << 8) | (buf[pos++] & 0xFF);
        }
        if (code >= range) {
            throw new StreamCorruptException(1, "initial code value outside the coding interval");
        }
    }

    public RangeDecoder(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private int next() {
        if (pos >= end) {
            throw new StreamCorruptException(pos - start, "stream ends early (needed more range-coded bytes)");
        }
        return buf[pos++] & 0xFF;
    }

    private void normalize() {
        while (range < RangeEncoder.TOP) {
            range <<= 8;
            code = (code << 8) | next();
        }
    }

    /** Decodes a bit coded with probability {@code p0 / 65536} of zero. */
    public int decodeBit(int p0) {
        long bound = (range >>> 16) * p0;
        int bit;
        if (code < bound) {
            range = bound;
            bit = 0;
        } else {
            code -= bound;
            range -= bound;
            bit = 1;
        }
        normalize();
        return bit;
    }

    /**
     * First half of decoding a frequency-coded symbol: the target count in [0, total) that
     * the caller maps to a symbol, then passes back to {@link #consumeFreq}.
     */
    public int decodeFreqTarget(int total) {
        long r = range / total;
        long t = code / r;
        if (t >= total) {
            throw new StreamCorruptException(pos - start, "code value outside every symbol's interval");
        }
        return (int) t;
    }

    /** Second half of frequency decoding: removes the symbol {@code [cum, cum+freq)} of {@code total}. */
    public void consumeFreq(int cum, int freq, int total) {
        long r = range / total;
        code -= r * cum;
        range = r * freq;
        if (code >= range) {
            throw new StreamCorruptException(pos - start, "code value outside the decoded symbol's interval");
        }
        normalize();
    }

    /** Decodes {@code n} (0 to 64) bypass bits, most significant first. */
    public long decodeDirect(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            range >>>= 1;
            int b = 0;
            if (code >= range) {
                code -= range;
                b = 1;
            }
            v = (v << 1) | b;
            normalize();
        }
        return v;
    }

    /** Bytes consumed so far, relative to the slice start. */
    public int position() {
        return pos - start;
    }

    /** Throws unless every byte of the slice was consumed (a well-formed stream is read exactly). */
    public void checkFullyConsumed() {
        if (pos != end) {
            throw new StreamCorruptException(pos - start, (end - pos) + " unexpected trailing bytes after the coded data");
        }
    }
}
