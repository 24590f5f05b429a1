package org.splatforge.render.train;

import java.nio.file.Path;
import org.splatforge.render.densify.DensityEvent;

/** Progress callbacks of {@link Trainer#run}; all default to nothing. Called on the training thread. */
public interface TrainListener {

    default void onStep(StepResult step, Trainer trainer) {
    }

    default void onDensity(DensityEvent event) {
    }

    default void onEval(EvalResult eval) {
    }

    default void onCheckpoint(Path file, int iteration) {
    }
}
