package org.splatforge.cli.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.splatforge.compress.codec.DecodeOptions;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.Devices;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.render.viewer.scene.LinearMotionSource;
import org.splatforge.render.viewer.scene.SceneSource;
import org.splatforge.render.viewer.scene.StaticSceneSource;
import org.splatforge.scenes.synthetic.SyntheticScene;

/**
 * Turns the SCENE argument of {@code splat view} into a {@link SceneSource}: a file of any
 * format the project reads ({@link SceneFiles}: PLY, .splat, SPZ, Arrow, by content or
 * extension; our .sfz archive through {@link SceneCodec}), or a built-in synthetic scene:
 * {@code synthetic:N[:SEED]} (static, N Gaussians) and {@code synthetic-dynamic:N[:SEED]}
 * (the same balls moving over time, a {@link LinearMotionSource}).
 */
final class SceneSpecs {

    private SceneSpecs() {
    }

    /** True when {@code spec} names a built-in scene rather than a file. */
    static boolean isSynthetic(String spec) {
        return spec.startsWith("synthetic:") || spec.startsWith("synthetic-dynamic:");
    }

    /** A .sfz archive: by its magic (0x89 'S' 'F' 'Z'), or by its name when too short to tell. */
    static boolean isSfz(Path file) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n == 4) {
            return (head[0] & 0xff) == 0x89 && head[1] == 'S' && head[2] == 'F' && head[3] == 'Z';
        }
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".sfz");
    }

    static SceneSource open(String spec) throws IOException {
        if (isSynthetic(spec)) {
            boolean dynamic = spec.startsWith("synthetic-dynamic:");
            String[] parts = spec.substring(spec.indexOf(':') + 1).split(":");
            int n;
            long seed;
            try {
                n = Integer.parseInt(parts[0].replace("_", ""));
                seed = parts.length > 1 ? Long.parseLong(parts[1]) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("scene " + spec + ": expected synthetic:N[:SEED] with integers, e.g. synthetic:100000");
            }
            if (n < 1 || n > 50_000_000 || parts.length > 2) {
                throw new IllegalArgumentException("scene " + spec + ": N must be 1..50000000 (synthetic:N[:SEED])");
            }
            GaussianCloud c = SyntheticScene.balls(n, seed);
            return dynamic
                    ? new LinearMotionSource(spec, c, SyntheticScene.ballVelocities(c))
                    : new StaticSceneSource(spec, c);
        }
        Path file = Path.of(spec);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(spec);
        }
        // Every format the project reads, picked by content (magic) or extension; our
        // compressed archive (.sfz) goes through the codec, which lives in compress.
        GaussianCloud cloud;
        if (isSfz(file)) {
            try (Device cpu = Devices.open("cpu", 0)) {
                cloud = new SceneCodec(cpu).read(file, DecodeOptions.defaults());
            }
        } else {
            cloud = SceneFiles.read(file);
        }
        Log.info("view: %s: %,d Gaussians, SH degree %d", file.getFileName(), cloud.size(), cloud.shDegree());
        return new StaticSceneSource(file.getFileName().toString(), cloud);
    }
}
