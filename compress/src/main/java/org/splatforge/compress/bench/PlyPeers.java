package org.splatforge.compress.bench;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * General-purpose compressors applied to the INRIA PLY, the baseline a scene codec must
 * beat: gzip (DEFLATE at its best level, as {@code gzip -9}) and zstd (aircompressor's pure
 * Java zstd, level 3 as the {@code zstd} command's default). Both are lossless: the decoded
 * PLY is the input byte for byte (checked).
 */
final class PlyPeers {

    private PlyPeers() {
    }

    /** Compressed bytes and the two timings. */
    record Result(byte[] compressed, double encodeSeconds, double decodeSeconds) {
    }

    static Result gzip(Path ply) throws IOException {
        byte[] raw = Files.readAllBytes(ply);
        long t0 = System.nanoTime();
        ByteArrayOutputStream bos = new ByteArrayOutputStream(raw.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(bos, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(raw);
        }
        byte[] c = bos.toByteArray();
        long t1 = System.nanoTime();
        byte[] back;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(c), 1 << 16)) {
            back = in.readAllBytes();
        }
        long t2 = System.nanoTime();
        check(raw, back, "gzip");
        return new Result(c, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    static Result zstd(Path ply) throws IOException {
        byte[] raw = Files.readAllBytes(ply);
        long t0 = System.nanoTime();
        ZstdCompressor z = new ZstdCompressor();
        byte[] buf = new byte[z.maxCompressedLength(raw.length)];
        int n = z.compress(raw, 0, raw.length, buf, 0, buf.length);
        byte[] c = Arrays.copyOf(buf, n);
        long t1 = System.nanoTime();
        byte[] back = new byte[raw.length];
        int m = new ZstdDecompressor().decompress(c, 0, c.length, back, 0, back.length);
        long t2 = System.nanoTime();
        check(raw, Arrays.copyOf(back, m), "zstd");
        return new Result(c, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    private static void check(byte[] raw, byte[] back, String what) {
        if (!Arrays.equals(raw, back)) {
            throw new IllegalStateException(what + " did not give the PLY back byte for byte");
        }
    }
}
