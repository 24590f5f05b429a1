package org.splatforge.render.viewer.scene;

import java.util.Objects;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.dynamic.DynamicModel;

/**
 * A trained dynamic scene in the viewer: the canonical cloud deformed by its field
 * ({@link DynamicModel}, a {@code point_cloud.ply} with {@code deformation.sfdf} beside it)
 * at the time being shown, deformed opacity included. The viewer calls {@link #at} on its
 * loader thread, one call at a time, which is all {@link DynamicModel} allows; each call
 * returns a copy because the viewer keeps the cloud while the next time is evaluated.
 *
 * <p>The field runs on one CPU thread of its own: the render and sort threads use the rest.
 */
public final class DeformedSceneSource implements SceneSource {

    private final String name;
    private final DynamicModel model;
    private final Device device = new CpuDevice(1);

    public DeformedSceneSource(String name, DynamicModel model) {
        this.name = Objects.requireNonNull(name);
        this.model = Objects.requireNonNull(model);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return model.canonical().size();
    }

    @Override
    public int shDegree() {
        return model.canonical().shDegree();
    }

    @Override
    public boolean dynamic() {
        return true;
    }

    @Override
    public synchronized GaussianCloud at(double t) {
        return model.at(t, device).copy();
    }
}
