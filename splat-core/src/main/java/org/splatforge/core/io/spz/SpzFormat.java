package org.splatforge.core.io.spz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFormat;
import org.splatforge.core.io.SceneHeader;
import org.splatforge.core.io.WriteOptions;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Niantic's SPZ (github.com/nianticlabs/spz): reads versions 1-3 (gzip) and 4 (zstd),
 * writes 2, 3 or 4 ({@link WriteOptions#spzVersion()}, default 4 like splat-transform
 * 2.7.1). Coordinates: SPZ stores RUB; our clouds are in the PLY frame (RDF), so y and z
 * flip on the way in and out, exactly as splat-transform converts between its PLY and SPZ
 * files ({@link SpzAxes}). Precision (see {@link SpzPacked}): positions to 2^-12 units,
 * log-scales to 1/16, opacity to 1/255 after the sigmoid, DC colour to 1/(0.15*255),
 * band-1 SH to 8/128 and higher bands to 16/128, rotation components to about 1/724 (v3+)
 * or 1/127.5 (v2).
 */
public final class SpzFormat implements SceneFormat {

    @Override
    public String name() {
        return "spz";
    }

    @Override
    public String description() {
        return "Niantic SPZ (reads v1-v4, writes v4 zstd by default or v2/v3 gzip; quantized, about 10x smaller than PLY)";
    }

    @Override
    public List<String> extensions() {
        return List.of(".spz");
    }

    @Override
    public boolean matches(byte[] head, int length) {
        return SpzReader.isV4(head, length) || SpzReader.isGzip(head, length);
    }

    /** "NGSP" is strong; gzip's 1f 8b alone is not (a .splat's first float can start with it). */
    @Override
    public boolean matchesStrongly(byte[] head, int length) {
        return SpzReader.isV4(head, length);
    }

    @Override
    public GaussianCloud read(Path file, ReadOptions options) throws IOException {
        return SpzReader.read(file, options);
    }

    @Override
    public void write(Path file, GaussianCloud cloud, WriteOptions options) throws IOException {
        SpzWriter.write(file, cloud, options.spzVersion(), options.workers());
    }

    @Override
    public SceneHeader probe(Path file) throws IOException {
        return SpzReader.probe(file);
    }
}
