package org.splatforge.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Frame folders of multi-view video: image files sorted by name, frame f at time f / (F - 1). */
final class FrameFolders {

    private FrameFolders() {
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    /** The image files of {@code dir}, sorted by name. */
    static List<Path> frames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(FrameFolders::isImage).sorted().toList();
        }
    }

    /** Normalised time of frame {@code f} of {@code count}: f / (count - 1), 0 for a single frame. */
    static double time(int f, int count) {
        return count > 1 ? (double) f / (count - 1) : 0.0;
    }

    static String stem(Path p) {
        return p.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }
}
