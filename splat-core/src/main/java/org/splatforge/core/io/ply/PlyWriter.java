package org.splatforge.core.io.ply;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SplatColumn;
import org.splatforge.core.scene.SplatColumns;

/**
 * Writes the INRIA 3DGS PLY byte for byte (DESIGN.md "Data on disk"): binary little-endian
 * float32 {@code x y z nx ny nz f_dc_0..2 f_rest_0..(3(K-1)-1) opacity scale_0..2
 * rot_0..3}, normals zero, {@code f_rest} channel-major, as the reference implementation's
 * {@code save_ply} writes through plyfile. Rows are encoded in parallel into 16 MiB
 * chunks, written in order, atomically.
 */
public final class PlyWriter {

    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private PlyWriter() {
    }

    /** The exact INRIA header for {@code count} Gaussians of SH degree {@code degree}. */
    public static String header(long count, int degree) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("ply\nformat binary_little_endian 1.0\nelement vertex ").append(count).append('\n');
        for (String n : names(degree)) {
            sb.append("property float ").append(n).append('\n');
        }
        return sb.append("end_header\n").toString();
    }

    /** Property names in row order, normals included. */
    static List<String> names(int degree) {
        List<SplatColumn> cols = SplatColumns.forDegree(degree);
        java.util.ArrayList<String> names = new java.util.ArrayList<>(cols.size() + 3);
        for (int j = 0; j < cols.size(); j++) {
            if (j == 3) {
                names.add("nx");
                names.add("ny");
                names.add("nz");
            }
            names.add(cols.get(j).name());
        }
        return names;
    }

    /** Writes {@code cloud} to {@code file} atomically. */
    public static void write(Path file, GaussianCloud cloud, Device device) throws IOException {
        byte[] head = header(cloud.size(), cloud.shDegree()).getBytes(StandardCharsets.US_ASCII);
        List<SplatColumn> cols = SplatColumns.forDegree(cloud.shDegree());
        int rowSize = (cols.size() + 3) * 4;
        int n = cloud.size();
        int chunkRows = Math.max(1, Math.min(n, (16 << 20) / rowSize));
        byte[] buf = new byte[chunkRows * rowSize];
        AtomicFiles.writeChannel(file, ch -> {
            writeFully(ch, ByteBuffer.wrap(head));
            for (int first = 0; first < n; first += chunkRows) {
                int rows = Math.min(chunkRows, n - first);
                int f = first;
                device.parallelFor(rows, 2048, (start, end, worker) -> encode(cloud, cols, f + start, end - start, buf, start * rowSize, rowSize));
                writeFully(ch, ByteBuffer.wrap(buf, 0, rows * rowSize));
            }
        });
    }

    /** Encodes {@code count} rows starting at Gaussian {@code first} into {@code buf[off..)}. */
    static void encode(GaussianCloud cloud, List<SplatColumn> cols, int first, int count, byte[] buf, int off, int rowSize) {
        for (int j = 0; j < cols.size(); j++) {
            SplatColumn c = cols.get(j);
            float[] src = c.field().array(cloud);
            int stride = c.stride();
            int s = first * stride + c.base();
            int d = off + (j < 3 ? j : j + 3) * 4;
            for (int r = 0; r < count; r++) {
                FLOAT_LE.set(buf, d, src[s]);
                s += stride;
                d += rowSize;
            }
        }
        for (int r = 0; r < count; r++) { // normals: zero, as INRIA writes them
            int d = off + r * rowSize + 12;
            for (int b = 0; b < 12; b++) {
                buf[d + b] = 0;
            }
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
