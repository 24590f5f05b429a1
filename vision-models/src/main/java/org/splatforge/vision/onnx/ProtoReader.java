package org.splatforge.vision.onnx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.splatforge.core.io.CorruptDataException;

/**
 * A minimal, bounds-checked protocol-buffers wire-format reader over a byte range. Iterate with
 * {@link #next()}; read the current field's value with one of the typed getters, or
 * {@link #skip()}. Every failure names the file and absolute byte offset.
 */
public final class ProtoReader {

    private final Path file;
    private final byte[] buf;
    private final int end;
    private int pos;
    private int field, wire;
    private int fieldStart;

    public ProtoReader(Path file, byte[] buf, int start, int end) {
        this.file = file;
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** Advances to the next field; false at the end of the message. */
    public boolean next() throws CorruptDataException {
        if (pos >= end) {
            return false;
        }
        fieldStart = pos;
        long tag = rawVarint();
        field = (int) (tag >>> 3);
        wire = (int) (tag & 7);
        if (field <= 0) {
            throw CorruptDataException.at(file, fieldStart, "protobuf field number " + field + " is invalid");
        }
        return true;
    }

    public int field() {
        return field;
    }

    public int wire() {
        return wire;
    }

    /** Offset of the current field's tag. */
    public int offset() {
        return fieldStart;
    }

    public long varint() throws CorruptDataException {
        expect(ProtoWriter.VARINT);
        return rawVarint();
    }

    public float float32() throws CorruptDataException {
        expect(ProtoWriter.FIXED32);
        need(4);
        int bits = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    /** A length-delimited field as a sub-reader. */
    public ProtoReader message() throws CorruptDataException {
        int len = length();
        ProtoReader r = new ProtoReader(file, buf, pos, pos + len);
        pos += len;
        return r;
    }

    public byte[] bytes() throws CorruptDataException {
        int len = length();
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    public String string() throws CorruptDataException {
        int len = length();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Repeated varints, packed or not (proto2 writers use either). */
    public void varints(java.util.function.LongConsumer sink) throws CorruptDataException {
        if (wire == ProtoWriter.VARINT) {
            sink.accept(rawVarint());
            return;
        }
        int len = length();
        int stop = pos + len;
        while (pos < stop) {
            sink.accept(rawVarint());
        }
        if (pos != stop) {
            throw CorruptDataException.at(file, pos, "packed varints overrun their field");
        }
    }

    /** Repeated floats, packed or not. */
    public void floats(java.util.function.Consumer<Float> sink) throws CorruptDataException {
        if (wire == ProtoWriter.FIXED32) {
            sink.accept(float32());
            return;
        }
        int len = length();
        if (len % 4 != 0) {
            throw CorruptDataException.at(file, pos, "packed floats of " + len + " bytes (not a multiple of 4)");
        }
        for (int i = 0; i < len; i += 4) {
            int p = pos + i;
            int bits = (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8 | (buf[p + 2] & 0xff) << 16 | (buf[p + 3] & 0xff) << 24;
            sink.accept(Float.intBitsToFloat(bits));
        }
        pos += len;
    }

    public void skip() throws CorruptDataException {
        switch (wire) {
            case ProtoWriter.VARINT -> rawVarint();
            case ProtoWriter.FIXED64 -> {
                need(8);
                pos += 8;
            }
            case ProtoWriter.LEN -> pos += length();
            case ProtoWriter.FIXED32 -> {
                need(4);
                pos += 4;
            }
            default -> throw CorruptDataException.at(file, fieldStart, "protobuf wire type " + wire + " of field " + field
                    + " is not supported (groups are deprecated)");
        }
    }

    private int length() throws CorruptDataException {
        expect(ProtoWriter.LEN);
        long len = rawVarint();
        if (len < 0 || len > end - pos) {
            throw CorruptDataException.at(file, fieldStart, "field " + field + " claims " + len + " bytes, only "
                    + (end - pos) + " remain in its message");
        }
        return (int) len;
    }

    private void expect(int w) throws CorruptDataException {
        if (wire != w) {
            throw CorruptDataException.at(file, fieldStart, "field " + field + " has wire type " + wire + ", expected " + w);
        }
    }

    private void need(int n) throws CorruptDataException {
        if (end - pos < n) {
            throw CorruptDataException.at(file, pos, "message ends inside field " + field);
        }
    }

    private long rawVarint() throws CorruptDataException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw CorruptDataException.at(file, pos, "message ends inside a varint");
            }
            int b = buf[pos++] & 0xff;
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw CorruptDataException.at(file, pos, "varint longer than 10 bytes");
    }
}
