package org.splatforge.core.io.ply;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds PLY files byte by byte for tests, independently of our writer: the header text
 * and each value encoded with {@link ByteBuffer}, so fixtures reflect the PLY spec and not
 * our code.
 */
final class PlyBuilder {

    private final String encoding;
    private final StringBuilder header = new StringBuilder("ply\n");
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final StringBuilder ascii = new StringBuilder();

    PlyBuilder(String encoding) {
        this.encoding = encoding;
        header.append("format ").append(encoding).append(" 1.0\n");
    }

    PlyBuilder line(String l) {
        header.append(l).append('\n');
        return this;
    }

    /** One scalar value of {@code type} (a PLY type name). */
    PlyBuilder value(String type, double v) {
        if (encoding.equals("ascii")) {
            PlyType t = PlyType.parse(type);
            ascii.append(t.isInteger() ? Long.toString((long) v) : Double.toString(t == PlyType.FLOAT32 ? (float) v : v)).append(' ');
            return this;
        }
        ByteBuffer b = ByteBuffer.allocate(8).order(encoding.equals("binary_big_endian") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        switch (PlyType.parse(type)) {
            case INT8, UINT8 -> b.put((byte) (long) v);
            case INT16, UINT16 -> b.putShort((short) (long) v);
            case INT32, UINT32 -> b.putInt((int) (long) v);
            case FLOAT32 -> b.putFloat((float) v);
            case FLOAT64 -> b.putDouble(v);
        }
        data.write(b.array(), 0, b.position());
        return this;
    }

    PlyBuilder endRow() {
        if (encoding.equals("ascii")) {
            ascii.setLength(Math.max(0, ascii.length() - 1));
            ascii.append('\n');
        }
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = (header + "end_header\n").getBytes(StandardCharsets.US_ASCII);
        out.write(h, 0, h.length);
        byte[] d = encoding.equals("ascii") ? ascii.toString().getBytes(StandardCharsets.US_ASCII) : data.toByteArray();
        out.write(d, 0, d.length);
        return out.toByteArray();
    }

    /** The standard 3DGS property names for SH degree d, in INRIA order (with normals). */
    static List<String> inriaNames(int degree) {
        return PlyWriter.names(degree);
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
