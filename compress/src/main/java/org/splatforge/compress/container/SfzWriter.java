package org.splatforge.compress.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes a {@code .sfz} container: header, section table (with per-section length and
 * CRC32C, and a CRC32C over the table), then the payloads in order. All integers are little
 * endian. The output depends only on the sections, so equal inputs give equal bytes.
 */
public final class SfzWriter {

    private SfzWriter() {
    }

    public static void write(OutputStream out, List<Section> sections) throws IOException {
        if (sections.size() > SfzFormat.MAX_SECTIONS) {
            throw new IllegalArgumentException(sections.size() + " sections, at most " + SfzFormat.MAX_SECTIONS);
        }
        ByteWriter head = new ByteWriter(SfzFormat.HEADER_BYTES);
        head.bytes(SfzFormat.MAGIC).u16(SfzFormat.MAJOR).u16(SfzFormat.MINOR).u32(sections.size());
        byte[] h = head.toByteArray();
        head.u32(crc(h, 0, h.length));
        out.write(head.toByteArray());

        ByteWriter table = new ByteWriter(sections.size() * SfzFormat.ENTRY_BYTES + 4);
        for (Section s : sections) {
            table.bytes(SfzFormat.tagBytes(s.tag()));
            table.u32(s.critical() ? SfzFormat.FLAG_CRITICAL : 0);
            table.u64(s.payload().length);
            table.u32(crc(s.payload(), 0, s.payload().length));
            table.u32(0);
        }
        byte[] t = table.toByteArray();
        table.u32(crc(t, 0, t.length));
        out.write(table.toByteArray());
        for (Section s : sections) {
            out.write(s.payload());
        }
    }

    public static byte[] toBytes(List<Section> sections) {
        long total = SfzFormat.HEADER_BYTES + 4L + (long) sections.size() * SfzFormat.ENTRY_BYTES;
        for (Section s : sections) {
            total += s.payload().length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("archive of " + total + " bytes does not fit a byte array; write to a stream");
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream((int) total);
        try {
            write(bos, sections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
