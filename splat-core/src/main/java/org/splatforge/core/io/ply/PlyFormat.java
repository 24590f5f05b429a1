package org.splatforge.core.io.ply;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFormat;
import org.splatforge.core.io.SceneHeader;
import org.splatforge.core.io.WriteOptions;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The INRIA 3DGS PLY: written byte for byte as the reference implementation writes it,
 * read by property name from any PLY encoding and scalar type ({@link PlyReader}).
 */
public final class PlyFormat implements SceneFormat {

    @Override
    public String name() {
        return "ply";
    }

    @Override
    public String description() {
        return "INRIA 3DGS PLY (binary little-endian float32; reads ascii, big-endian, any scalar type, extra properties)";
    }

    @Override
    public List<String> extensions() {
        return List.of(".ply");
    }

    @Override
    public boolean matches(byte[] head, int length) {
        return PlyHeader.hasMagic(head, length);
    }

    @Override
    public GaussianCloud read(Path file, ReadOptions options) throws IOException {
        return PlyReader.read(file, options);
    }

    @Override
    public void write(Path file, GaussianCloud cloud, WriteOptions options) throws IOException {
        PlyWriter.write(file, cloud, options.workers());
    }

    @Override
    public SceneHeader probe(Path file) throws IOException {
        PlyHeader h = PlyHeader.read(file);
        PlyVertexLayout layout = PlyVertexLayout.resolve(h);
        PlyElement v = h.elements().get(layout.vertexIndex());
        Map<String, String> d = new LinkedHashMap<>();
        d.put("encoding", h.encoding().keyword());
        StringBuilder types = new StringBuilder();
        java.util.TreeSet<String> seen = new java.util.TreeSet<>();
        for (PlyProperty p : v.properties()) {
            seen.add(p.type().plyName());
        }
        for (String t : seen) {
            types.append(types.isEmpty() ? "" : ", ").append(t);
        }
        d.put("property types", types.toString());
        d.put("ignored properties", layout.ignored().isEmpty() ? "none" : String.join(" ", layout.ignored()));
        if (h.elements().size() > 1) {
            StringBuilder other = new StringBuilder();
            for (PlyElement e : h.elements()) {
                if (e != v) {
                    other.append(other.isEmpty() ? "" : ", ").append(e.name()).append(" (").append(e.count()).append(')');
                }
            }
            d.put("other elements", other.toString());
        }
        if (!h.comments().isEmpty()) {
            d.put("comments", String.join(" | ", h.comments()));
        }
        return new SceneHeader(name(), v.count(), layout.shDegree(), d);
    }
}
