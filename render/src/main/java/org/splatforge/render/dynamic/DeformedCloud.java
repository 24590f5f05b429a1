package org.splatforge.render.dynamic;

import java.util.Arrays;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Reusable buffers for a canonical cloud deformed to one time: the field's deltas
 * ({@code float[N*11]}) and the deformed raw parameters ({@code means: float[N*3]} world,
 * {@code logScales: float[N*3]}, {@code quats: float[N*4]} raw, {@code opacityLogits: float[N]}).
 * The deformed cloud shares the canonical SH array (colour does not deform, as in 4DGaussians).
 * Gaussians not listed in an index list (Swift4D's static ones) get zero deltas.
 */
public final class DeformedCloud {

    private float[] deltas = new float[0];
    private float[] means = new float[0];
    private float[] logScales = new float[0];
    private float[] quats = new float[0];
    private float[] opacity = new float[0];

    /**
     * Deforms {@code canonical} to time {@code t}: raw parameter + delta for every Gaussian
     * (opacity only when {@code deformOpacity}). Only the {@code count} Gaussians in
     * {@code idx} query the field (all when {@code idx} is null).
     * Returns a cloud over this object's buffers, valid until the next call.
     */
    public GaussianCloud at(DeformationField field, GaussianCloud canonical, float t, int[] idx, int count,
                            boolean deformOpacity, Device device) {
        int n = canonical.size();
        grow(n);
        if (idx != null) {
            Arrays.fill(deltas, 0, n * FieldConfig.OUTPUTS, 0f);
        }
        field.forward(device, canonical.means(), idx, idx == null ? n : count, t, deltas);
        float[] cm = canonical.means(), cs = canonical.logScales(), cq = canonical.quats(), co = canonical.opacityLogits();
        float[] d = deltas;
        device.parallelFor(n, 1024, (start, end, w) -> {
            for (int i = start; i < end; i++) {
                int r = i * FieldConfig.OUTPUTS;
                for (int a = 0; a < 3; a++) {
                    means[i * 3 + a] = cm[i * 3 + a] + d[r + a];
                    logScales[i * 3 + a] = cs[i * 3 + a] + d[r + 3 + a];
                }
                for (int a = 0; a < 4; a++) {
                    quats[i * 4 + a] = cq[i * 4 + a] + d[r + 6 + a];
                }
                opacity[i] = deformOpacity ? co[i] + d[r + 10] : co[i];
            }
        });
        return GaussianCloud.wrap(n, canonical.shDegree(), means, logScales, quats, opacity, canonical.sh());
    }

    /** The deltas of the last {@link #at} call, {@code float[N*11]} (live). */
    public float[] deltas() {
        return deltas;
    }

    private void grow(int n) {
        if (means.length < n * 3) {
            int cap = Math.max(n, means.length / 3 * 5 / 4);
            deltas = new float[cap * FieldConfig.OUTPUTS];
            means = new float[cap * 3];
            logScales = new float[cap * 3];
            quats = new float[cap * 4];
            opacity = new float[cap];
        }
    }
}
