package org.splatforge.core.io.ply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.scene.SplatColumn;
import org.splatforge.core.scene.SplatColumns;

/**
 * How a PLY's {@code vertex} properties map onto a cloud's columns, resolved by name (not
 * position) so that others' files with fewer SH bands, other property types or extra
 * properties read correctly. Properties that are not Gaussian attributes (normals,
 * colours, custom fields) are skipped and listed in {@link #ignored()}.
 *
 * @param vertexIndex index of the vertex element in the header
 * @param shDegree    SH degree implied by the number of {@code f_rest_*} properties
 * @param targets     for each vertex property, the column it fills, or null when ignored
 * @param ignored     names of the ignored properties
 */
public record PlyVertexLayout(int vertexIndex, int shDegree, SplatColumn[] targets, List<String> ignored) {

    /** The attributes every 3DGS PLY must have (besides {@code f_rest_*}). */
    static final List<String> REQUIRED = List.of("x", "y", "z", "f_dc_0", "f_dc_1", "f_dc_2", "opacity",
            "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3");

    /** Resolves the layout of {@code h}'s vertex element. */
    public static PlyVertexLayout resolve(PlyHeader h) throws CorruptDataException {
        int vi = -1;
        for (int i = 0; i < h.elements().size(); i++) {
            if (h.elements().get(i).name().equals("vertex")) {
                vi = i;
                break;
            }
        }
        if (vi < 0) {
            throw CorruptDataException.field(h.file(), "element vertex", "no 'element vertex' in the header; a 3DGS PLY stores one Gaussian per vertex");
        }
        PlyElement v = h.elements().get(vi);
        if (v.indexOf("packed_position") >= 0 || h.element("chunk") != null) {
            throw CorruptDataException.field(h.file(), "element vertex", "this is a PlayCanvas compressed PLY (packed_position/chunk),"
                    + " which is not supported; decompress it first, e.g. `splat-transform in.compressed.ply out.ply`");
        }
        for (PlyProperty p : v.properties()) {
            if (p.isList()) {
                throw CorruptDataException.field(h.file(), "vertex property '" + p.name() + "'",
                        "list properties are not supported in the vertex element of a 3DGS PLY");
            }
        }
        int rest = 0;
        while (v.indexOf("f_rest_" + rest) >= 0) {
            rest++;
        }
        for (PlyProperty p : v.properties()) {
            if (p.name().startsWith("f_rest_")) {
                int j;
                try {
                    j = Integer.parseInt(p.name().substring(7));
                } catch (NumberFormatException e) {
                    continue; // not one of ours: ignored below
                }
                if (j >= rest) {
                    throw CorruptDataException.field(h.file(), "vertex property '" + p.name() + "'",
                            "f_rest properties must be numbered 0.." + (rest - 1) + " without gaps; f_rest_" + rest + " is missing");
                }
            }
        }
        int degree = SplatColumns.degreeForRestCount(rest);
        if (degree < 0) {
            throw CorruptDataException.field(h.file(), "vertex property 'f_rest_*'", "found " + rest
                    + " f_rest properties; expected 0, 9, 24 or 45 (SH degree 0, 1, 2 or 3)");
        }
        Map<String, SplatColumn> byName = new HashMap<>();
        for (SplatColumn c : SplatColumns.forDegree(degree)) {
            byName.put(c.name(), c);
        }
        List<String> missing = new ArrayList<>();
        for (String r : REQUIRED) {
            if (v.indexOf(r) < 0) {
                missing.add(r);
            }
        }
        if (!missing.isEmpty()) {
            List<String> found = new ArrayList<>();
            for (PlyProperty p : v.properties()) {
                found.add(p.name());
            }
            throw CorruptDataException.field(h.file(), "vertex property '" + missing.get(0) + "'", "missing " + missing
                    + "; a 3DGS PLY needs x y z f_dc_0..2 opacity scale_0..2 rot_0..3 (found " + abbreviate(found) + ")");
        }
        SplatColumn[] targets = new SplatColumn[v.properties().size()];
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            String name = v.properties().get(i).name();
            targets[i] = byName.get(name);
            if (targets[i] == null) {
                ignored.add(name);
            }
        }
        return new PlyVertexLayout(vi, degree, targets, List.copyOf(ignored));
    }

    private static String abbreviate(List<String> names) {
        String s = String.join(" ", names);
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}
