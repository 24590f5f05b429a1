package org.splatforge.render.viewer.scene;

import java.util.Objects;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The simplest time-varying scene: every Gaussian moves along its own straight line,
 * {@code mean(t) = mean(0) + t * velocity}, all else fixed. It exercises the viewer's
 * dynamic path (time controls, per-time uploads, re-sorting) until the 4D deformation
 * model of issue 5 exists, and gives tests a scene whose change over time is known
 * exactly.
 *
 * <p>{@code velocities: float[N*3]}, world units per unit of normalised time.
 */
public final class LinearMotionSource implements SceneSource {

    private final String name;
    private final GaussianCloud base;
    private final float[] velocities;

    public LinearMotionSource(String name, GaussianCloud base, float[] velocities) {
        this.name = Objects.requireNonNull(name);
        this.base = Objects.requireNonNull(base);
        if (velocities.length < base.size() * 3) {
            throw new IllegalArgumentException("velocities need " + base.size() * 3 + " values, got " + velocities.length);
        }
        this.velocities = velocities;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public int shDegree() {
        return base.shDegree();
    }

    @Override
    public boolean dynamic() {
        return true;
    }

    @Override
    public GaussianCloud at(double t) {
        GaussianCloud c = base.copy(); // a fresh cloud per call: the viewer owns what we return
        float[] m = c.means();
        float ft = (float) t;
        for (int i = 0, n = base.size() * 3; i < n; i++) {
            m[i] += ft * velocities[i];
        }
        return c;
    }
}
