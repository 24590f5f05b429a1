package org.splatforge.core.io.spz;

import io.airlift.compress.zstd.ZstdCompressor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;

/**
 * Writes SPZ: version 4 (NGSP header, TOC, one zstd frame per stream, compressed in
 * parallel) or the gzip versions 2 and 3 for older readers. Data is stored in SPZ's
 * default RUB axes with no extension records, as the spz library and splat-transform
 * write it.
 */
final class SpzWriter {

    private SpzWriter() {
    }

    static void write(Path file, GaussianCloud c, int version, Device device) throws IOException {
        int bad = c.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException(file + ": Gaussian " + bad + " has a NaN or infinite attribute; SPZ cannot store it");
        }
        int frac = fractionalBits(c);
        if (frac < 12) {
            Log.warn("%s: positions reach %.1f; SPZ stores them with %d fractional bits (resolution %.2g) instead of 12",
                    file, maxAbs(c), frac, 1.0 / (1 << frac));
        }
        SpzPacked p = SpzPacked.pack(c, version, frac, device);
        if (version == 4) {
            writeV4(file, p, device);
        } else {
            AtomicFiles.write(file, out -> writeLegacy(out, p));
        }
    }

    /** 12 (the library's choice, about 0.25 mm at metre scale) or fewer when the scene is larger than 2048 units. */
    static int fractionalBits(GaussianCloud c) {
        double max = maxAbs(c);
        int bits = 12;
        while (bits > 0 && max > SpzPacked.maxCoordinate(bits)) {
            bits--;
        }
        if (max > SpzPacked.maxCoordinate(0)) {
            throw new IllegalArgumentException("a position coordinate of " + max + " is beyond SPZ's 24-bit range (+/-"
                    + SpzPacked.maxCoordinate(0) + ")");
        }
        return bits;
    }

    private static double maxAbs(GaussianCloud c) {
        float max = 0;
        float[] m = c.means();
        for (int i = 0; i < c.size() * 3; i++) {
            max = Math.max(max, Math.abs(m[i]));
        }
        return max;
    }

    private static void writeLegacy(OutputStream out, SpzPacked p) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                // zlib level 1, not the library's default 6: on quantized SH (few distinct byte
                // values) level 6 runs at ~2 MB/s here (30 s for 1M Gaussians), level 1 at ~30 MB/s
                // for files about 12% larger. Any gzip level reads the same.
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        SpzHeader h = p.header;
        ByteBuffer hb = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        hb.putInt(SpzHeader.MAGIC).putInt(h.version()).putInt((int) h.numPoints())
                .put((byte) h.shDegree()).put((byte) h.fractionalBits()).put((byte) 0).put((byte) 0);
        gz.write(hb.array());
        for (int s = 0; s < 6; s++) {
            gz.write(p.stream(s));
        }
        gz.finish();
    }

    private static void writeV4(Path file, SpzPacked p, Device device) throws IOException {
        SpzHeader h = p.header;
        int streams = h.shDegree() == 0 ? 5 : 6; // as the spz library writes: no empty SH stream
        byte[][] compressed = new byte[streams][];
        int[] lengths = new int[streams];
        device.parallelFor(streams, 1, (start, end, worker) -> {
            for (int s = start; s < end; s++) {
                byte[] raw = p.stream(s);
                ZstdCompressor z = new ZstdCompressor();
                compressed[s] = new byte[z.maxCompressedLength(raw.length)];
                lengths[s] = z.compress(raw, 0, raw.length, compressed[s], 0, compressed[s].length);
            }
        });
        ByteBuffer head = ByteBuffer.allocate(32 + streams * 16).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(SpzHeader.MAGIC).putInt(4).putInt((int) h.numPoints())
                .put((byte) h.shDegree()).put((byte) h.fractionalBits()).put((byte) 0).put((byte) streams)
                .putInt(32).put(new byte[12]);
        for (int s = 0; s < streams; s++) {
            head.putLong(lengths[s]).putLong(p.stream(s).length);
        }
        head.flip();
        AtomicFiles.writeChannel(file, ch -> {
            while (head.hasRemaining()) {
                ch.write(head);
            }
            for (int s = 0; s < streams; s++) {
                ByteBuffer b = ByteBuffer.wrap(compressed[s], 0, lengths[s]);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        });
    }
}
