package org.splatforge.core.io.ply;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.io.CorruptDataException;

/**
 * A parsed PLY header (Turk 1994; the format INRIA 3DGS and splat-transform write): the
 * encoding, the elements with their properties, and where the data starts. Parsing
 * validates every line and, for the binary encodings, that the declared fixed-size rows
 * fit in the file, before anyone allocates for them.
 *
 * @param file       the file (for messages)
 * @param encoding   ascii, binary little- or big-endian
 * @param elements   elements in file order
 * @param comments   {@code comment} lines, without the keyword
 * @param dataOffset byte offset of the first data byte (just after {@code end_header\n})
 * @param fileSize   total file size in bytes
 */
public record PlyHeader(Path file, Encoding encoding, List<PlyElement> elements, List<String> comments,
                        long dataOffset, long fileSize) {

    /** The three PLY encodings. */
    public enum Encoding {
        ASCII("ascii"), BINARY_LITTLE_ENDIAN("binary_little_endian"), BINARY_BIG_ENDIAN("binary_big_endian");

        private final String keyword;

        Encoding(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** Headers larger than this are refused (INRIA's is under 2 KiB). */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    /** The PLY magic: the first line of every PLY file. */
    static final byte[] MAGIC = {'p', 'l', 'y'};

    /** Whether {@code head} starts with {@code ply} followed by a line end. */
    public static boolean hasMagic(byte[] head, int n) {
        return n >= 4 && head[0] == 'p' && head[1] == 'l' && head[2] == 'y' && (head[3] == '\n' || head[3] == '\r');
    }

    /** Reads and validates the header of {@code file}. */
    public static PlyHeader read(Path file) throws IOException {
        long size = Files.size(file);
        byte[] buf;
        try (InputStream in = Files.newInputStream(file)) {
            buf = in.readNBytes((int) Math.min(size, MAX_HEADER_BYTES));
        }
        return parse(file, buf, buf.length, size);
    }

    /** Parses a header from the first {@code n} bytes of a file of {@code fileSize} bytes. */
    public static PlyHeader parse(Path file, byte[] buf, int n, long fileSize) throws CorruptDataException {
        if (!hasMagic(buf, n)) {
            throw CorruptDataException.at(file, 0, "not a PLY file: expected the magic line 'ply', found "
                    + printable(buf, 0, Math.min(n, 16)));
        }
        Encoding encoding = null;
        List<PlyElement> elements = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        String elemName = null;
        long elemCount = 0;
        List<PlyProperty> props = null;
        int pos = 0;
        int lineNo = 0;
        while (true) {
            int lineStart = pos;
            int end = pos;
            while (end < n && buf[end] != '\n') {
                end++;
            }
            if (end >= n) {
                throw CorruptDataException.at(file, lineStart, n >= MAX_HEADER_BYTES
                        ? "no 'end_header' line in the first " + MAX_HEADER_BYTES + " bytes"
                        : "truncated header: the file ends before the 'end_header' line");
            }
            lineNo++;
            int lineEnd = end > lineStart && buf[end - 1] == '\r' ? end - 1 : end;
            String line = new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.US_ASCII).strip();
            pos = end + 1;
            String[] tok = line.isEmpty() ? new String[0] : line.split("\\s+");
            if (lineNo == 1) {
                continue; // "ply", checked above
            }
            if (tok.length == 0) {
                continue;
            }
            String where = "header line " + lineNo + " '" + abbreviate(line) + "'";
            switch (tok[0]) {
                case "format" -> {
                    if (tok.length != 3) {
                        throw CorruptDataException.at(file, lineStart, where + ": expected 'format <encoding> 1.0'");
                    }
                    for (Encoding e : Encoding.values()) {
                        if (e.keyword.equals(tok[1])) {
                            encoding = e;
                        }
                    }
                    if (encoding == null) {
                        throw CorruptDataException.at(file, lineStart, where
                                + ": unknown encoding; expected ascii, binary_little_endian or binary_big_endian");
                    }
                    if (!tok[2].equals("1.0")) {
                        throw CorruptDataException.at(file, lineStart, where + ": unsupported PLY version; expected 1.0");
                    }
                }
                case "comment", "obj_info" -> comments.add(line.length() > tok[0].length() ? line.substring(tok[0].length()).strip() : "");
                case "element" -> {
                    if (elemName != null) {
                        elements.add(new PlyElement(elemName, elemCount, List.copyOf(props)));
                    }
                    if (tok.length != 3) {
                        throw CorruptDataException.at(file, lineStart, where + ": expected 'element <name> <count>'");
                    }
                    elemName = tok[1];
                    try {
                        elemCount = Long.parseLong(tok[2]);
                    } catch (NumberFormatException e) {
                        elemCount = -1;
                    }
                    if (elemCount < 0) {
                        throw CorruptDataException.at(file, lineStart, where + ": expected a non-negative row count, got '" + tok[2] + "'");
                    }
                    props = new ArrayList<>();
                }
                case "property" -> {
                    if (elemName == null) {
                        throw CorruptDataException.at(file, lineStart, where + ": a property before any 'element' line");
                    }
                    PlyProperty p;
                    if (tok.length == 5 && tok[1].equals("list")) {
                        PlyType ct = type(file, lineStart, where, tok[2]);
                        PlyType it = type(file, lineStart, where, tok[3]);
                        if (!ct.isInteger()) {
                            throw CorruptDataException.at(file, lineStart, where + ": a list's length type must be an integer type, got " + tok[2]);
                        }
                        p = new PlyProperty(tok[4], it, ct);
                    } else if (tok.length == 3) {
                        p = new PlyProperty(tok[2], type(file, lineStart, where, tok[1]), null);
                    } else {
                        throw CorruptDataException.at(file, lineStart, where
                                + ": expected 'property <type> <name>' or 'property list <count type> <item type> <name>'");
                    }
                    for (PlyProperty q : props) {
                        if (q.name().equals(p.name())) {
                            throw CorruptDataException.at(file, lineStart, where + ": property '" + p.name() + "' declared twice");
                        }
                    }
                    props.add(p);
                }
                case "end_header" -> {
                    if (elemName != null) {
                        elements.add(new PlyElement(elemName, elemCount, List.copyOf(props)));
                    }
                    if (encoding == null) {
                        throw CorruptDataException.at(file, lineStart, "header has no 'format' line");
                    }
                    PlyHeader h = new PlyHeader(file, encoding, List.copyOf(elements), List.copyOf(comments), pos, fileSize);
                    h.checkSizes();
                    return h;
                }
                default -> throw CorruptDataException.at(file, lineStart, where
                        + ": unknown header keyword; expected format, comment, obj_info, element, property or end_header");
            }
        }
    }

    private static PlyType type(Path file, long offset, String where, String token) throws CorruptDataException {
        PlyType t = PlyType.parse(token);
        if (t == null) {
            throw CorruptDataException.at(file, offset, where + ": unknown property type '" + token + "'; expected one of "
                    + PlyType.spellings());
        }
        return t;
    }

    /**
     * Checks that the declared rows can fit in the file: exactly for fixed-size binary
     * rows, and at least one byte per value for lists and ascii (a value and a separator).
     */
    private void checkSizes() throws CorruptDataException {
        long available = fileSize - dataOffset;
        long need = 0;
        for (PlyElement e : elements) {
            int row = e.rowSize();
            long perRow;
            if (encoding == Encoding.ASCII) {
                perRow = 2L * Math.max(1, e.properties().size()); // "v " per value at least
            } else if (row >= 0) {
                perRow = row;
            } else {
                perRow = 0;
                for (PlyProperty p : e.properties()) {
                    perRow += p.isList() ? p.countType().size() : p.type().size();
                }
            }
            long bytes;
            try {
                // an ascii file's last value may lack its separator
                bytes = Math.multiplyExact(e.count(), perRow) - (encoding == Encoding.ASCII && e.count() > 0 ? 1 : 0);
                need = Math.addExact(need, bytes);
            } catch (ArithmeticException ex) {
                need = Long.MAX_VALUE;
            }
            if (need > available) {
                throw CorruptDataException.at(file, dataOffset, "header declares " + e.count() + " rows of element '" + e.name()
                        + "' (" + (encoding == Encoding.ASCII || row < 0 ? "at least " : "") + perRow
                        + " bytes each), but only " + available + " bytes follow the header: the file is truncated or the count is wrong");
            }
        }
    }

    /** The element named {@code name}, or null. */
    public PlyElement element(String name) {
        for (PlyElement e : elements) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    public boolean bigEndian() {
        return encoding == Encoding.BINARY_BIG_ENDIAN;
    }

    static String printable(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append('\'').toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
