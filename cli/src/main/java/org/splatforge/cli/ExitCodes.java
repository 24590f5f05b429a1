package org.splatforge.cli;

/**
 * What the {@code splat} exit status means. Scripts and batch jobs branch on these, so
 * they are part of the interface.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A failure not covered below (a bug, or an unexpected I/O failure). */
    public static final int FAILURE = 1;
    /** Wrong flags or arguments (picocli's usage errors). */
    public static final int USAGE = 2;
    /** An input file or dataset is corrupt, truncated or of the wrong kind. */
    public static final int BAD_INPUT = 3;
    /** A file or folder does not exist or cannot be read or written. */
    public static final int IO = 4;
    /** The requested device or feature is not available on this machine (no GPU, no OpenGL). */
    public static final int UNAVAILABLE = 5;
    /** Stopped by the user (Ctrl-C); whatever was completed was kept. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
