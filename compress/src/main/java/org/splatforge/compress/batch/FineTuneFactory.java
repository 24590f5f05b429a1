package org.splatforge.compress.batch;

import org.splatforge.compress.codec.FineTuneHook;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.core.runtime.Device;

/** Makes the quantization-aware fine-tuner of one compression job (one per job: fine-tuners hold state). */
@FunctionalInterface
public interface FineTuneFactory {

    /** A fine-tuner that trains against {@code views} on {@code device}. */
    FineTuneHook create(SceneViews views, Device device);
}
