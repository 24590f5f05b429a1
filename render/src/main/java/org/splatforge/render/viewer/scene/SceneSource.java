package org.splatforge.render.viewer.scene;

import org.splatforge.core.scene.GaussianCloud;

/**
 * What the viewer shows: a Gaussian cloud for a time t. This is the hook dynamic (4D)
 * models plug into (issue 5): a deformable model implements {@link #at(double)} by
 * evaluating its deformation field at t; a static file is a source that ignores t.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #at(double)} may be slow (a deformation MLP over every Gaussian), so the
 *       viewer calls it on a loader thread, never on the render thread, and at most one
 *       call is in flight at a time. It must be safe to call from a thread other than the
 *       one that built the source.</li>
 *   <li>The returned cloud is owned by the viewer from then on: the source must not
 *       mutate it later (return a fresh cloud, or one it never touches again). The viewer
 *       only reads it.</li>
 *   <li>{@link #size()} is the Gaussian count at every t. Sort orders computed for one t
 *       stay valid index permutations for the next, which is what keeps scrubbing smooth:
 *       the viewer draws with the previous order until the new one is ready.</li>
 *   <li>Time is the normalised time of the rasterizer's {@code Camera.time()} (D-NeRF's
 *       {@code time}), in [{@link #startTime()}, {@link #endTime()}].</li>
 * </ul>
 */
public interface SceneSource {

    /** A short human-readable name (the file name) for the window title and the HUD. */
    String name();

    /** Gaussian count, the same at every time. */
    int size();

    /** SH degree of the clouds returned (0..3). */
    int shDegree();

    /** True when {@link #at(double)} depends on t; the viewer then shows time controls. */
    boolean dynamic();

    /** First time of the scene (0 for D-NeRF-style scenes). */
    default double startTime() {
        return 0;
    }

    /** Last time of the scene (1 for D-NeRF-style scenes); equal to the start for static ones. */
    default double endTime() {
        return dynamic() ? 1 : 0;
    }

    /**
     * The cloud at time {@code t} (clamped by the caller to [start, end]). Raw parameters
     * as in {@link GaussianCloud}; exactly {@link #size()} Gaussians.
     */
    GaussianCloud at(double t);
}
