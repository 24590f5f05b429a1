package org.splatforge.compress.codec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.splatforge.compress.container.ByteReader;
import org.splatforge.compress.container.SectionInfo;
import org.splatforge.compress.container.SfzReader;
import org.splatforge.compress.entropy.StreamCorruptException;
import org.splatforge.core.io.CorruptDataException;

/**
 * What an {@code .sfz} archive's header says, read without decoding any Gaussian: the
 * container version, the {@code HEAD} section's counts and settings, the section table and
 * the {@code META} text. For {@code splat info} and batch manifests.
 *
 * @param major        container major version
 * @param minor        container minor version
 * @param sourceCount  Gaussians in the encoder's input (before pruning)
 * @param count        Gaussians stored
 * @param sourceDegree SH degree of the encoder's input
 * @param shDegree     SH degree of the decoded cloud
 * @param quality      the preset the archive was written with
 * @param lossless     every attribute stored bit-exact
 * @param permuted     a {@code PERM} section restores the input order
 * @param blockSize    Gaussians per independently coded block
 * @param sections     the section table, in file order
 * @param meta         the {@code META} text (empty when absent)
 */
public record ArchiveInfo(int major, int minor, long sourceCount, int count, int sourceDegree, int shDegree,
                          Quality quality, boolean lossless, boolean permuted, int blockSize,
                          List<SectionInfo> sections, String meta) {

    /**
     * Reads the header, the table, {@code HEAD} and {@code META} of {@code file}; other
     * payloads are skipped unread (their CRCs are not checked: decode does that).
     *
     * @throws CorruptDataException if the container or {@code HEAD} is damaged
     */
    public static ArchiveInfo read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString(), DecodeOptions.defaults());
        }
    }

    /** As {@link #read(Path)} from a stream positioned at the archive's first byte. */
    public static ArchiveInfo read(InputStream in, String source, DecodeOptions opt) throws IOException {
        SfzReader r = new SfzReader(in, source, opt.maxSectionBytes());
        Header head = null;
        String meta = "";
        List<SectionInfo> table = new ArrayList<>(r.sections());
        while (r.hasNext()) {
            SectionInfo s = r.peek();
            boolean wanted = s.tag().equals(Tags.HEAD) || s.tag().equals(Tags.META);
            if (!wanted) {
                r.skipNext();
                continue;
            }
            byte[] payload = r.readNext();
            try {
                ByteReader br = new ByteReader(payload);
                if (s.tag().equals(Tags.HEAD)) {
                    head = Header.decode(br, opt.maxGaussians());
                } else {
                    br.u8("META version", 1, 1);
                    meta = br.string("META text", payload.length);
                }
            } catch (StreamCorruptException e) {
                throw r.corrupt(s, e.offset(), e.detail());
            }
        }
        if (head == null) {
            throw new CorruptDataException(source + ": the archive has no HEAD section");
        }
        return new ArchiveInfo(r.majorVersion(), r.minorVersion(), head.sourceCount(), head.count(),
                head.sourceDegree(), head.shDegree(), head.quality(), head.lossless(), head.permuted(),
                head.blockSize(), List.copyOf(table), meta);
    }

    /** Payload bytes of all sections with tag {@code tag}. */
    public long sectionBytes(String tag) {
        long n = 0;
        for (SectionInfo s : sections) {
            if (s.tag().equals(tag)) {
                n += s.length();
            }
        }
        return n;
    }
}
