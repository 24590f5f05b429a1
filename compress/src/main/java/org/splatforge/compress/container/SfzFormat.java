package org.splatforge.compress.container;

import java.nio.charset.StandardCharsets;

/**
 * Constants of the {@code .sfz} container (see compress/FORMAT.md for the byte tables):
 * an 8-byte magic, a 20-byte header, a section table of 24-byte entries with its own
 * CRC32C, then the section payloads in table order.
 */
public final class SfzFormat {

    /** PNG-style magic: a high byte, "SFZ", CR LF, ^Z, LF; catches text-mode mangling and truncation. */
    static final byte[] MAGIC = {(byte) 0x89, 'S', 'F', 'Z', 0x0D, 0x0A, 0x1A, 0x0A};
    /** Major version: a decoder refuses other majors. */
    public static final int MAJOR = 1;
    /** Minor version: newer minors only add sections that older decoders may skip. */
    public static final int MINOR = 0;
    /** Bytes before the section table: magic, major, minor, count, header CRC. */
    static final int HEADER_BYTES = 20;
    static final int ENTRY_BYTES = 24;
    /** Most sections a file may declare (keeps the table's allocation bounded). */
    public static final int MAX_SECTIONS = 4096;
    /** Section flag: a decoder that does not know the tag must refuse the file. */
    public static final int FLAG_CRITICAL = 1;

    private SfzFormat() {
    }

    /** Whether {@code head[0..length)} starts with the archive's magic. */
    public static boolean startsWithMagic(byte[] head, int length) {
        return length >= MAGIC.length && java.util.Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Checks and encodes a tag: exactly four printable ASCII characters. */
    static byte[] tagBytes(String tag) {
        byte[] b = tag.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 4 || !isTag(b, 0)) {
            throw new IllegalArgumentException("section tag must be 4 printable ASCII characters: '" + tag + "'");
        }
        return b;
    }

    static boolean isTag(byte[] b, int off) {
        for (int i = 0; i < 4; i++) {
            if (b[off + i] < 0x20 || b[off + i] > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
