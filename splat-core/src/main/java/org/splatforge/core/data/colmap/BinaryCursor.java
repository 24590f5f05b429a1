package org.splatforge.core.data.colmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.splatforge.core.io.CorruptDataException;

/**
 * Little-endian reads over a whole file with bounds checks whose errors name the file, the
 * byte offset and the field being read ("truncated: expected 8-byte tvec of image 12").
 */
final class BinaryCursor {

    private final Path file;
    private final ByteBuffer buf;

    private BinaryCursor(Path file, ByteBuffer buf) {
        this.file = file;
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Maps the file read-only (COLMAP models of large scenes run to hundreds of MB). */
    static BinaryCursor open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw CorruptDataException.at(file, -1, "file of " + size + " bytes is larger than the 2 GiB this reader maps");
            }
            return new BinaryCursor(file, ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    Path file() {
        return file;
    }

    long offset() {
        return buf.position();
    }

    long remaining() {
        return buf.remaining();
    }

    private void need(int n, String what) throws CorruptDataException {
        if (buf.remaining() < n) {
            throw CorruptDataException.at(file, buf.position(), "truncated: expected " + n + "-byte " + what
                    + ", the file has " + buf.remaining() + " bytes left (size " + buf.limit() + ")");
        }
    }

    long u64(String what) throws CorruptDataException {
        need(8, what);
        return buf.getLong();
    }

    int u32(String what) throws CorruptDataException {
        need(4, what);
        return buf.getInt();
    }

    int u8(String what) throws CorruptDataException {
        need(1, what);
        return buf.get() & 0xFF;
    }

    double f64(String what) throws CorruptDataException {
        need(8, what);
        return buf.getDouble();
    }

    /** A finite double. */
    double finite(String what) throws CorruptDataException {
        long at = buf.position();
        double d = f64(what);
        if (!Double.isFinite(d)) {
            throw CorruptDataException.at(file, at, what + " is " + d + ", expected a finite number");
        }
        return d;
    }

    /** A NUL-terminated UTF-8 string (COLMAP's image names). */
    String cString(String what, int maxLen) throws CorruptDataException {
        int start = buf.position();
        int end = start;
        while (true) {
            if (end >= buf.limit()) {
                throw CorruptDataException.at(file, start, "truncated: " + what + " has no terminating NUL byte");
            }
            if (buf.get(end) == 0) {
                break;
            }
            if (end - start >= maxLen) {
                throw CorruptDataException.at(file, start, what + " is longer than " + maxLen + " bytes; not a COLMAP model?");
            }
            end++;
        }
        byte[] raw = new byte[end - start];
        buf.get(raw);
        buf.get(); // the NUL
        return new String(raw, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Skips {@code count * size} bytes of {@code what}, checking they are there. */
    void skip(long count, int size, String what) throws CorruptDataException {
        long n = count * size;
        if (count < 0 || n / size != count || n > buf.remaining()) {
            throw CorruptDataException.at(file, buf.position(), "truncated: " + what + " declares " + Long.toUnsignedString(count)
                    + " entries of " + size + " bytes, the file has " + buf.remaining() + " bytes left");
        }
        buf.position(buf.position() + (int) n);
    }

    /**
     * Checks a record count read at {@code countOffset} against what the rest of the file
     * could hold, so absurd counts fail at once instead of allocating.
     */
    void checkCount(long count, long countOffset, int minRecordBytes, String what) throws CorruptDataException {
        if (count < 0 || count > buf.remaining() / minRecordBytes) {
            throw CorruptDataException.at(file, countOffset, what + " count " + Long.toUnsignedString(count)
                    + " exceeds the file: that many records need at least " + minRecordBytes + " bytes each, only "
                    + buf.remaining() + " bytes follow");
        }
    }

    void expectEnd(String what) throws CorruptDataException {
        if (buf.hasRemaining()) {
            throw CorruptDataException.at(file, buf.position(), buf.remaining() + " unexpected bytes after the last "
                    + what + "; expected the end of the file");
        }
    }
}
