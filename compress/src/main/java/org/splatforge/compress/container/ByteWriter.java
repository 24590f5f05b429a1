package org.splatforge.compress.container;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer for section payloads: fixed-width integers, IEEE
 * floats, unsigned LEB128 varints and length-prefixed byte strings.
 */
public final class ByteWriter {

    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(64);
    }

    public ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            long want = Math.max((long) size + extra, buf.length * 2L);
            if (want > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("section payload over 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    public ByteWriter u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public ByteWriter u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public ByteWriter f32(float v) {
        return u32(Float.floatToRawIntBits(v) & 0xFFFF_FFFFL);
    }

    public ByteWriter f64(double v) {
        return u64(Double.doubleToRawLongBits(v));
    }

    /** Unsigned LEB128 varint of a non-negative long. */
    public ByteWriter varint(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("varint of a negative value " + v);
        }
        while (v >= 0x80) {
            u8((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        return u8((int) v);
    }

    public ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** A varint length, then UTF-8 bytes. */
    public ByteWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        return bytes(b);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
