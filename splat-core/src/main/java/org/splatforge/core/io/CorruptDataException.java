package org.splatforge.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file is not what its format says it must be: wrong magic, truncated, counts that
 * exceed the file, non-finite values. The message names the file, the offset or field, and
 * what was expected (DESIGN.md "Errors").
 */
public class CorruptDataException extends IOException {

    private static final long serialVersionUID = 1L;

    public CorruptDataException(String message) {
        super(message);
    }

    public CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "FILE: at byte OFFSET: WHAT". Offset -1 leaves the position out. */
    public static CorruptDataException at(Path file, long offset, String what) {
        return new CorruptDataException(file + (offset >= 0 ? ": at byte " + offset : "") + ": " + what);
    }

    /** "FILE: field FIELD: WHAT". */
    public static CorruptDataException field(Path file, String field, String what) {
        return new CorruptDataException(file + ": field '" + field + "': " + what);
    }
}
