package org.splatforge.render.train;

import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.Dataset;
import org.splatforge.core.data.PointCloud;
import org.splatforge.core.data.View;

/** Adapts a loaded {@link Dataset} (NeRF-synthetic, COLMAP, ...) to what the trainer needs. */
public final class DatasetScene {

    private DatasetScene() {
    }

    /** Training and test views, initial points (COLMAP points3D or random in bounds), extent, background. */
    public static TrainingScene of(Dataset d, String name) {
        PointCloud p = d.initialPoints();
        return new TrainingScene(name, views(d.train()), views(d.test()), p.positions(), p.colors(), d.extent(),
                d.background());
    }

    static List<TrainingView> views(List<View> views) {
        List<TrainingView> out = new ArrayList<>(views.size());
        for (View v : views) {
            out.add(new TrainingView() {
                @Override
                public Camera camera() {
                    return v.camera();
                }

                @Override
                public String name() {
                    return v.name();
                }

                @Override
                public void image(float[] background, float[] dst, int off) {
                    v.image(background, dst, off);
                }
            });
        }
        return out;
    }
}
