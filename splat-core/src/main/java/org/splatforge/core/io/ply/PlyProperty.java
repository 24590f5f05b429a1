package org.splatforge.core.io.ply;

/**
 * One property of a PLY element.
 *
 * @param name      property name
 * @param type      value type (for a list: the type of each item)
 * @param countType for a list property the type of its length prefix, else null
 */
public record PlyProperty(String name, PlyType type, PlyType countType) {

    public boolean isList() {
        return countType != null;
    }
}
