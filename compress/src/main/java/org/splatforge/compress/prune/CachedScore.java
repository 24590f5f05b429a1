package org.splatforge.compress.prune;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * A significance score computed once for one cloud: repeated encodes of the same input (the
 * step-scale search of {@code SceneCodec.encodeToSize}) reuse the first result instead of
 * rendering every training view again. Any other cloud is scored by the wrapped score.
 * Scores are deterministic ({@link SignificanceScore}), so caching changes no output; the
 * name is the wrapped score's, as archives record it.
 */
public final class CachedScore implements SignificanceScore {

    private final SignificanceScore score;
    private final GaussianCloud cloud;
    private float[] cached;

    /** @param cloud the cloud whose score is kept (compared by identity; it must not change meanwhile) */
    public CachedScore(SignificanceScore score, GaussianCloud cloud) {
        this.score = score;
        this.cloud = cloud;
    }

    @Override
    public String name() {
        return score.name();
    }

    @Override
    public synchronized float[] score(GaussianCloud c, Device device) {
        if (c != cloud) {
            return score.score(c, device);
        }
        if (cached == null) {
            cached = score.score(c, device);
        }
        return cached.clone();
    }
}
