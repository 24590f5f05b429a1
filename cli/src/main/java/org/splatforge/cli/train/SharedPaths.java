package org.splatforge.cli.train;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Finds the project's shared data folder ({@code ../shared} beside the checkout) for commands
 * with a built-in default dataset: {@code -Dsplat.shared.dir}, {@code $SPLAT_SHARED_DIR},
 * {@code ../shared} from the working directory, then {@code ../shared} from the checkout
 * the CLI jar was built in.
 */
public final class SharedPaths {

    private SharedPaths() {
    }

    public static Path require(String relative) throws NoSuchFileException {
        for (Path root : candidates()) {
            if (root != null && Files.isDirectory(root.resolve(relative))) {
                return root.resolve(relative).toAbsolutePath().normalize();
            }
        }
        throw new NoSuchFileException("../shared/" + relative, null,
                "shared data not found; pass the dataset folder explicitly or set SPLAT_SHARED_DIR");
    }

    private static Path[] candidates() {
        String prop = System.getProperty("splat.shared.dir");
        String env = System.getenv("SPLAT_SHARED_DIR");
        Path jarRoot = null;
        try {
            Path jar = Path.of(SharedPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // cli/target/splat-cli.jar (or cli/target/classes) -> checkout -> ../shared
            jarRoot = jar.getParent().getParent().getParent().resolveSibling("shared");
        } catch (Exception | Error e) {
            // no code source (unusual class loader): skip this candidate
        }
        return new Path[] {prop == null ? null : Path.of(prop), env == null ? null : Path.of(env), Path.of("..", "shared"),
                Path.of("shared"), jarRoot};
    }
}
