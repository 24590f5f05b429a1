package org.splatforge.compress.container;

import java.nio.charset.StandardCharsets;
import org.splatforge.compress.entropy.StreamCorruptException;

/**
 * Bounds-checked little-endian reader over a section payload, the twin of
 * {@link ByteWriter}. Every read past the end, and every value outside the range the
 * caller asks for, throws {@link StreamCorruptException} with the offset inside the
 * payload; the section decoder turns that into a
 * {@link org.splatforge.core.io.CorruptDataException} naming the section.
 */
public final class ByteReader {

    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.pos = off;
    }

    /** Offset of the next byte, relative to the start of the payload. */
    public int position() {
        return pos - start;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(int n, String what) {
        if (n < 0 || end - pos < n) {
            throw new StreamCorruptException(position(), "payload ends inside " + what + " (needed " + n + " bytes, "
                    + remaining() + " left)");
        }
    }

    public int u8(String what) {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    public int u16(String what) {
        need(2, what);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public long u32(String what) {
        need(4, what);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) (buf[pos + i] & 0xFF) << (8 * i);
        }
        pos += 4;
        return v;
    }

    public long u64(String what) {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (buf[pos + i] & 0xFF) << (8 * i);
        }
        pos += 8;
        return v;
    }

    public float f32(String what) {
        return Float.intBitsToFloat((int) u32(what));
    }

    public double f64(String what) {
        return Double.longBitsToDouble(u64(what));
    }

    /** A finite float, else corrupt. */
    public float finiteF32(String what) {
        int at = position();
        float v = f32(what);
        if (!Float.isFinite(v)) {
            throw new StreamCorruptException(at, what + " must be finite, got " + v);
        }
        return v;
    }

    /** A finite double, else corrupt. */
    public double finiteF64(String what) {
        int at = position();
        double v = f64(what);
        if (!Double.isFinite(v)) {
            throw new StreamCorruptException(at, what + " must be finite, got " + v);
        }
        return v;
    }

    /** A finite double greater than zero, else corrupt. */
    public double positiveF64(String what) {
        int at = position();
        double v = finiteF64(what);
        if (!(v > 0)) {
            throw new StreamCorruptException(at, what + " must be > 0, got " + v);
        }
        return v;
    }

    public long varint(String what) {
        int at = position();
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = u8(what);
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new StreamCorruptException(at, what + ": varint longer than 9 bytes");
    }

    /** A varint that must lie in [min, max]. */
    public long varint(String what, long min, long max) {
        int at = position();
        long v = varint(what);
        if (v < min || v > max) {
            throw new StreamCorruptException(at, what + " must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    /** A u8 that must lie in [min, max]. */
    public int u8(String what, int min, int max) {
        int at = position();
        int v = u8(what);
        if (v < min || v > max) {
            throw new StreamCorruptException(at, what + " must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    /** Skips {@code n} bytes, returning the offset (in the backing array) of the first. */
    public int skip(int n, String what) {
        need(n, what);
        int at = pos;
        pos += n;
        return at;
    }

    public byte[] backingArray() {
        return buf;
    }

    /** Index in {@link #backingArray()} of payload offset 0. */
    public int arrayOffset() {
        return start;
    }

    public String string(String what, int maxBytes) {
        int len = (int) varint(what + " length", 0, maxBytes);
        int at = skip(len, what);
        return new String(buf, at, len, StandardCharsets.UTF_8);
    }

    /** Throws unless every byte was read. */
    public void expectEnd(String what) {
        if (pos != end) {
            throw new StreamCorruptException(position(), (end - pos) + " unexpected bytes at the end of " + what);
        }
    }
}
