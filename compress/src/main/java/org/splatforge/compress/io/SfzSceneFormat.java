package org.splatforge.compress.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.splatforge.compress.codec.ArchiveInfo;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.DecodeOptions;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.compress.container.SectionInfo;
import org.splatforge.compress.container.SfzFormat;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFormat;
import org.splatforge.core.io.SceneHeader;
import org.splatforge.core.io.WriteOptions;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The {@code .sfz} scene archive as a {@link SceneFormat}, so that everything that opens
 * scenes through {@link org.splatforge.core.io.SceneFiles} ({@code splat info},
 * {@code splat convert}, the viewer, the trainer's {@code --init}) reads archives by
 * extension or by their magic number. It registers itself through
 * {@code META-INF/services/org.splatforge.core.io.SceneFormat} in this module: splat-core
 * cannot name it (the arrow points from compress to core).
 *
 * <p>Writing through this format uses the {@link Quality#MEDIUM} preset without views;
 * {@code splat compress} offers the other presets, view-based pruning and fine-tuning.
 */
public final class SfzSceneFormat implements SceneFormat {

    /** Preset used when an archive is written through {@link org.splatforge.core.io.SceneFiles#write}. */
    public static final Quality DEFAULT_QUALITY = Quality.MEDIUM;

    @Override
    public String name() {
        return "sfz";
    }

    @Override
    public String description() {
        return "Splatforge compressed scene archive (pruned, quantized, entropy coded; see compress/FORMAT.md)";
    }

    @Override
    public List<String> extensions() {
        return List.of(".sfz");
    }

    /** The archive's 8-byte magic (FORMAT.md section 1.1). */
    @Override
    public boolean matches(byte[] head, int length) {
        return SfzFormat.startsWithMagic(head, length);
    }

    @Override
    public GaussianCloud read(Path file, ReadOptions options) throws IOException {
        // Decoded archives are finite by construction (the decoder rejects anything else), so
        // options.allowNonFinite() changes nothing here.
        return new SceneCodec(options.workers()).read(file, DecodeOptions.defaults());
    }

    @Override
    public void write(Path file, GaussianCloud cloud, WriteOptions options) throws IOException {
        new SceneCodec(options.workers()).write(cloud, CodecOptions.preset(DEFAULT_QUALITY), file);
    }

    @Override
    public SceneHeader probe(Path file) throws IOException {
        ArchiveInfo a = ArchiveInfo.read(file);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("version", a.major() + "." + a.minor());
        d.put("quality", a.quality().name().toLowerCase(Locale.ROOT) + (a.lossless() ? " (bit-exact)" : ""));
        d.put("source Gaussians", String.format(Locale.ROOT, "%,d (source SH degree %d)", a.sourceCount(),
                a.sourceDegree()));
        d.put("order", a.permuted() ? "input order (PERM)" : "space-filling curve");
        d.put("block size", Integer.toString(a.blockSize()));
        StringBuilder sb = new StringBuilder();
        for (SectionInfo s : a.sections()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(s.tag()).append(' ').append(String.format(Locale.ROOT, "%,d",
                    s.length()));
        }
        d.put("sections (bytes)", sb.toString());
        for (String line : a.meta().split("\n")) {
            if (line.startsWith("steps ")) {
                d.put("steps", line.substring(6));
            } else if (line.startsWith("sh band ")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    d.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            } else if (line.startsWith("gaussians=")) {
                int sig = line.indexOf("significance=");
                if (sig >= 0) {
                    d.put("significance", line.substring(sig + "significance=".length()));
                }
            }
        }
        return new SceneHeader(name(), a.count(), a.shDegree(), d);
    }
}
