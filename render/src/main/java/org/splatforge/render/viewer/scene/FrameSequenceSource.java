package org.splatforge.render.viewer.scene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.splatforge.core.scene.GaussianCloud;

/**
 * A dynamic scene stored as one scene file per time step, e.g. the deformed PLYs that
 * {@code splat export-frames} writes: frame k of n shows at time k/(n-1), and time t
 * shows the nearest frame (no blending between frames: Gaussians need not correspond).
 * Frames are read on the viewer's loader thread when first needed; the newest is kept.
 * Every frame must hold the same number of Gaussians (the {@link SceneSource} contract).
 */
public final class FrameSequenceSource implements SceneSource {

    /** Reads one frame file (any format the caller supports). */
    @FunctionalInterface
    public interface Reader {
        GaussianCloud read(Path file) throws IOException;
    }

    private final String name;
    private final List<Path> frames;
    private final Reader reader;
    private final int size;
    private final int shDegree;
    private int cachedIndex;
    private GaussianCloud cached;

    /** Reads the first frame now (for the count and SH degree); the others when shown. */
    public FrameSequenceSource(String name, List<Path> frames, Reader reader) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a frame sequence needs at least one file");
        }
        this.name = Objects.requireNonNull(name);
        this.frames = List.copyOf(frames);
        this.reader = Objects.requireNonNull(reader);
        cached = reader.read(frames.get(0));
        cachedIndex = 0;
        size = cached.size();
        shDegree = cached.shDegree();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int shDegree() {
        return shDegree;
    }

    @Override
    public boolean dynamic() {
        return frames.size() > 1;
    }

    /** Number of frame files. */
    public int frameCount() {
        return frames.size();
    }

    /** The frame shown at time t: the nearest of k/(n-1). */
    public int frameAt(double t) {
        int n = frames.size();
        return n == 1 ? 0 : (int) Math.max(0, Math.min(n - 1, Math.round(t * (n - 1))));
    }

    @Override
    public synchronized GaussianCloud at(double t) {
        int k = frameAt(t);
        if (k != cachedIndex) {
            GaussianCloud c;
            try {
                c = reader.read(frames.get(k));
            } catch (IOException e) {
                throw new UncheckedIOException("reading frame " + k + " of " + name + ": " + e.getMessage(), e);
            }
            if (c.size() != size || c.shDegree() != shDegree) {
                throw new IllegalStateException(frames.get(k) + ": " + c.size() + " Gaussians of SH degree " + c.shDegree()
                        + ", but the sequence's first frame " + frames.get(0) + " has " + size + " of degree " + shDegree
                        + "; every frame of a sequence must have the same count and degree");
            }
            cached = c;
            cachedIndex = k;
        }
        return cached;
    }
}
