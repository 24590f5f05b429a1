package org.splatforge.render.dynamic;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.splatforge.core.camera.Camera;

/**
 * Temporal flicker of renders of a fixed camera: the mean absolute frame-to-frame difference
 * of the renders minus that of the ground truth (colour units, per pixel and channel,
 * averaged over consecutive frame pairs of every camera pose seen more than once). Near 0
 * when the renders change as much as the real scene; positive when they flicker more.
 * Frames must be added in increasing time per pose (dataset order). Monocular sequences
 * (no pose repeats) have no pairs: {@link #pairs()} is then 0 and {@link #flicker()} NaN.
 */
public final class TemporalFlicker {

    private final Map<String, float[][]> previous = new HashMap<>();
    private double renderSum;
    private double truthSum;
    private long pairs;

    /** Adds one frame of camera {@code cam}: render and ground truth, {@code float[H*W*3]} each (copied). */
    public void add(Camera cam, float[] render, float[] truth) {
        String key = VariationTargets.poseKey(cam);
        int n = cam.width() * cam.height() * 3;
        float[][] prev = previous.get(key);
        if (prev != null) {
            double r = 0, g = 0;
            for (int j = 0; j < n; j++) {
                r += Math.abs(render[j] - prev[0][j]);
                g += Math.abs(truth[j] - prev[1][j]);
            }
            renderSum += r / n;
            truthSum += g / n;
            pairs++;
        }
        previous.put(key, new float[][] {Arrays.copyOf(render, n), Arrays.copyOf(truth, n)});
    }

    /** Consecutive same-pose pairs seen. */
    public long pairs() {
        return pairs;
    }

    /** Mean |render(t) - render(t-1)|. */
    public double renderChange() {
        return pairs == 0 ? Double.NaN : renderSum / pairs;
    }

    /** Mean |truth(t) - truth(t-1)|. */
    public double truthChange() {
        return pairs == 0 ? Double.NaN : truthSum / pairs;
    }

    /** {@link #renderChange()} minus {@link #truthChange()}. */
    public double flicker() {
        return renderChange() - truthChange();
    }
}
