package org.splatforge.core.io.spz;

import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.splatforge.core.io.CloudChecks;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneHeader;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;

/**
 * Reads SPZ files: versions 1-3 (one gzip stream: a 16-byte header, then positions,
 * alphas, colors, scales, rotations, SH) and version 4 (a plain 32-byte NGSP header,
 * optional extension records, a table of contents, then one zstd frame per attribute
 * stream, in the same order). Every count is checked against what the file can hold
 * before anything is allocated: deflate expands at most 1032:1 and a zstd frame at most
 * about 32768:1 (128 KiB RLE blocks of 4 bytes), so a lying header cannot make us
 * allocate more than a bounded multiple of the file size.
 */
final class SpzReader {

    static final String[] STREAM_NAMES = {"positions", "alphas", "colors", "scales", "rotations", "sh"};
    /** Deflate's largest expansion ratio (RFC 1951: 258-byte matches from ~2 bits). */
    static final long GZIP_MAX_RATIO = 1032;
    /** zstd's largest practical expansion: a 128 KiB RLE block from a 3-byte header plus 1 byte. */
    static final long ZSTD_MAX_RATIO = 32768;
    static final int TYPE_COORDINATE_SYSTEM = 0xADBE0003;

    private SpzReader() {
    }

    static boolean isV4(byte[] head, int n) {
        return n >= 4 && head[0] == 'N' && head[1] == 'G' && head[2] == 'S' && head[3] == 'P';
    }

    static boolean isGzip(byte[] head, int n) {
        return n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    static GaussianCloud read(Path file, ReadOptions options) throws IOException {
        byte[] head = head(file);
        SpzPacked packed;
        SpzAxes axes = SpzAxes.RUB;
        if (isV4(head, head.length)) {
            byte[] all = readAll(file);
            SpzHeader h = v4Header(file, all);
            axes = extensions(file, all, h);
            packed = v4Streams(file, all, h, options);
        } else if (isGzip(head, head.length)) {
            packed = legacy(file);
        } else {
            throw notSpz(file, head);
        }
        if (packed.header.shDegree() > 3) {
            Log.warn("%s: SPZ SH degree %d; keeping bands 0..3", file, packed.header.shDegree());
        }
        GaussianCloud c = packed.unpack(axes, options.workers());
        CloudChecks.requireFinite(file, c, options);
        return c;
    }

    static SceneHeader probe(Path file) throws IOException {
        byte[] head = head(file);
        SpzHeader h;
        Map<String, String> d = new LinkedHashMap<>();
        if (isV4(head, head.length)) {
            byte[] all = readAll(file);
            h = v4Header(file, all);
            SpzAxes axes = extensions(file, all, h);
            d.put("compression", "zstd, " + h.numStreams() + " streams");
            d.put("stored axes", axes == SpzAxes.RUB ? "RUB (SPZ default)" : "from extension " + java.util.Arrays.toString(axes.flip()));
        } else if (isGzip(head, head.length)) {
            try (InputStream in = gunzip(file)) {
                h = legacyHeader(file, in);
            } catch (ZipException | EOFException e) {
                throw CorruptDataException.at(file, -1, "corrupt gzip stream: " + e.getMessage());
            }
            d.put("compression", "gzip");
            d.put("stored axes", "RUB (SPZ default)");
        } else {
            throw notSpz(file, head);
        }
        d.put("version", Integer.toString(h.version()));
        d.put("fractional bits", Integer.toString(h.fractionalBits()));
        d.put("antialiased", Boolean.toString((h.flags() & SpzHeader.FLAG_ANTIALIASED) != 0));
        return new SceneHeader("spz", h.numPoints(), Math.min(3, h.shDegree()), d);
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        }
    }

    private static CorruptDataException notSpz(Path file, byte[] head) {
        StringBuilder sb = new StringBuilder();
        for (byte b : head) {
            sb.append(String.format("%02x ", b & 0xff));
        }
        return CorruptDataException.at(file, 0, "not an SPZ file: expected a gzip stream (1f 8b) or the 'NGSP' magic (4e 47 53 50), found "
                + (head.length == 0 ? "an empty file" : sb.toString().strip()));
    }

    private static byte[] readAll(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw CorruptDataException.at(file, -1, "file of " + size + " bytes is larger than an SPZ file we can hold (2 GiB)");
        }
        return Files.readAllBytes(file);
    }

    // ---- version 4 ---------------------------------------------------------------------

    static SpzHeader v4Header(Path file, byte[] b) throws CorruptDataException {
        if (b.length < 32) {
            throw CorruptDataException.at(file, b.length, "truncated: an SPZ v4 header needs 32 bytes, the file has " + b.length);
        }
        int version = i32(b, 4);
        if (version != 4) {
            throw CorruptDataException.field(file, "version", "NGSP header version " + Integer.toUnsignedString(version)
                    + " is not supported; expected 4 (versions 1-3 are gzip files)");
        }
        long n = i32(b, 8) & 0xffffffffL;
        int degree = b[12] & 0xff;
        int frac = b[13] & 0xff;
        int flags = b[14] & 0xff;
        int streams = b[15] & 0xff;
        long toc = i32(b, 16) & 0xffffffffL;
        checkCommon(file, n, degree, frac);
        int expectedStreams = degree == 0 ? 5 : 6;
        if (streams != expectedStreams && !(degree == 0 && streams == 6)) {
            throw CorruptDataException.at(file, 15, "numStreams " + streams + "; expected " + expectedStreams + " for SH degree " + degree);
        }
        if (toc < 32 || toc + streams * 16L > b.length) {
            throw CorruptDataException.at(file, 16, "tocByteOffset " + toc + " with " + streams + " TOC entries does not fit a file of "
                    + b.length + " bytes (expected 32 <= offset <= size - 16*streams)");
        }
        return new SpzHeader(4, n, degree, frac, flags, streams, toc);
    }

    private static void checkCommon(Path file, long n, int degree, int frac) throws CorruptDataException {
        if (degree > 4) {
            throw CorruptDataException.field(file, "shDegree", "SH degree " + degree + "; expected 0..4");
        }
        if (frac > 23) {
            throw CorruptDataException.field(file, "fractionalBits", frac + "; expected 0..23 for 24-bit positions");
        }
        CloudChecks.checkCount(file, "numPoints", n, Math.min(3, degree));
        // Each packed stream must fit a Java array too (SH degree 4: 72 bytes per point).
        long widest = Math.max(9, ((degree + 1) * (degree + 1) - 1) * 3L);
        if (n * widest > Integer.MAX_VALUE - 8) {
            throw CorruptDataException.field(file, "numPoints", n + " Gaussians of SH degree " + degree
                    + " need a stream of " + n * widest + " bytes, more than one array can hold");
        }
    }

    /** Parses the v4 extension records; returns the axes they declare (RUB when none). */
    static SpzAxes extensions(Path file, byte[] b, SpzHeader h) throws CorruptDataException {
        SpzAxes axes = SpzAxes.RUB;
        if ((h.flags() & SpzHeader.FLAG_EXTENSIONS) == 0) {
            return axes;
        }
        long pos = 32;
        while (pos < h.tocOffset()) {
            if (pos + 8 > h.tocOffset()) {
                throw CorruptDataException.at(file, pos, "truncated extension record: 8 header bytes needed before the TOC at " + h.tocOffset());
            }
            int type = i32(b, (int) pos);
            long len = i32(b, (int) pos + 4) & 0xffffffffL;
            if (pos + 8 + len > h.tocOffset()) {
                throw CorruptDataException.at(file, pos + 4, "extension record of " + len + " bytes runs past the TOC at " + h.tocOffset());
            }
            if (type == TYPE_COORDINATE_SYSTEM && len >= 1) {
                int cs = b[(int) pos + 8] & 0xff;
                axes = SpzAxes.forCoordinateSystem(cs);
                if (axes == null) {
                    throw CorruptDataException.at(file, pos + 8, "SPZ_ADOBE_coordinate_system " + cs
                            + " is a rotated-family system; only the axis-aligned ones (LDB..RUF) are supported");
                }
            }
            pos += 8 + len;
        }
        return axes;
    }

    static SpzPacked v4Streams(Path file, byte[] b, SpzHeader h, ReadOptions options) throws CorruptDataException {
        int streams = h.numStreams();
        long[] off = new long[streams];
        long[] comp = new long[streams];
        long pos = h.tocOffset() + streams * 16L;
        long compTotal = 0, rawTotal = 0;
        for (int s = 0; s < streams; s++) {
            int e = (int) h.tocOffset() + s * 16;
            comp[s] = i64(b, e);
            long raw = i64(b, e + 8);
            long expected = h.streamBytes(s);
            if (raw != expected) {
                throw CorruptDataException.at(file, e + 8, "TOC entry " + s + " (" + STREAM_NAMES[s] + "): " + Long.toUnsignedString(raw)
                        + " uncompressed bytes; expected " + expected + " for " + h.numPoints() + " Gaussians");
            }
            if (comp[s] < 0 || comp[s] > b.length - pos) {
                throw CorruptDataException.at(file, e, "TOC entry " + s + " (" + STREAM_NAMES[s] + "): " + Long.toUnsignedString(comp[s])
                        + " compressed bytes from byte " + pos + " run past the end of the file at " + b.length + " (truncated?)");
            }
            off[s] = pos;
            pos += comp[s];
            compTotal += comp[s];
            rawTotal += raw;
        }
        if (rawTotal > compTotal * ZSTD_MAX_RATIO + (1 << 20)) {
            throw CorruptDataException.field(file, "numPoints", h.numPoints() + " Gaussians need " + rawTotal
                    + " bytes, more than " + compTotal + " compressed bytes can hold");
        }
        SpzPacked p = new SpzPacked(h);
        CorruptDataException[] failure = new CorruptDataException[streams];
        options.workers().parallelFor(streams, 1, (start, end, worker) -> {
            for (int s = start; s < end; s++) {
                byte[] dst = p.stream(s);
                if (comp[s] == 0 && dst.length == 0) {
                    continue;
                }
                try {
                    int got = new ZstdDecompressor().decompress(b, (int) off[s], (int) comp[s], dst, 0, dst.length);
                    if (got != dst.length) {
                        failure[s] = CorruptDataException.at(file, off[s], "zstd stream " + s + " (" + STREAM_NAMES[s] + ") holds "
                                + got + " bytes; expected " + dst.length);
                    }
                } catch (RuntimeException ex) { // MalformedInputException, or bounds errors on garbage
                    failure[s] = CorruptDataException.at(file, off[s], "corrupt zstd stream " + s + " (" + STREAM_NAMES[s] + "): "
                            + ex.getMessage());
                }
            }
        });
        for (CorruptDataException f : failure) {
            if (f != null) {
                throw f;
            }
        }
        return p;
    }

    // ---- versions 1-3 ------------------------------------------------------------------

    private static InputStream gunzip(Path file) throws IOException {
        return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16);
    }

    private static SpzHeader legacyHeader(Path file, InputStream in) throws IOException {
        byte[] hb = in.readNBytes(16);
        if (hb.length < 16) {
            throw CorruptDataException.at(file, -1, "truncated: the gzip stream holds " + hb.length + " bytes; an SPZ header needs 16");
        }
        if (i32(hb, 0) != SpzHeader.MAGIC) {
            throw CorruptDataException.field(file, "magic", "the gzip stream does not start with 'NGSP'; this is a gzip file but not SPZ");
        }
        int version = i32(hb, 4);
        if (version < 1 || version > 3) {
            throw CorruptDataException.field(file, "version", "gzip SPZ version " + Integer.toUnsignedString(version) + "; expected 1, 2 or 3");
        }
        long n = i32(hb, 8) & 0xffffffffL;
        int degree = hb[12] & 0xff, frac = hb[13] & 0xff, flags = hb[14] & 0xff;
        checkCommon(file, n, degree, frac);
        return new SpzHeader(version, n, degree, frac, flags, 0, 0);
    }

    static SpzPacked legacy(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = gunzip(file)) {
            SpzHeader h = legacyHeader(file, in);
            long payload = h.numPoints() * h.bytesPerPoint();
            if (payload > size * GZIP_MAX_RATIO + (1 << 20)) {
                throw CorruptDataException.field(file, "numPoints", h.numPoints() + " Gaussians need " + payload
                        + " bytes, more than a gzip stream of " + size + " bytes can hold (deflate expands at most 1032:1)");
            }
            SpzPacked p = new SpzPacked(h);
            long at = 16;
            for (int s = 0; s < 6; s++) {
                byte[] dst = p.stream(s);
                int got = in.readNBytes(dst, 0, dst.length);
                if (got < dst.length) {
                    throw CorruptDataException.at(file, -1, "truncated: the gzip stream ends in the " + STREAM_NAMES[s] + " at uncompressed byte "
                            + (at + got) + "; " + h.numPoints() + " Gaussians need " + (16 + payload));
                }
                at += dst.length;
            }
            return p;
        } catch (ZipException | EOFException e) {
            throw CorruptDataException.at(file, -1, "corrupt or truncated gzip stream: " + e.getMessage());
        }
    }

    static int i32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }

    static long i64(byte[] b, int o) {
        return (i32(b, o) & 0xffffffffL) | (long) i32(b, o + 4) << 32;
    }
}
