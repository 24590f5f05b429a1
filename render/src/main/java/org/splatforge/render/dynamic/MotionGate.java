package org.splatforge.render.dynamic;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * How much the deformation field changes each Gaussian over time, and the static/dynamic
 * decision drawn from it: the monocular stand-in for Swift4D's per-pixel supervision.
 *
 * <p>Monocular video (D-NeRF) shows every time once, from one pose, so there is no per-pixel
 * time series to tell moving pixels from still ones. The field itself knows what moves: it
 * is evaluated for every Gaussian at {@link #TIMES} evenly spaced times in [0, 1], and a
 * Gaussian is dynamic when any of its deltas spans more than a threshold over those times
 * (position range in world units, opacity range after the sigmoid, log-scale range on any
 * axis, quaternion range relative to the quaternion's norm). The mean delta over the
 * times is kept too: a Gaussian that turns static is frozen at its mean deformed state
 * ({@link #bake}), so the switch does not move it on average.
 */
final class MotionGate {

    /** Times at which the field is sampled (0, 1/8, ..., 1). */
    static final int TIMES = 9;

    /** Thresholds on the ranges over time; a Gaussian over any of them is dynamic. */
    record Thresholds(float position, float opacity, float logScale, float rotation) {
    }

    private float[] deltas = new float[0];
    private float[] lo = new float[0];
    private float[] hi = new float[0];
    private float[] mean = new float[0];

    /**
     * Samples the field for all {@code canonical.size()} Gaussians and returns, per Gaussian,
     * whether it is dynamic ({@code boolean[N]}); {@link #mean()} holds the mean deltas after.
     */
    boolean[] measure(DeformationField field, GaussianCloud canonical, Thresholds th, Device device) {
        int n = canonical.size(), k = FieldConfig.OUTPUTS;
        if (deltas.length < n * k) {
            deltas = new float[n * k];
            lo = new float[n * k];
            hi = new float[n * k];
            mean = new float[n * k];
        }
        float[] d = deltas, l = lo, h = hi, m = mean;
        for (int s = 0; s < TIMES; s++) {
            field.forward(device, canonical.means(), null, n, s / (float) (TIMES - 1), d);
            boolean first = s == 0;
            device.parallelFor(n * k, 4096, (start, end, w) -> {
                for (int j = start; j < end; j++) {
                    float v = d[j];
                    if (first) {
                        l[j] = v;
                        h[j] = v;
                        m[j] = v / TIMES;
                    } else {
                        l[j] = Math.min(l[j], v);
                        h[j] = Math.max(h[j], v);
                        m[j] += v / TIMES;
                    }
                }
            });
        }
        boolean[] dynamic = new boolean[n];
        float[] q = canonical.quats(), o = canonical.opacityLogits();
        device.parallelFor(n, 1024, (start, end, w) -> {
            for (int i = start; i < end; i++) {
                int r = i * k;
                double pos = 0, rot = 0, qn = 0, sc = 0;
                for (int a = 0; a < 3; a++) {
                    double span = h[r + a] - l[r + a];
                    pos += span * span;
                    sc = Math.max(sc, h[r + 3 + a] - l[r + 3 + a]);
                }
                for (int a = 0; a < 4; a++) {
                    double span = h[r + 6 + a] - l[r + 6 + a];
                    rot += span * span;
                    qn += (double) q[i * 4 + a] * q[i * 4 + a];
                }
                // the opacity delta enters through a sigmoid, so its range is the sigmoid's at the extremes
                double op = sigmoid(o[i] + h[r + 10]) - sigmoid(o[i] + l[r + 10]);
                dynamic[i] = Math.sqrt(pos) > th.position() || op > th.opacity() || sc > th.logScale()
                        || Math.sqrt(rot) > th.rotation() * Math.sqrt(Math.max(qn, 1e-12));
            }
        });
        return dynamic;
    }

    /** Mean deltas over the sampled times of the last {@link #measure}, {@code float[N*11]} (live). */
    float[] mean() {
        return mean;
    }

    /**
     * Adds {@code sign} times Gaussian {@code i}'s mean delta to its canonical parameters:
     * +1 freezes a Gaussian that turns static at its mean deformed state, -1 undoes that for
     * one that turns dynamic (so on average it renders where it did). Opacity only when
     * the field deforms it.
     */
    void bake(GaussianCloud canonical, int i, int sign, boolean deformOpacity) {
        int r = i * FieldConfig.OUTPUTS;
        float[] m = mean;
        for (int a = 0; a < 3; a++) {
            canonical.means()[i * 3 + a] += sign * m[r + a];
            canonical.logScales()[i * 3 + a] += sign * m[r + 3 + a];
        }
        for (int a = 0; a < 4; a++) {
            canonical.quats()[i * 4 + a] += sign * m[r + 6 + a];
        }
        if (deformOpacity) {
            canonical.opacityLogits()[i] += sign * m[r + 10];
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
