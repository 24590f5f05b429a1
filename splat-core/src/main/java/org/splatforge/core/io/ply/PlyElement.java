package org.splatforge.core.io.ply;

import java.util.List;

/**
 * One element of a PLY header ({@code element vertex 1000} and its properties).
 *
 * @param name       element name
 * @param count      declared number of rows
 * @param properties properties in file order
 */
public record PlyElement(String name, long count, List<PlyProperty> properties) {

    /** Bytes per row in the binary encodings, or -1 when a list property makes rows vary. */
    public int rowSize() {
        int s = 0;
        for (PlyProperty p : properties) {
            if (p.isList()) {
                return -1;
            }
            s += p.type().size();
        }
        return s;
    }

    /** Byte offset of property {@code index} inside a fixed-size binary row. */
    public int offsetOf(int index) {
        int s = 0;
        for (int i = 0; i < index; i++) {
            s += properties.get(i).type().size();
        }
        return s;
    }

    /** Index of the property named {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < properties.size(); i++) {
            if (properties.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
