package org.splatforge.compress.container;

import org.splatforge.compress.entropy.RangeDecoder;
import org.splatforge.compress.entropy.StreamCorruptException;

/**
 * A configuration byte followed by a length-prefixed range-coded stream, the unit every
 * block of an attribute section is made of: {@code u8 config, varint length (>= 5), bytes}.
 *
 * @param config  the configuration the encoder chose (checked against a maximum)
 * @param decoder a range decoder over exactly the stream's bytes
 * @param base    payload offset of the stream's first byte, for error offsets
 * @param name    what the stream holds, for messages
 */
public record CodedStream(int config, RangeDecoder decoder, int base, String name) {

    /** Appends a stream: the config byte, the length, the bytes. */
    public static void write(ByteWriter out, int config, byte[] coded) {
        out.u8(config).varint(coded.length).bytes(coded);
    }

    /** Reads the framing and opens a decoder; configs above {@code maxConfig} are corrupt. */
    public static CodedStream read(ByteReader in, int maxConfig, String name) {
        int cfgAt = in.position();
        int cfg = in.u8(name + " configuration");
        if (cfg > maxConfig) {
            throw new StreamCorruptException(cfgAt, name + ": unknown configuration " + cfg);
        }
        int len = (int) in.varint(name + " length", 5, in.remaining());
        int base = in.position();
        int at = in.skip(len, name);
        try {
            return new CodedStream(cfg, new RangeDecoder(in.backingArray(), at, len), base, name);
        } catch (StreamCorruptException e) {
            throw e.shift(base, name);
        }
    }

    /** Decodes with {@code body}, checks the stream was consumed exactly, and locates errors. */
    public void decode(Runnable body) {
        try {
            body.run();
            decoder.checkFullyConsumed();
        } catch (StreamCorruptException e) {
            throw e.shift(base, name);
        }
    }
}
