package org.splatforge.core.io.ply;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.splatforge.core.io.CloudChecks;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SplatColumn;

/**
 * The fast PLY reader: memory-maps the file and decodes the vertex rows column by column
 * in parallel chunks (each chunk of rows is about 1 MiB, so the strided reads stay in
 * cache). Binary little- and big-endian and every scalar type are decoded; ascii goes
 * through {@link PlyAscii}. {@link PlyReferenceReader} is the plain sequential twin the
 * tests compare this with.
 */
public final class PlyReader {

    private PlyReader() {
    }

    /** Reads a 3DGS PLY. */
    public static GaussianCloud read(Path file, ReadOptions options) throws IOException {
        PlyHeader h = PlyHeader.read(file);
        PlyVertexLayout layout = PlyVertexLayout.resolve(h);
        PlyElement v = h.elements().get(layout.vertexIndex());
        int n = CloudChecks.checkCount(file, "element vertex", v.count(), layout.shDegree());
        GaussianCloud cloud = new GaussianCloud(n, layout.shDegree());
        cloud.setSize(n);
        try (Arena arena = Arena.ofShared(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size != h.fileSize()) {
                throw CorruptDataException.at(file, -1, "the file changed size while being read");
            }
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            if (h.encoding() == PlyHeader.Encoding.ASCII) {
                PlyAscii.decode(h, layout, seg, cloud);
            } else {
                long off = PlyElements.binaryOffset(h, seg, layout.vertexIndex());
                long need = (long) n * v.rowSize();
                if (off + need > size) {
                    throw CorruptDataException.at(file, size, "truncated: element 'vertex' needs " + need + " bytes from byte "
                            + off + " (" + n + " rows of " + v.rowSize() + " bytes) but the file ends at byte " + size);
                }
                decodeBinary(seg, off, v, layout.targets(), h.bigEndian(), cloud, options.workers());
            }
        }
        CloudChecks.requireFinite(file, cloud, options);
        return cloud;
    }

    /** Decodes {@code cloud.size()} fixed-size rows starting at {@code off} into the target columns. */
    static void decodeBinary(MemorySegment seg, long off, PlyElement v, SplatColumn[] targets, boolean bigEndian,
                             GaussianCloud cloud, Device device) {
        int rowSize = v.rowSize();
        int props = targets.length;
        int[] propOff = new int[props];
        PlyType[] types = new PlyType[props];
        for (int p = 0; p < props; p++) {
            propOff[p] = v.offsetOf(p);
            types[p] = v.properties().get(p).type();
        }
        int grain = Math.max(256, (1 << 20) / Math.max(1, rowSize));
        device.parallelFor(cloud.size(), grain, (start, end, worker) -> {
            for (int p = 0; p < props; p++) {
                SplatColumn c = targets[p];
                if (c == null) {
                    continue;
                }
                float[] dst = c.field().array(cloud);
                long src = off + (long) start * rowSize + propOff[p];
                int d = start * c.stride() + c.base();
                if (types[p] == PlyType.FLOAT32 && !bigEndian) {
                    decodeFloatLe(seg, src, rowSize, dst, d, c.stride(), end - start);
                } else {
                    decodeAny(seg, src, rowSize, types[p], bigEndian, dst, d, c.stride(), end - start);
                }
            }
        });
    }

    /** The INRIA case: little-endian float32, {@code count} values {@code srcStride} bytes apart. */
    static void decodeFloatLe(MemorySegment seg, long src, int srcStride, float[] dst, int dstOff, int dstStride, int count) {
        for (int r = 0; r < count; r++) {
            dst[dstOff] = seg.get(PlyType.F_LE, src);
            src += srcStride;
            dstOff += dstStride;
        }
    }

    static void decodeAny(MemorySegment seg, long src, int srcStride, PlyType type, boolean bigEndian,
                          float[] dst, int dstOff, int dstStride, int count) {
        for (int r = 0; r < count; r++) {
            dst[dstOff] = (float) type.read(seg, src, bigEndian);
            src += srcStride;
            dstOff += dstStride;
        }
    }
}
