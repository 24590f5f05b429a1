package org.splatforge.core.io.ply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.splatforge.core.io.CloudChecks;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SplatColumn;

/**
 * The obvious binary PLY reader: the whole file in one buffer, every value of every row
 * read in file order, one thread. It shares only the header parser and the name mapping
 * with {@link PlyReader}, and exists so tests can check the fast reader against it.
 */
public final class PlyReferenceReader {

    private PlyReferenceReader() {
    }

    /** Reads a binary 3DGS PLY (little- or big-endian). */
    public static GaussianCloud read(Path file, ReadOptions options) throws IOException {
        PlyHeader h = PlyHeader.read(file);
        if (h.encoding() == PlyHeader.Encoding.ASCII) {
            throw new IllegalArgumentException("the reference reader covers the binary encodings only");
        }
        PlyVertexLayout layout = PlyVertexLayout.resolve(h);
        PlyElement v = h.elements().get(layout.vertexIndex());
        int n = CloudChecks.checkCount(file, "element vertex", v.count(), layout.shDegree());
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        buf.order(h.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        buf.position((int) h.dataOffset());
        try {
            for (int i = 0; i < layout.vertexIndex(); i++) {
                PlyElement e = h.elements().get(i);
                for (long r = 0; r < e.count(); r++) {
                    for (PlyProperty p : e.properties()) {
                        long items = p.isList() ? (long) value(buf, p.countType()) : 1;
                        for (long k = 0; k < items; k++) {
                            value(buf, p.type());
                        }
                    }
                }
            }
            GaussianCloud cloud = new GaussianCloud(n, layout.shDegree());
            cloud.setSize(n);
            for (int r = 0; r < n; r++) {
                for (int p = 0; p < v.properties().size(); p++) {
                    double x = value(buf, v.properties().get(p).type());
                    SplatColumn c = layout.targets()[p];
                    if (c != null) {
                        c.set(cloud, r, (float) x);
                    }
                }
            }
            CloudChecks.requireFinite(file, cloud, options);
            return cloud;
        } catch (java.nio.BufferUnderflowException e) {
            throw CorruptDataException.at(file, buf.position(), "truncated");
        }
    }

    private static double value(ByteBuffer b, PlyType t) {
        return switch (t) {
            case INT8 -> b.get();
            case UINT8 -> b.get() & 0xff;
            case INT16 -> b.getShort();
            case UINT16 -> b.getShort() & 0xffff;
            case INT32 -> b.getInt();
            case UINT32 -> b.getInt() & 0xffffffffL;
            case FLOAT32 -> b.getFloat();
            case FLOAT64 -> b.getDouble();
        };
    }
}
