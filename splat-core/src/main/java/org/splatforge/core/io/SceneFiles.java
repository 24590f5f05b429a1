package org.splatforge.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The one entry point for reading and writing scenes, whatever the format:
 *
 * <pre>{@code
 * GaussianCloud c = SceneFiles.read(Path.of("point_cloud.ply"));   // PLY, .splat, SPZ, Arrow
 * SceneFiles.write(Path.of("scene.spz"), c);                       // format from the extension
 * }</pre>
 *
 * Reading picks the format by content (magic number) when it has one, else by extension
 * ({@link SceneFormats#forReading}); corrupt files throw {@link CorruptDataException}
 * naming file, offset or field, and what was expected. Writing picks by extension and is
 * atomic: a crash or an error never leaves a partial file under the final name.
 * Positions, rotations and SH coefficients are in the INRIA PLY's frame (what
 * splat-transform calls RDF); SPZ's RUB storage is converted on the way in and out.
 */
public final class SceneFiles {

    private SceneFiles() {
    }

    /** Reads a scene, rejecting NaN/Inf attributes. */
    public static GaussianCloud read(Path file) throws IOException {
        return read(file, ReadOptions.DEFAULT);
    }

    /** Reads a scene with options (lenient non-finite handling, device). */
    public static GaussianCloud read(Path file, ReadOptions options) throws IOException {
        requireFile(file);
        return SceneFormats.forReading(file).read(file, options);
    }

    /** Writes a scene in the format its extension names (SPZ: version 4). */
    public static void write(Path file, GaussianCloud cloud) throws IOException {
        write(file, cloud, WriteOptions.DEFAULT);
    }

    /** Writes a scene in the format its extension names, with options. */
    public static void write(Path file, GaussianCloud cloud, WriteOptions options) throws IOException {
        SceneFormats.forWriting(file).write(file, cloud, options);
    }

    /** Reads only the header: format, count, SH degree and format details. */
    public static SceneHeader probe(Path file) throws IOException {
        requireFile(file);
        return SceneFormats.forReading(file).probe(file);
    }

    private static void requireFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder, not a scene file");
        }
    }
}
