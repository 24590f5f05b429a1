package org.splatforge.scenes;

import java.nio.file.Path;

/**
 * A generated dataset folder (NeRF-synthetic / D-NeRF layout) and how it was made.
 *
 * @param reused  true when {@link BuiltinScenes#ensure} found an identical one already there
 * @param seconds wall time of the generation (0 when reused)
 */
public record GeneratedScene(Path dir, BuiltinScene scene, SceneOptions options, boolean reused, double seconds) {
}
