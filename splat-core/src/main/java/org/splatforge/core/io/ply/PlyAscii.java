package org.splatforge.core.io.ply;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SplatColumn;

/**
 * Decodes the ascii PLY encoding: whitespace-separated numbers, one row per line. Rare
 * for splats and never large, so this is a plain sequential tokenizer.
 */
final class PlyAscii {

    private final PlyHeader h;
    private final MemorySegment seg;
    private long pos;

    private PlyAscii(PlyHeader h, MemorySegment seg) {
        this.h = h;
        this.seg = seg;
        this.pos = h.dataOffset();
    }

    static void decode(PlyHeader h, PlyVertexLayout layout, MemorySegment seg, GaussianCloud cloud) throws CorruptDataException {
        PlyAscii a = new PlyAscii(h, seg);
        for (int i = 0; i < layout.vertexIndex(); i++) {
            a.skipElement(h.elements().get(i));
        }
        PlyElement v = h.elements().get(layout.vertexIndex());
        SplatColumn[] targets = layout.targets();
        for (int r = 0; r < cloud.size(); r++) {
            for (int p = 0; p < targets.length; p++) {
                PlyProperty prop = v.properties().get(p);
                double value = a.number(v, r, prop, prop.type());
                if (targets[p] != null) {
                    targets[p].set(cloud, r, (float) value);
                }
            }
        }
    }

    private void skipElement(PlyElement e) throws CorruptDataException {
        for (long r = 0; r < e.count(); r++) {
            for (PlyProperty p : e.properties()) {
                if (p.isList()) {
                    double n = number(e, r, p, p.countType());
                    if (n < 0) {
                        throw CorruptDataException.at(h.file(), pos, "negative list length in row " + r + " of element '" + e.name() + "'");
                    }
                    for (long k = 0; k < (long) n; k++) {
                        number(e, r, p, p.type());
                    }
                } else {
                    number(e, r, p, p.type());
                }
            }
        }
    }

    /** The next token as a number of {@code type}. */
    private double number(PlyElement e, long row, PlyProperty p, PlyType type) throws CorruptDataException {
        long size = seg.byteSize();
        while (pos < size && isSpace(seg.get(ValueLayout.JAVA_BYTE, pos))) {
            pos++;
        }
        long start = pos;
        while (pos < size && !isSpace(seg.get(ValueLayout.JAVA_BYTE, pos)) && pos - start < 64) {
            pos++;
        }
        if (pos == start) {
            throw CorruptDataException.at(h.file(), start, "truncated: the file ends in row " + row + " of element '" + e.name()
                    + "' (property '" + p.name() + "'); the header declares " + e.count() + " rows");
        }
        byte[] b = seg.asSlice(start, pos - start).toArray(ValueLayout.JAVA_BYTE);
        String tok = new String(b, StandardCharsets.US_ASCII);
        try {
            if (type.isInteger()) {
                return Long.parseLong(tok);
            }
            return Double.parseDouble(tok);
        } catch (NumberFormatException ex) {
            throw CorruptDataException.at(h.file(), start, "'" + tok + "' is not " + (type.isInteger() ? "an integer" : "a number")
                    + " (row " + row + " of element '" + e.name() + "', property '" + p.name() + "', type " + type.plyName() + ")");
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
