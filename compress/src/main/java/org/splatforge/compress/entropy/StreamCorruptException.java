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
        super("at stream byte " + offset + ": " + what);
        this.offset = offset;
    }

    /** Byte offset inside the stream, relative to the stream's first byte. */
    public long offset() {
        return offset;
    }
}
