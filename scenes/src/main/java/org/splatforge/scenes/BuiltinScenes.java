package org.splatforge.scenes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.splatforge.core.util.Log;

/**
 * The built-in demo datasets, ray traced in Java and written in NeRF-synthetic format
 * ({@code transforms_train.json}, {@code transforms_test.json}, RGBA PNGs, plus
 * {@code labels/} class maps and {@code scene.json}) so that the ordinary dataset reader
 * loads them. Deterministic: the same name, options and seed give the same bytes.
 *
 * <ul>
 * <li>{@code shapes}: a static tabletop of spheres, boxes and a cylinder on a checkered
 *     platform with shadows and specular highlights.</li>
 * <li>{@code shapes-dynamic}: the same table in D-NeRF format, each frame with its own camera
 *     and {@code time}; the red sphere rolls and bounces, the blue box turns.</li>
 * </ul>
 */
public final class BuiltinScenes {

    private static final List<BuiltinScene> SCENES = List.of(
            new BuiltinScene("shapes", "static tabletop: spheres, boxes, cylinder on a checkered platform, "
                    + "shadows and specular highlights (NeRF-synthetic format)", false),
            new BuiltinScene("shapes-dynamic", "the same tabletop over time: a rolling, bouncing sphere and a turning "
                    + "box, monocular frames with time (D-NeRF format)", true));

    private BuiltinScenes() {
    }

    public static List<BuiltinScene> list() {
        return SCENES;
    }

    /** The scene called {@code name}; IllegalArgumentException listing the names otherwise. */
    public static BuiltinScene get(String name) {
        for (BuiltinScene s : SCENES) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown built-in scene '" + name + "'; available: "
                + SCENES.stream().map(BuiltinScene::name).toList());
    }

    /**
     * Generates {@code name} into {@code outDir}. The folder appears whole or not at all:
     * everything is written into a temporary sibling folder that is then renamed.
     *
     * @param overwrite replace an existing {@code outDir}; without it an existing folder is
     *                  an error and is left untouched
     * @param threads   render threads, 0 = all processors
     */
    public static GeneratedScene generate(String name, Path outDir, SceneOptions opts, boolean overwrite, int threads)
            throws IOException {
        BuiltinScene scene = get(name);
        Path out = outDir.toAbsolutePath().normalize();
        if (Files.exists(out) && !overwrite) {
            throw new FileAlreadyExistsException(out.toString(), null, "already exists; pass --force to replace it");
        }
        long t0 = System.nanoTime();
        Path parent = out.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + out.getFileName() + ".tmp-");
        boolean done = false;
        try {
            SceneWriter.write(scene, opts, tmp, threads);
            replaceDirectory(tmp, out);
            done = true;
        } finally {
            if (!done) {
                deleteTree(tmp);
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        Log.info("scene: generated %s (%d train + %d test views at %dx%d) in %s in %.1f s", name, opts.trainViews(),
                opts.testViews(), opts.width(), opts.height(), out, s);
        return new GeneratedScene(out, scene, opts, false, s);
    }

    /**
     * Returns {@code outDir} holding {@code name} made with {@code opts}, generating it only
     * when it is missing or was made with other options (its {@code scene.json} records
     * them). What {@code splat demo} calls so repeated runs start at once.
     */
    public static GeneratedScene ensure(String name, Path outDir, SceneOptions opts) throws IOException {
        BuiltinScene scene = get(name);
        Path sj = outDir.resolve("scene.json");
        if (Files.isRegularFile(sj) && Files.isRegularFile(outDir.resolve("transforms_train.json"))) {
            try {
                JsonNode j = new ObjectMapper().readTree(sj.toFile());
                if (SceneWriter.matches(j, scene, opts)) {
                    return new GeneratedScene(outDir.toAbsolutePath().normalize(), scene, opts, true, 0);
                }
            } catch (IOException e) {
                Log.warn("%s is unreadable (%s); generating the scene again", sj, e.getMessage());
            }
        }
        return generate(name, outDir, opts, true, 0);
    }

    /** Puts {@code fresh} at {@code target}, replacing what is there (old folder removed last). */
    private static void replaceDirectory(Path fresh, Path target) throws IOException {
        if (!Files.exists(target)) {
            Files.move(fresh, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
        Files.delete(old);
        Files.move(target, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.move(fresh, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
