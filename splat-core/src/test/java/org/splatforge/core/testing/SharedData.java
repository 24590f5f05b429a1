package org.splatforge.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (fixtures and datasets beside the checkout). Surefire passes
 * its path as the system property {@code splat.shared.dir}; tests that need it call
 * {@link #require} and are skipped with a visible reason when it is absent. Unit tests
 * must not need it (DESIGN.md "Data on disk").
 */
public final class SharedData {

    private SharedData() {
    }

    /** The shared folder, or null when it is not present. */
    public static Path root() {
        String p = System.getProperty("splat.shared.dir");
        Path root = p != null ? Path.of(p) : Path.of("..", "shared");
        if (Files.isDirectory(root)) {
            return root.toAbsolutePath().normalize();
        }
        Path up = Path.of("..", "..", "shared"); // run from a module folder without the property
        return Files.isDirectory(up) ? up.toAbsolutePath().normalize() : null;
    }

    /** {@code shared/relative}, skipping the calling test if it does not exist. */
    public static Path require(String relative) {
        Path root = root();
        assumeTrue(root != null, "skipped: ../shared not found (set -Dsplat.shared.dir)");
        Path p = root.resolve(relative);
        assumeTrue(Files.exists(p), "skipped: " + p + " not found");
        return p;
    }

    /** Fixed seed for a test, printed so a failure can be replayed. */
    public static long seed(String testName, long seed) {
        System.out.println("[seed] " + testName + " = " + seed);
        return seed;
    }
}
