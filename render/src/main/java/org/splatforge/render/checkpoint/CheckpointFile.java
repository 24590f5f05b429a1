package org.splatforge.render.checkpoint;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.CorruptDataException;

/**
 * The checkpoint file format ({@code .sfck}), little-endian:
 * <pre>
 *   magic "SFCKPT01" (8 bytes), u32 entry count
 *   per entry: u16 name length, name (UTF-8), u8 type (1 f32, 2 i32, 3 i64, 4 f64, 5 UTF-8 text),
 *              u64 payload bytes, payload, u32 CRC32C of everything from the name length on
 *   trailer: magic "SFCKEND!" (8 bytes)
 * </pre>
 * Writes are atomic ({@link AtomicFiles}): a crash leaves the previous checkpoint intact.
 * Reads check every length against the file size before allocating, every CRC, and the
 * trailer; any mismatch is a {@link CorruptDataException} naming the file, the byte offset
 * and what was expected.
 */
public final class CheckpointFile {

    static final byte[] MAGIC = "SFCKPT01".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TRAILER = "SFCKEND!".getBytes(StandardCharsets.US_ASCII);
    static final int F32 = 1;
    static final int I32 = 2;
    static final int I64 = 3;
    static final int F64 = 4;
    static final int TEXT = 5;

    private CheckpointFile() {
    }

    /** Atomically writes {@code data} to {@code file}. */
    public static void write(Path file, CheckpointData data) throws IOException {
        AtomicFiles.write(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.write(MAGIC);
            writeU32(out, data.entries().size());
            for (Map.Entry<String, Object> e : data.entries().entrySet()) {
                writeEntry(out, e.getKey(), e.getValue());
            }
            out.write(TRAILER);
            out.flush();
        });
    }

    private static void writeEntry(DataOutputStream out, String name, Object v) throws IOException {
        byte[] nb = name.getBytes(StandardCharsets.UTF_8);
        int type;
        ByteBuffer payload;
        switch (v) {
            case float[] a -> {
                type = F32;
                payload = le(a.length * 4L);
                payload.asFloatBuffer().put(a);
            }
            case int[] a -> {
                type = I32;
                payload = le(a.length * 4L);
                payload.asIntBuffer().put(a);
            }
            case long[] a -> {
                type = I64;
                payload = le(a.length * 8L);
                payload.asLongBuffer().put(a);
            }
            case double[] a -> {
                type = F64;
                payload = le(a.length * 8L);
                payload.asDoubleBuffer().put(a);
            }
            case byte[] a -> {
                type = TEXT;
                payload = ByteBuffer.wrap(a);
            }
            default -> throw new IllegalArgumentException("unsupported checkpoint entry type for " + name);
        }
        ByteBuffer head = le(2 + nb.length + 1 + 8);
        head.putShort((short) nb.length).put(nb).put((byte) type).putLong(payload.capacity());
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, head.capacity());
        crc.update(payload.array(), 0, payload.capacity());
        out.write(head.array());
        out.write(payload.array(), 0, payload.capacity());
        writeU32(out, (int) crc.getValue());
    }

    private static ByteBuffer le(long bytes) {
        if (bytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("checkpoint entry too large: " + bytes + " bytes");
        }
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeU32(DataOutputStream out, int v) throws IOException {
        out.write(le(4).putInt(v).array());
    }

    /** Reads and fully validates a checkpoint. */
    public static CheckpointData read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 64) {
                throw CorruptDataException.at(file, -1, "checkpoint of " + size + " bytes is larger than supported (2 GiB)");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // fill
            }
            buf.flip();
            return parse(file, buf);
        }
    }

    static CheckpointData parse(Path file, ByteBuffer b) throws CorruptDataException {
        long size = b.limit();
        if (size < MAGIC.length + 4 + TRAILER.length) {
            throw CorruptDataException.at(file, 0, "file of " + size + " bytes is too short for a checkpoint");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                throw CorruptDataException.at(file, 0, "bad magic: expected \"SFCKPT01\" (a Splatforge training checkpoint)");
            }
        }
        b.position(MAGIC.length);
        long count = b.getInt() & 0xFFFFFFFFL;
        // Every entry takes at least 2+1+1+8+4 bytes.
        if (count * 16 > size) {
            throw CorruptDataException.at(file, MAGIC.length, "entry count " + count + " exceeds what a "
                    + size + "-byte file can hold");
        }
        CheckpointData data = new CheckpointData(file);
        for (long e = 0; e < count; e++) {
            int start = b.position();
            need(file, b, start, 2, "entry " + e + " name length");
            int nameLen = b.getShort() & 0xFFFF;
            need(file, b, b.position(), nameLen + 1 + 8, "entry " + e + " header");
            byte[] nb = new byte[nameLen];
            b.get(nb);
            String name = new String(nb, StandardCharsets.UTF_8);
            int type = b.get() & 0xFF;
            long len = b.getLong();
            int payloadAt = b.position();
            if (len < 0 || len > size - payloadAt - 4) {
                throw CorruptDataException.at(file, payloadAt - 8, "entry '" + name + "': payload of " + len
                        + " bytes runs past the end of the file (" + size + " bytes): truncated?");
            }
            int unit = switch (type) {
                case F32, I32 -> 4;
                case I64, F64 -> 8;
                case TEXT -> 1;
                default -> throw CorruptDataException.at(file, payloadAt - 9, "entry '" + name + "': unknown type " + type);
            };
            if (len % unit != 0) {
                throw CorruptDataException.at(file, payloadAt - 8, "entry '" + name + "': " + len
                        + " bytes is not a whole number of " + unit + "-byte values");
            }
            CRC32C crc = new CRC32C();
            crc.update(b.array(), start, payloadAt - start + (int) len);
            b.position(payloadAt + (int) len);
            int stored = b.getInt();
            if (stored != (int) crc.getValue()) {
                throw CorruptDataException.at(file, start, "entry '" + name + "': CRC32C mismatch (damaged file)");
            }
            ByteBuffer p = b.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(payloadAt).limit(payloadAt + (int) len);
            int n = (int) (len / unit);
            Object v = switch (type) {
                case F32 -> {
                    float[] a = new float[n];
                    p.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
                    yield a;
                }
                case I32 -> {
                    int[] a = new int[n];
                    p.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(a);
                    yield a;
                }
                case I64 -> {
                    long[] a = new long[n];
                    p.slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(a);
                    yield a;
                }
                case F64 -> {
                    double[] a = new double[n];
                    p.slice().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(a);
                    yield a;
                }
                default -> {
                    byte[] a = new byte[n];
                    p.get(a);
                    yield a;
                }
            };
            if (data.has(name)) {
                throw CorruptDataException.at(file, start, "duplicate entry '" + name + "'");
            }
            data.putRaw(name, v);
        }
        int at = b.position();
        if (size - at != TRAILER.length) {
            throw CorruptDataException.at(file, at, "expected the 8-byte trailer after " + count + " entries, found "
                    + (size - at) + " bytes");
        }
        for (int i = 0; i < TRAILER.length; i++) {
            if (b.get(at + i) != TRAILER[i]) {
                throw CorruptDataException.at(file, at, "bad trailer: expected \"SFCKEND!\"");
            }
        }
        return data;
    }

    private static void need(Path file, ByteBuffer b, int at, long n, String what) throws CorruptDataException {
        if (b.limit() - at < n) {
            throw CorruptDataException.at(file, at, what + " runs past the end of the file: truncated?");
        }
    }
}
