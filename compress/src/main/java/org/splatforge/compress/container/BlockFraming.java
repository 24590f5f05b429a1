package org.splatforge.compress.container;

import org.splatforge.compress.entropy.StreamCorruptException;
import org.splatforge.core.runtime.Device;

/**
 * Splits a section's Gaussians into fixed-size blocks coded independently (fresh models per
 * block), so blocks encode and decode in parallel while the bytes stay a function of the
 * data alone: the block size is a format parameter, never the thread count.
 *
 * <p>Layout: {@code varint blockCount, varint length[blockCount], block payloads}.
 */
public final class BlockFraming {

    /** Encodes one block of Gaussians {@code [start, end)}. */
    @FunctionalInterface
    public interface BlockEncoder {
        void encode(int block, int start, int end, ByteWriter out);
    }

    /** Decodes one block; the reader covers exactly the block's bytes. */
    @FunctionalInterface
    public interface BlockDecoder {
        void decode(int block, int start, int end, ByteReader in);
    }

    private BlockFraming() {
    }

    public static int blocks(int n, int blockSize) {
        return (int) (((long) n + blockSize - 1) / blockSize);
    }

    public static void encode(Device dev, ByteWriter out, int n, int blockSize, BlockEncoder enc) {
        int b = blocks(n, blockSize);
        byte[][] parts = new byte[b][];
        dev.parallelFor(b, 1, (s, e, w) -> {
            for (int k = s; k < e; k++) {
                ByteWriter bw = new ByteWriter();
                int start = k * blockSize;
                enc.encode(k, start, Math.min(n, start + blockSize), bw);
                parts[k] = bw.toByteArray();
            }
        });
        out.varint(b);
        for (byte[] p : parts) {
            out.varint(p.length);
        }
        for (byte[] p : parts) {
            out.bytes(p);
        }
    }

    /**
     * Decodes blocks in parallel. A corrupt block throws {@link StreamCorruptException}
     * whose offset is relative to the section payload and whose message names the block.
     */
    public static void decode(Device dev, ByteReader in, int n, int blockSize, BlockDecoder dec) {
        int b = blocks(n, blockSize);
        int at = in.position();
        long count = in.varint("block count");
        if (count != b) {
            throw new StreamCorruptException(at, "expected " + b + " blocks for " + n + " Gaussians, found " + count);
        }
        int[] off = new int[b];
        int[] len = new int[b];
        for (int k = 0; k < b; k++) {
            len[k] = (int) in.varint("block " + k + " length", 0, in.remaining());
        }
        for (int k = 0; k < b; k++) {
            off[k] = in.position();
            in.skip(len[k], "block " + k);
        }
        byte[] buf = in.backingArray();
        int base = in.arrayOffset();
        dev.parallelFor(b, 1, (s, e, w) -> {
            for (int k = s; k < e; k++) {
                int start = k * blockSize;
                ByteReader r = new ByteReader(buf, base + off[k], len[k]);
                try {
                    dec.decode(k, start, Math.min(n, start + blockSize), r);
                    r.expectEnd("block " + k);
                } catch (StreamCorruptException ex) {
                    throw ex.shift(off[k], "block " + k);
                }
            }
        });
    }
}
