package org.splatforge.compress.container;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;
import org.splatforge.core.io.CorruptDataException;

/**
 * Streaming reader of a {@code .sfz} container: reads and checks the header and the
 * section table, then hands out the payloads in order, each checked against its CRC32C
 * before anyone parses it. It never seeks, so it works on pipes and sockets.
 *
 * <p>Memory stays bounded by what the file really holds: a payload is read in chunks of
 * at most 1 MiB into a buffer that grows as bytes arrive, so a table that claims a huge
 * section in a short file fails at the end of the file rather than allocating the claim.
 * {@code maxSectionBytes} caps any single payload.
 *
 * <p>Every failure is a {@link CorruptDataException} whose message names the source, the
 * absolute byte offset, the section (tag and table index) and what was expected.
 */
public final class SfzReader {

    private static final int CHUNK = 1 << 20;

    private final InputStream in;
    private final String source;
    private final long maxSectionBytes;
    private final int major;
    private final int minor;
    private final List<SectionInfo> sections;
    private long offset;
    private int next;

    /**
     * Reads the header and the section table.
     *
     * @param in              the archive, positioned at its first byte (not closed here)
     * @param source          name for messages (a file path, or e.g. "&lt;memory&gt;")
     * @param maxSectionBytes largest payload accepted
     */
    public SfzReader(InputStream in, String source, long maxSectionBytes) throws IOException {
        this.in = in;
        this.source = source;
        this.maxSectionBytes = maxSectionBytes;
        byte[] h = readFully(SfzFormat.HEADER_BYTES, "the file header");
        if (!Arrays.equals(h, 0, 8, SfzFormat.MAGIC, 0, 8)) {
            throw at(0, "not an .sfz archive: bad magic (expected 89 53 46 5A 0D 0A 1A 0A)");
        }
        ByteReader r = new ByteReader(h);
        r.skip(8, "magic");
        major = r.u16("major");
        minor = r.u16("minor");
        long count = r.u32("section count");
        int storedCrc = (int) r.u32("header CRC");
        if (SfzWriter.crc(h, 0, 16) != storedCrc) {
            throw at(16, "header CRC32C mismatch (the header bytes 0..15 are damaged)");
        }
        if (major != SfzFormat.MAJOR) {
            throw at(8, "format major version " + major + " is not supported (this decoder reads version "
                    + SfzFormat.MAJOR + ".x)");
        }
        if (count > SfzFormat.MAX_SECTIONS) {
            throw at(12, "section count " + count + " exceeds " + SfzFormat.MAX_SECTIONS);
        }
        int n = (int) count;
        byte[] t = readFully(n * SfzFormat.ENTRY_BYTES + 4, "the section table");
        int tableCrc = (int) new ByteReader(t, n * SfzFormat.ENTRY_BYTES, 4).u32("table CRC");
        if (SfzWriter.crc(t, 0, n * SfzFormat.ENTRY_BYTES) != tableCrc) {
            throw at(SfzFormat.HEADER_BYTES + (long) n * SfzFormat.ENTRY_BYTES,
                    "section table CRC32C mismatch (the table at byte " + SfzFormat.HEADER_BYTES + " is damaged)");
        }
        List<SectionInfo> list = new ArrayList<>(n);
        long payloadAt = SfzFormat.HEADER_BYTES + (long) n * SfzFormat.ENTRY_BYTES + 4;
        ByteReader tr = new ByteReader(t);
        for (int i = 0; i < n; i++) {
            long entryAt = SfzFormat.HEADER_BYTES + (long) i * SfzFormat.ENTRY_BYTES;
            int tagAt = tr.skip(4, "tag");
            if (!SfzFormat.isTag(t, tagAt)) {
                throw at(entryAt, "section " + i + ": tag is not 4 printable ASCII characters");
            }
            String tag = new String(t, tagAt, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int flags = (int) tr.u32("flags");
            long len = tr.u64("length");
            int crc = (int) tr.u32("crc");
            tr.u32("reserved");
            if (len < 0 || len > maxSectionBytes) {
                throw at(entryAt + 8, "section '" + tag + "' (#" + i + ") declares " + Long.toUnsignedString(len)
                        + " payload bytes; at most " + maxSectionBytes + " are accepted");
            }
            list.add(new SectionInfo(tag, flags, len, crc, i, payloadAt));
            payloadAt += len;
        }
        sections = Collections.unmodifiableList(list);
    }

    public int majorVersion() {
        return major;
    }

    public int minorVersion() {
        return minor;
    }

    /** The section table, in file order. */
    public List<SectionInfo> sections() {
        return sections;
    }

    public boolean hasNext() {
        return next < sections.size();
    }

    /** The next section's table entry (without reading it), or null at the end. */
    public SectionInfo peek() {
        return hasNext() ? sections.get(next) : null;
    }

    /** Reads the next payload and checks its CRC32C. */
    public byte[] readNext() throws IOException {
        SectionInfo s = sections.get(next);
        byte[] buf = new byte[(int) Math.min(s.length(), CHUNK)];
        int have = 0;
        while (have < s.length()) {
            if (have == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(s.length(), buf.length * 2L));
            }
            int got = in.read(buf, have, buf.length - have);
            if (got < 0) {
                throw at(offset, "section '" + s.tag() + "' (#" + s.index() + "): file ends after " + have + " of "
                        + s.length() + " payload bytes (truncated archive)");
            }
            have += got;
            offset += got;
        }
        CRC32C c = new CRC32C();
        c.update(buf, 0, have);
        if ((int) c.getValue() != s.crc()) {
            throw at(s.offset(), "section '" + s.tag() + "' (#" + s.index() + ", " + s.length()
                    + " bytes): CRC32C mismatch (stored " + hex(s.crc()) + ", computed " + hex((int) c.getValue())
                    + "); the payload is damaged");
        }
        next++;
        return buf;
    }

    /** Skips the next payload (an ancillary section this decoder does not understand). */
    public void skipNext() throws IOException {
        SectionInfo s = sections.get(next);
        long left = s.length();
        byte[] scratch = new byte[(int) Math.min(left, 1 << 16)];
        while (left > 0) {
            int got = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (got < 0) {
                throw at(offset, "section '" + s.tag() + "' (#" + s.index() + "): file ends inside the payload (truncated archive)");
            }
            left -= got;
            offset += got;
        }
        next++;
    }

    /** A corrupt-data error at {@code offsetInPayload} of section {@code s}. */
    public CorruptDataException corrupt(SectionInfo s, long offsetInPayload, String what) {
        return at(s.offset() + offsetInPayload, "section '" + s.tag() + "' (#" + s.index() + "), payload byte "
                + offsetInPayload + ": " + what);
    }

    /** A corrupt-data error at absolute byte {@code off}. */
    public CorruptDataException at(long off, String what) {
        return new CorruptDataException(source + ": at byte " + off + ": " + what);
    }

    private byte[] readFully(int n, String what) throws IOException {
        byte[] b = new byte[n];
        int have = 0;
        while (have < n) {
            int got = in.read(b, have, n - have);
            if (got < 0) {
                throw at(offset + have, "file ends inside " + what + " (truncated archive; " + have + " of " + n
                        + " bytes)");
            }
            have += got;
        }
        offset += n;
        return b;
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }
}
