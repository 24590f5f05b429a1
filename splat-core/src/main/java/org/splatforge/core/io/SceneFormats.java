package org.splatforge.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.splatforge.core.io.arrow.ArrowFormat;
import org.splatforge.core.io.ply.PlyFormat;
import org.splatforge.core.io.splat.SplatFormat;
import org.splatforge.core.io.spz.SpzFormat;
import org.splatforge.core.util.Log;

/**
 * The registry of scene formats. Built in: INRIA PLY, antimatter15 {@code .splat},
 * Niantic SPZ and the Arrow IPC splat table. Other modules add theirs with
 * {@link #register} or a {@code META-INF/services/org.splatforge.core.io.SceneFormat}
 * entry (found once, when this class loads).
 *
 * <p>Choosing a format to read: the content decides when it has a magic number (a file
 * named {@code .splat} that starts with {@code ply} is read as PLY, with a warning); the
 * extension decides otherwise. A two-byte gzip signature does not override {@code .splat}
 * (whose first float may start with it by chance), but does identify a gzip SPZ under any
 * other name. Writing goes by extension.
 */
public final class SceneFormats {

    /** How many leading bytes {@link SceneFormat#matches} sees. */
    public static final int SNIFF_BYTES = 64;

    private static final List<SceneFormat> FORMATS = new CopyOnWriteArrayList<>();

    static {
        FORMATS.add(new PlyFormat());
        FORMATS.add(new SpzFormat());
        FORMATS.add(new ArrowFormat());
        FORMATS.add(new SplatFormat());
        for (SceneFormat f : ServiceLoader.load(SceneFormat.class)) {
            register(f);
        }
    }

    private SceneFormats() {
    }

    /**
     * Adds a format. Its extensions take precedence over earlier formats' for writing
     * when longer (e.g. {@code .compressed.ply} over {@code .ply}).
     *
     * @throws IllegalArgumentException if a format of that name is registered already
     */
    public static void register(SceneFormat format) {
        synchronized (FORMATS) {
            for (SceneFormat f : FORMATS) {
                if (f.name().equals(format.name())) {
                    if (f.getClass() == format.getClass()) {
                        return; // the same format found twice (class path and service file)
                    }
                    throw new IllegalArgumentException("a scene format named '" + format.name() + "' is registered already");
                }
            }
            FORMATS.add(format);
        }
    }

    /** Every registered format, in registration order. */
    public static List<SceneFormat> all() {
        return List.copyOf(FORMATS);
    }

    /** The format named {@code name} (case-insensitive). */
    public static SceneFormat byName(String name) {
        for (SceneFormat f : FORMATS) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown scene format '" + name + "'; known: " + names());
    }

    /** The format whose extension the file name ends with (longest match), or null. */
    public static SceneFormat byExtension(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return null;
        }
        String n = name.toString().toLowerCase(Locale.ROOT);
        SceneFormat best = null;
        int bestLen = 0;
        for (SceneFormat f : FORMATS) {
            for (String ext : f.extensions()) {
                if (n.endsWith(ext) && ext.length() > bestLen && n.length() > ext.length()) {
                    best = f;
                    bestLen = ext.length();
                }
            }
        }
        return best;
    }

    /** The format to write {@code file} in, from its extension. */
    public static SceneFormat forWriting(Path file) {
        SceneFormat f = byExtension(file);
        if (f == null) {
            throw new IllegalArgumentException(file + ": unknown output extension; supported: " + extensions());
        }
        return f;
    }

    /** The format to read {@code file} with: by content when it has a magic number, else by extension. */
    public static SceneFormat forReading(Path file) throws IOException {
        byte[] head = new byte[SNIFF_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        SceneFormat byExt = byExtension(file);
        // 1. a strong magic decides; 2. the extension of a format without magic; 3. a weak
        // magic (gzip); 4. the extension, whose reader then says what it expected.
        SceneFormat chosen = null;
        for (SceneFormat f : FORMATS) {
            if (chosen == null && f.matchesStrongly(head, n)) {
                chosen = f;
            }
        }
        if (chosen == null && byExt != null && !byExt.hasMagic()) {
            return byExt;
        }
        for (SceneFormat f : FORMATS) {
            if (chosen == null && f.matches(head, n)) {
                chosen = f;
            }
        }
        if (chosen != null) {
            if (byExt != null && byExt != chosen) {
                Log.warn("%s: the name says %s but the content is %s; reading it as %s", file, byExt.name(), chosen.name(), chosen.name());
            }
            return chosen;
        }
        if (byExt != null) {
            return byExt;
        }
        throw CorruptDataException.at(file, 0, n == 0 ? "empty file, and its name has no known extension (" + extensions() + ")"
                : "unrecognised content and no known extension: expected PLY ('ply' magic), SPZ (gzip or 'NGSP'),"
                + " an Arrow IPC file ('ARROW1'), or a name ending in one of " + extensions());
    }

    /** "ply, spz, ...". */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (SceneFormat f : FORMATS) {
            sb.append(sb.isEmpty() ? "" : ", ").append(f.name());
        }
        return sb.toString();
    }

    /** ".ply, .spz, ...". */
    public static String extensions() {
        StringBuilder sb = new StringBuilder();
        for (SceneFormat f : FORMATS) {
            for (String e : f.extensions()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(e);
            }
        }
        return sb.toString();
    }
}
