package org.splatforge.core.io.ply;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Locale;

/** The scalar types of the PLY format (Turk 1994), with both of their spellings. */
public enum PlyType {
    INT8("char", "int8", 1),
    UINT8("uchar", "uint8", 1),
    INT16("short", "int16", 2),
    UINT16("ushort", "uint16", 2),
    INT32("int", "int32", 4),
    UINT32("uint", "uint32", 4),
    FLOAT32("float", "float32", 4),
    FLOAT64("double", "float64", 8);

    private static final ValueLayout.OfShort S_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort S_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt I_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfFloat F_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F_BE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfDouble D_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble D_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final String name;
    private final String alias;
    private final int size;

    PlyType(String name, String alias, int size) {
        this.name = name;
        this.alias = alias;
        this.size = size;
    }

    /** Bytes per value in the binary encodings. */
    public int size() {
        return size;
    }

    /** The classic name ({@code float}, {@code uchar}, ...) used when writing headers. */
    public String plyName() {
        return name;
    }

    /** The type for a header token, or null when it is not a PLY type. */
    public static PlyType parse(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        for (PlyType p : values()) {
            if (p.name.equals(t) || p.alias.equals(t)) {
                return p;
            }
        }
        return null;
    }

    /** Every accepted spelling, for error messages. */
    public static String spellings() {
        StringBuilder sb = new StringBuilder();
        for (PlyType p : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(p.name).append('/').append(p.alias);
        }
        return sb.toString();
    }

    /** Reads one value at byte {@code offset} of {@code seg} as a double. */
    public double read(MemorySegment seg, long offset, boolean bigEndian) {
        return switch (this) {
            case INT8 -> seg.get(ValueLayout.JAVA_BYTE, offset);
            case UINT8 -> seg.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
            case INT16 -> seg.get(bigEndian ? S_BE : S_LE, offset);
            case UINT16 -> seg.get(bigEndian ? S_BE : S_LE, offset) & 0xffff;
            case INT32 -> seg.get(bigEndian ? I_BE : I_LE, offset);
            case UINT32 -> seg.get(bigEndian ? I_BE : I_LE, offset) & 0xffffffffL;
            case FLOAT32 -> seg.get(bigEndian ? F_BE : F_LE, offset);
            case FLOAT64 -> seg.get(bigEndian ? D_BE : D_LE, offset);
        };
    }

    /** Whether values of this type are integers (list counts must be). */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }
}
