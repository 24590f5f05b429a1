package org.splatforge.compress.container;

/**
 * A section-table entry as read: tag, flags, payload length in bytes, the payload's stored
 * CRC32C, its index in the table and the absolute byte offset of its payload in the file.
 */
public record SectionInfo(String tag, int flags, long length, int crc, int index, long offset) {

    public boolean critical() {
        return (flags & SfzFormat.FLAG_CRITICAL) != 0;
    }
}
