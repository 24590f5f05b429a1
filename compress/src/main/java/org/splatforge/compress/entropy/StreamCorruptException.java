package org.splatforge.compress.entropy;

/**
 * An entropy-coded stream cannot be what an encoder wrote: the decoder ran past the end of
 * its bytes, met a code value outside the current interval, or a decoded value broke a
 * bound the stream promised. Unchecked, so that the decoding hot loops stay free of
 * {@code throws} clauses and lambdas; the container layer catches it and rethrows a
 * {@link org.splatforge.core.io.CorruptDataException} that names the section and the
 * absolute file offset.
 */
public final class StreamCorruptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param offset byte offset inside the stream (relative to its first byte) where the
     *               problem was noticed
     * @param what   what was expected
     */
    public StreamCorruptException(long offset, String what) {
        this(offset, what, true);
    }

    private StreamCorruptException(long offset, String message, boolean prefix) {
        super(prefix ? "at stream byte " + offset + ": " + message : message);
        this.offset = offset;
    }

    /**
     * The same problem seen from an enclosing buffer in which this stream starts at byte
     * {@code base}; {@code where} names the stream (e.g. "block 3, channel 'Y'").
     */
    public StreamCorruptException shift(long base, String where) {
        return new StreamCorruptException(base + offset, where + ": " + detail(), false);
    }

    /** The message without any position prefix. */
    public String detail() {
        String m = getMessage();
        int cut = m.startsWith("at stream byte ") ? m.indexOf(": ") : -1;
        return cut >= 0 ? m.substring(cut + 2) : m;
    }

    /** Byte offset inside the stream, relative to the stream's first byte. */
    public long offset() {
        return offset;
    }
}
