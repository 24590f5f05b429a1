package org.splatforge.render.dynamic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.render.train.TrainingScene;
import org.splatforge.render.train.TrainingView;

/**
 * Per-pixel temporal variation of the training views, the target of Swift4D's static/dynamic
 * split (Wu et al., "Swift4D: Adaptive divide-and-conquer Gaussian Splatting for compact and
 * efficient reconstruction of dynamic scene", ICLR 2025: pixels whose colour changes over
 * time mark dynamic content). For a fixed camera seen at several times (multi-view video: N3V), the
 * variation of view v's pixel is the standard deviation over that camera's frames (mean over
 * RGB) divided by {@link #SCALE} and clamped to [0, 1]. Monocular data (D-NeRF: one frame per
 * pose) has no per-pixel time series; {@link #of} then returns null and the caller uses a
 * proxy (the residual of the canonical, undeformed render).
 */
public final class VariationTargets {

    /** Standard deviation (colour units) that counts as fully dynamic. */
    public static final float SCALE = 0.05f;
    /** Frames a camera needs before its per-pixel statistics count as a time series. */
    static final int MIN_FRAMES = 3;

    private final Map<TrainingView, List<TrainingView>> groupOf = new HashMap<>();
    private final Map<List<TrainingView>, float[]> maps = new HashMap<>();

    private VariationTargets() {
    }

    /** Groups the training views by identical pose and size; null when no camera has {@link #MIN_FRAMES} frames. */
    public static VariationTargets of(TrainingScene scene) {
        Map<String, List<TrainingView>> byPose = new HashMap<>();
        for (TrainingView v : scene.train()) {
            String key = poseKey(v.camera());
            byPose.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        }
        VariationTargets t = new VariationTargets();
        for (List<TrainingView> g : byPose.values()) {
            if (g.size() >= MIN_FRAMES) {
                for (TrainingView v : g) {
                    t.groupOf.put(v, g);
                }
            }
        }
        return t.groupOf.isEmpty() ? null : t;
    }

    /** Identity of a fixed camera: its pose and image size (frames of one multi-view camera share it). */
    static String poseKey(org.splatforge.core.camera.Camera c) {
        return Arrays.toString(c.viewmat()) + c.width() + "x" + c.height();
    }

    /** The variation map of {@code v}'s camera, {@code float[H*W]} in [0, 1], or null when v has no time series. */
    public float[] map(TrainingView v, float[] background) {
        List<TrainingView> g = groupOf.get(v);
        if (g == null) {
            return null;
        }
        return maps.computeIfAbsent(g, k -> compute(k, background));
    }

    private static float[] compute(List<TrainingView> g, float[] bg) {
        int n = g.get(0).camera().width() * g.get(0).camera().height();
        double[] sum = new double[n * 3], sq = new double[n * 3];
        float[] img = new float[n * 3];
        for (TrainingView v : g) {
            v.image(bg, img, 0);
            for (int j = 0; j < n * 3; j++) {
                sum[j] += img[j];
                sq[j] += (double) img[j] * img[j];
            }
        }
        float[] out = new float[n];
        int k = g.size();
        for (int p = 0; p < n; p++) {
            double sd = 0;
            for (int c = 0; c < 3; c++) {
                double m = sum[p * 3 + c] / k;
                sd += Math.sqrt(Math.max(0, sq[p * 3 + c] / k - m * m));
            }
            out[p] = (float) Math.min(1, sd / 3 / SCALE);
        }
        return out;
    }
}
