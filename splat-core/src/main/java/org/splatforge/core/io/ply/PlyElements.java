package org.splatforge.core.io.ply;

import java.lang.foreign.MemorySegment;
import org.splatforge.core.io.CorruptDataException;

/** Walks binary PLY data element by element, to find where one element's rows begin. */
final class PlyElements {

    private PlyElements() {
    }

    /**
     * Byte offset of the first row of element {@code index}: the data start plus every
     * earlier element's rows, scanning rows with list properties value by value (with
     * bounds checks) and skipping fixed-size rows in one step.
     */
    static long binaryOffset(PlyHeader h, MemorySegment seg, int index) throws CorruptDataException {
        long off = h.dataOffset();
        long size = seg.byteSize();
        for (int i = 0; i < index; i++) {
            PlyElement e = h.elements().get(i);
            int row = e.rowSize();
            if (row >= 0) {
                off += e.count() * row; // fits: PlyHeader checked the sum against the file size
                continue;
            }
            for (long r = 0; r < e.count(); r++) {
                for (PlyProperty p : e.properties()) {
                    if (!p.isList()) {
                        off += p.type().size();
                        continue;
                    }
                    if (off + p.countType().size() > size) {
                        throw truncated(h, off, e, r, p);
                    }
                    double len = p.countType().read(seg, off, h.bigEndian());
                    off += p.countType().size();
                    if (len < 0) {
                        throw CorruptDataException.at(h.file(), off, "negative list length " + (long) len + " in row " + r
                                + " of element '" + e.name() + "', property '" + p.name() + "'");
                    }
                    off += (long) len * p.type().size();
                }
                if (off > size) {
                    throw truncated(h, size, e, r, null);
                }
            }
        }
        return off;
    }

    private static CorruptDataException truncated(PlyHeader h, long off, PlyElement e, long row, PlyProperty p) {
        return CorruptDataException.at(h.file(), off, "truncated: the file ends in row " + row + " of element '" + e.name() + "'"
                + (p == null ? "" : " (property '" + p.name() + "')") + "; the header declares " + e.count() + " rows");
    }
}
