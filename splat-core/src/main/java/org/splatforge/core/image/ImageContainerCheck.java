package org.splatforge.core.image;

import java.nio.file.Path;
import java.util.zip.CRC32;
import org.splatforge.core.io.CorruptDataException;

/**
 * Structural checks of PNG and JPEG bytes before they reach the native decoder, so that a
 * truncated or damaged file gets an error naming the byte offset (libpng only prints
 * "PNG input buffer is incomplete" on stderr and returns an empty image).
 *
 * <p>PNG: signature, then chunks (4-byte big-endian length, 4-byte type, data, CRC-32 of
 * type + data) up to IEND, per the PNG specification (ISO/IEC 15948, section 5.3).
 * JPEG: SOI marker (FF D8) at the start and EOI (FF D9) at the end, trailing zero padding
 * allowed (ITU T.81, B.2.1). Other formats are left to OpenCV.
 */
final class ImageContainerCheck {

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private ImageContainerCheck() {
    }

    static boolean isPng(byte[] b) {
        if (b.length < PNG_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (b[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean isJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }

    /** Throws if {@code b} is not a structurally complete PNG. */
    static void checkPng(byte[] b, Path file) throws CorruptDataException {
        long off = PNG_SIGNATURE.length;
        boolean first = true;
        CRC32 crc = new CRC32();
        while (true) {
            if (off + 8 > b.length) {
                throw CorruptDataException.at(file, off, "PNG truncated: expected a chunk header (8 bytes), file has "
                        + (b.length - off) + " more bytes and no IEND chunk");
            }
            long len = readU32(b, (int) off);
            String type = new String(b, (int) off + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (first && !type.equals("IHDR")) {
                throw CorruptDataException.at(file, off + 4, "PNG's first chunk must be IHDR, found '" + printable(type) + "'");
            }
            if (len > Integer.MAX_VALUE || off + 12 + len > b.length) {
                throw CorruptDataException.at(file, off, "PNG truncated: chunk '" + printable(type) + "' declares " + len
                        + " data bytes, the file has " + Math.max(0, b.length - off - 12) + " left");
            }
            crc.reset();
            crc.update(b, (int) off + 4, (int) (4 + len));
            long stored = readU32(b, (int) (off + 8 + len));
            if (crc.getValue() != stored) {
                throw CorruptDataException.at(file, off + 8 + len, "PNG chunk '" + printable(type) + "' fails its CRC check"
                        + " (stored " + Long.toHexString(stored) + ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
            if (type.equals("IEND")) {
                return;
            }
            off += 12 + len;
            first = false;
        }
    }

    /** Throws if {@code b} (starting with SOI) lacks the end-of-image marker. */
    static void checkJpeg(byte[] b, Path file) throws CorruptDataException {
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        if (end < 4 || (b[end - 2] & 0xFF) != 0xFF || (b[end - 1] & 0xFF) != 0xD9) {
            throw CorruptDataException.at(file, end, "JPEG truncated: no end-of-image marker (FF D9) at the end of the "
                    + b.length + "-byte file");
        }
    }

    private static long readU32(byte[] b, int o) {
        return ((long) (b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
