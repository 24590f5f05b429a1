package org.splatforge.cli.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.splatforge.compress.codec.DecodeOptions;
import org.splatforge.compress.codec.SceneCodec;
import java.util.List;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.io.SceneFormats;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.Devices;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.render.dynamic.DynamicModel;
import org.splatforge.render.viewer.scene.DeformedSceneSource;
import org.splatforge.render.viewer.scene.FrameSequenceSource;
import org.splatforge.render.viewer.scene.LinearMotionSource;
import org.splatforge.render.viewer.scene.SceneSource;
import org.splatforge.render.viewer.scene.StaticSceneSource;
import org.splatforge.scenes.synthetic.SyntheticScene;

/**
 * Turns the SCENE argument of {@code splat view} into a {@link SceneSource}: a file of any
 * format the project reads ({@link SceneFiles}: PLY, .splat, SPZ, Arrow, by content or
 * extension; our .sfz archive through {@link SceneCodec}), or a built-in synthetic scene:
 * {@code synthetic:N[:SEED]} (static, N Gaussians), {@code synthetic-realistic:N[:SEED]} (the
 * same balls with trained-like sizes and opacities, {@link SyntheticScene#realisticBalls}) and
 * {@code synthetic-dynamic:N[:SEED]} (the balls moving over time, a {@link LinearMotionSource}).
 * A PLY with {@code deformation.sfdf} beside it (a dynamic {@code splat train} output) is
 * shown deformed at the viewer's time ({@link DeformedSceneSource}); a folder of scene files
 * is a frame sequence.
 */
public final class SceneSpecs {

    private SceneSpecs() {
    }

    /** True when {@code spec} names a built-in scene rather than a file. */
    public static boolean isSynthetic(String spec) {
        return spec.startsWith("synthetic:") || spec.startsWith("synthetic-dynamic:")
                || spec.startsWith("synthetic-realistic:");
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

    /** The scene a SCENE argument names (see the class comment). */
    public static SceneSource open(String spec) throws IOException {
        if (isSynthetic(spec)) {
            boolean dynamic = spec.startsWith("synthetic-dynamic:");
            boolean realistic = spec.startsWith("synthetic-realistic:");
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
            GaussianCloud c = realistic ? SyntheticScene.realisticBalls(n, seed) : SyntheticScene.balls(n, seed);
            return dynamic
                    ? new LinearMotionSource(spec, c, SyntheticScene.ballVelocities(c))
                    : new StaticSceneSource(spec, c);
        }
        Path file = Path.of(spec);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(spec);
        }
        if (Files.isDirectory(file)) {
            return sequence(file);
        }
        GaussianCloud cloud = read(file);
        Log.info("view: %s: %,d Gaussians, SH degree %d", file.getFileName(), cloud.size(), cloud.shDegree());
        Path field = DynamicModel.fieldNextTo(file);
        if (field != null) {
            // A dynamic training output: the PLY is the canonical cloud, the field moves it over time.
            DynamicModel model = DynamicModel.load(cloud, field);
            Log.info("view: %s beside it: dynamic scene, %,d of %,d Gaussians deformed", field.getFileName(),
                    model.dynamicCount(), cloud.size());
            return new DeformedSceneSource(file.getFileName().toString(), model);
        }
        return new StaticSceneSource(file.getFileName().toString(), cloud);
    }

    /**
     * A folder of scene files, one per time step in name order (e.g. {@code splat
     * export-frames} output): a dynamic scene whose frame k of n shows at time k/(n-1).
     */
    static SceneSource sequence(Path dir) throws IOException {
        List<Path> frames;
        try (var list = Files.list(dir)) {
            frames = list.filter(Files::isRegularFile).filter(SceneSpecs::looksLikeScene).sorted().toList();
        }
        if (frames.isEmpty()) {
            throw new NoSuchFileException(dir + ": no scene files in this folder (expected " + SceneFormats.extensions()
                    + " or .sfz, one per time step)");
        }
        FrameSequenceSource src = new FrameSequenceSource(dir.getFileName().toString(), frames, SceneSpecs::read);
        Log.info("view: %s: %d frames of %,d Gaussians (frame k shows at time k/%d)", dir, frames.size(), src.size(),
                Math.max(1, frames.size() - 1));
        return src;
    }

    private static boolean looksLikeScene(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith(".")) {
            return false; // hidden files, and AtomicFiles' temporaries
        }
        return n.endsWith(".sfz") || SceneFormats.byExtension(p) != null;
    }

    /** Reads one scene file of any format we read. */
    static GaussianCloud read(Path file) throws IOException {
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
        return cloud;
    }
}
