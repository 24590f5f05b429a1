package org.splatforge.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.splatforge.core.scene.GaussianCloud;

/**
 * A scene file format: reads and writes a whole {@link GaussianCloud}. Implementations
 * register with {@link SceneFormats} (built-ins, {@link SceneFormats#register}, or a
 * {@code META-INF/services/org.splatforge.core.io.SceneFormat} entry for formats that live
 * in other modules, such as the compressed archive).
 *
 * <p>Readers must reject corrupt input with a {@link CorruptDataException} naming the
 * file, the byte offset or field, and what was expected, and must check every count
 * against the file size before allocating. Writers must write atomically
 * ({@link AtomicFiles}).
 */
public interface SceneFormat {

    /** Short lower-case name used in logs, JSON and {@code --format}, e.g. {@code "ply"}. */
    String name();

    /** One line for {@code --help} listings. */
    String description();

    /** File name suffixes, lower case with the dot, longest first, e.g. {@code ".ply"}. */
    List<String> extensions();

    /**
     * Whether the first bytes of a file identify this format. {@code head} holds up to
     * {@link SceneFormats#SNIFF_BYTES} bytes from offset 0 (fewer for short files).
     * Formats without a magic number return false.
     */
    boolean matches(byte[] head, int length);

    /**
     * Whether {@link #matches} is strong evidence (a magic of 4 or more bytes) rather than
     * a short signature that other data can start with by chance (gzip's two bytes).
     * A weak match does not override the extension of a format without a magic number.
     */
    default boolean matchesStrongly(byte[] head, int length) {
        return matches(head, length);
    }

    /** Whether the format has a magic number at all ({@code .splat} has none). */
    default boolean hasMagic() {
        return true;
    }

    /** Reads the whole file. */
    GaussianCloud read(Path file, ReadOptions options) throws IOException;

    /** Writes the whole cloud, atomically. */
    void write(Path file, GaussianCloud cloud, WriteOptions options) throws IOException;

    /** Reads only what is cheap (the header): count, SH degree and format details. */
    SceneHeader probe(Path file) throws IOException;
}
