package org.splatforge.render.viewer.scene;

import java.util.Objects;
import org.splatforge.core.scene.GaussianCloud;

/** A scene that does not change with time: one cloud read from a file or generated. */
public final class StaticSceneSource implements SceneSource {

    private final String name;
    private final GaussianCloud cloud;

    /** Takes ownership of {@code cloud}: the caller must not mutate it afterwards. */
    public StaticSceneSource(String name, GaussianCloud cloud) {
        this.name = Objects.requireNonNull(name);
        this.cloud = Objects.requireNonNull(cloud);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return cloud.size();
    }

    @Override
    public int shDegree() {
        return cloud.shDegree();
    }

    @Override
    public boolean dynamic() {
        return false;
    }

    @Override
    public GaussianCloud at(double t) {
        return cloud;
    }
}
