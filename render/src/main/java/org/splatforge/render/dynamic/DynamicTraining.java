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
