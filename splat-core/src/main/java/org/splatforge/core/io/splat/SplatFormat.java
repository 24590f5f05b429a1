package org.splatforge.core.io.splat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.CloudChecks;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFormat;
import org.splatforge.core.io.SceneHeader;
import org.splatforge.core.io.WriteOptions;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;

/**
 * antimatter15's {@code .splat} (the WebGL viewer's format, also read by splat-transform):
 * no header, 32 bytes per Gaussian, little-endian:
 * <pre>
 *   0  float32 x, y, z          position
 *  12  float32 sx, sy, sz       scale, linear (exp of the log-scale)
 *  24  uint8 r, g, b, a         colour 255*(0.5 + C0*f_dc), alpha 255*sigmoid(opacity)
 *  28  uint8 qw, qx, qy, qz     unit quaternion, q*128 + 128
 * </pre>
 * Only the base colour survives: higher SH bands are dropped on write (with a warning).
 * Precision: colour and alpha to 1/255, quaternion components to 1/128; positions and
 * scales exact (float32). We round to nearest where antimatter15's converter truncates;
 * both decode the same way. There is no magic number, so the extension identifies it.
 */
public final class SplatFormat implements SceneFormat {

    /** Bytes per Gaussian. */
    public static final int ROW = 32;
    /** The SH band-0 constant: colour = 0.5 + C0 * f_dc. */
    public static final double SH_C0 = 0.28209479177387814;

    private static final ValueLayout.OfFloat F_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    @Override
    public String name() {
        return "splat";
    }

    @Override
    public String description() {
        return "antimatter15 .splat (32 bytes per Gaussian, base colour only, 8-bit colour and rotation)";
    }

    @Override
    public List<String> extensions() {
        return List.of(".splat");
    }

    @Override
    public boolean matches(byte[] head, int length) {
        return false; // no magic number
    }

    @Override
    public boolean hasMagic() {
        return false;
    }

    private static int count(Path file, long size) throws CorruptDataException {
        if (size == 0) {
            throw CorruptDataException.at(file, 0, "empty file: a .splat holds 32 bytes per Gaussian");
        }
        if (size % ROW != 0) {
            throw CorruptDataException.at(file, size - size % ROW, "file size " + size + " is not a multiple of 32 bytes (one .splat row):"
                    + " the last row is truncated, or this is not a .splat file");
        }
        return CloudChecks.checkCount(file, "row count", size / ROW, 0);
    }

    @Override
    public SceneHeader probe(Path file) throws IOException {
        int n = count(file, Files.size(file));
        Map<String, String> d = new LinkedHashMap<>();
        d.put("row size", ROW + " bytes");
        return new SceneHeader(name(), n, 0, d);
    }

    @Override
    public GaussianCloud read(Path file, ReadOptions options) throws IOException {
        try (Arena arena = Arena.ofShared(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n = count(file, ch.size());
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, (long) n * ROW, arena);
            GaussianCloud c = new GaussianCloud(n, 0);
            c.setSize(n);
            options.workers().parallelFor(n, 1 << 15, (start, end, worker) -> decode(seg, c, start, end));
            CloudChecks.requireFinite(file, c, options);
            return c;
        }
    }

    static void decode(MemorySegment seg, GaussianCloud c, int start, int end) {
        float[] m = c.means(), s = c.logScales(), q = c.quats(), o = c.opacityLogits(), sh = c.sh();
        for (int i = start; i < end; i++) {
            long b = (long) i * ROW;
            for (int a = 0; a < 3; a++) {
                m[i * 3 + a] = seg.get(F_LE, b + a * 4L);
                s[i * 3 + a] = (float) Math.log(seg.get(F_LE, b + 12 + a * 4L));
                sh[i * 3 + a] = (float) (((seg.get(ValueLayout.JAVA_BYTE, b + 24 + a) & 0xff) / 255.0 - 0.5) / SH_C0);
            }
            o[i] = GaussianCloud.logit((seg.get(ValueLayout.JAVA_BYTE, b + 27) & 0xff) / 255f);
            double qw = ((seg.get(ValueLayout.JAVA_BYTE, b + 28) & 0xff) - 128) / 128.0;
            double qx = ((seg.get(ValueLayout.JAVA_BYTE, b + 29) & 0xff) - 128) / 128.0;
            double qy = ((seg.get(ValueLayout.JAVA_BYTE, b + 30) & 0xff) - 128) / 128.0;
            double qz = ((seg.get(ValueLayout.JAVA_BYTE, b + 31) & 0xff) - 128) / 128.0;
            double norm = Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
            if (norm == 0) {
                qw = norm = 1; // all four bytes 128: no rotation stored; take the identity
            }
            q[i * 4] = (float) (qw / norm);
            q[i * 4 + 1] = (float) (qx / norm);
            q[i * 4 + 2] = (float) (qy / norm);
            q[i * 4 + 3] = (float) (qz / norm);
        }
    }

    @Override
    public void write(Path file, GaussianCloud cloud, WriteOptions options) throws IOException {
        int n = cloud.size();
        if (n == 0) {
            throw new IllegalArgumentException(file + ": a .splat file cannot hold an empty scene (it has no header); use .ply");
        }
        if (cloud.shDegree() > 0) {
            Log.warn("%s: .splat stores only the base colour; dropping SH bands 1..%d", file, cloud.shDegree());
        }
        Device device = options.workers();
        int chunk = Math.min(n, 1 << 19);
        byte[] buf = new byte[chunk * ROW];
        AtomicFiles.writeChannel(file, ch -> {
            for (int first = 0; first < n; first += chunk) {
                int rows = Math.min(chunk, n - first), f = first;
                device.parallelFor(rows, 1 << 14, (start, end, worker) -> encode(cloud, f + start, f + end, buf, start * ROW));
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, rows * ROW);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }
        });
    }

    /** Encodes Gaussians {@code [start, end)} into {@code buf} from byte {@code off}. */
    static void encode(GaussianCloud c, int start, int end, byte[] buf, int off) {
        float[] m = c.means(), s = c.logScales(), sh = c.sh();
        int k3 = c.shCoeffs() * 3;
        float[] q = new float[4]; // once per chunk, not per Gaussian
        for (int i = start; i < end; i++, off += ROW) {
            for (int a = 0; a < 3; a++) {
                FLOAT_LE.set(buf, off + a * 4, m[i * 3 + a]);
                FLOAT_LE.set(buf, off + 12 + a * 4, (float) Math.exp(s[i * 3 + a]));
                buf[off + 24 + a] = toByte((0.5 + SH_C0 * sh[i * k3 + a]) * 255.0);
            }
            buf[off + 27] = toByte(c.opacity(i) * 255.0);
            c.normalizedQuat(i, q, 0);
            for (int a = 0; a < 4; a++) {
                buf[off + 28 + a] = toByte(q[a] * 128.0 + 128.0);
            }
        }
    }

    /** Rounds to the nearest of 0..255 (NaN gives 0). */
    static byte toByte(double v) {
        long r = Math.round(v);
        return (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
    }
}
