package org.splatforge.render.train;

import org.splatforge.core.camera.Camera;

/**
 * One image the trainer fits or evaluates: its camera (at the image's resolution, contract
 * conventions) and pixels composited on a chosen background. Adapts the dataset readers'
 * {@code org.splatforge.core.data.View}.
 */
public interface TrainingView {

    Camera camera();

    /** E.g. {@code "test/r_3"}. */
    String name();

    /** RGB composited on {@code background} into {@code dst[off .. off + H*W*3)}. */
    void image(float[] background, float[] dst, int off);
}
