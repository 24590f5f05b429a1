package org.splatforge.render.dynamic;

import java.io.IOException;
import java.nio.file.Path;
import org.splatforge.render.train.Trainer;
import org.splatforge.render.train.TrainingScene;
import org.splatforge.render.train.TrainingView;

/** Glue between the trainer and dynamic scenes: detection and the model files of a dynamic run. */
public final class DynamicTraining {

    private DynamicTraining() {
    }

    /** True when the scene's views carry more than one time (D-NeRF {@code time}, multi-view video frames). */
    public static boolean hasTime(TrainingScene scene) {
        double first = Double.NaN;
        for (TrainingView v : scene.train()) {
            double t = v.camera().time();
            if (Double.isNaN(first)) {
                first = t;
            } else if (t != first) {
                return true;
            }
        }
        return false;
    }

    /**
     * Facts about a dynamic run for its metrics file: field parameters, the fraction of
     * Gaussians that query the field, and the mean time per test frame (all test views, or
     * the training views without any) of deforming and of deforming plus rendering, in ms
     * (wall clock, so noisy on a shared machine). Null for static runs.
     */
    public static java.util.Map<String, Object> summary(Trainer t) {
        if (!(t.deformer() instanceof FieldDeformer fd)) {
            return null;
        }
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("fieldParameters", fd.field() == null ? 0 : fd.field().parameterCount());
        m.put("split", fd.settings().split);
        m.put("dynamicFraction", fd.dynamicFraction());
        java.util.List<TrainingView> views = t.scene().test().isEmpty() ? t.scene().train() : t.scene().test();
        float[] bg = t.config().background != null ? t.config().background : t.scene().background();
        t.render(views.get(0).camera(), bg); // warm-up
        long deformNs = 0, t0 = System.nanoTime();
        for (TrainingView v : views) {
            long d0 = System.nanoTime();
            t.cloudAt(v.camera().time());
            deformNs += System.nanoTime() - d0;
            t.render(v.camera(), bg);
        }
        long all = System.nanoTime() - t0;
        // render() deforms again, so a frame's time is the total minus the separate deform calls
        m.put("deformMsPerFrame", deformNs / 1e6 / views.size());
        m.put("renderMsPerFrame", (all - deformNs) / 1e6 / views.size());
        m.put("framesTimed", views.size());
        return m;
    }

    /**
     * Writes the field of a dynamic run to {@code dir/}{@link DeformationFile#NAME} (the
     * canonical cloud goes to the usual PLY). Returns the file, or null when the run has no
     * field (static, or stopped in the coarse stage: the PLY alone is then the model).
     */
    public static Path writeField(Trainer t, Path dir) throws IOException {
        if (!(t.deformer() instanceof FieldDeformer fd) || fd.field() == null) {
            return null;
        }
        Path file = dir.resolve(DeformationFile.NAME);
        DeformationFile.write(file, fd.field(), fd.settings().deformOpacity, fd.dynamicMask());
        return file;
    }
}
