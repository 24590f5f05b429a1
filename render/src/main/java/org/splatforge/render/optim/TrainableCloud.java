package org.splatforge.render.optim;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * A Gaussian cloud together with its Adam state: one per-Gaussian group per parameter
 * array ({@code means}, {@code logScales}, {@code quats}, {@code opacityLogits}, {@code sh}).
 * Densification changes the cloud only through {@link #gather}, which re-indexes the cloud
 * and every per-Gaussian optimizer group together, so moments never drift from their
 * Gaussian. The static trainer, the 4D trainer (canonical cloud) and the compressor's
 * fine-tuning share this type.
 */
public final class TrainableCloud {

    public static final String MEANS = "means";
    public static final String LOG_SCALES = "logScales";
    public static final String QUATS = "quats";
    public static final String OPACITY = "opacityLogits";
    public static final String SH = "sh";

    private GaussianCloud cloud;
    private final Adam adam;
    private final int gMeans;
    private final int gScales;
    private final int gQuats;
    private final int gOpacity;
    private final int gSh;
    /** Extra per-Gaussian parameters (e.g. the dynamic score of Swift4D's split): values, stride, Adam group. */
    private final java.util.List<float[]> extras = new java.util.ArrayList<>();
    private final java.util.List<int[]> extraInfo = new java.util.ArrayList<>();

    /**
     * @param cloud        the cloud to train (taken, not copied)
     * @param adam         optimizer to register the five groups in (may already hold others)
     * @param shRestFactor learning-rate factor of the SH bands above DC (3DGS: 1/20)
     */
    public TrainableCloud(GaussianCloud cloud, Adam adam, float shRestFactor) {
        this.cloud = cloud;
        this.adam = adam;
        gMeans = adam.addGroup(MEANS, 3, null, true);
        gScales = adam.addGroup(LOG_SCALES, 3, null, true);
        gQuats = adam.addGroup(QUATS, 4, null, true);
        gOpacity = adam.addGroup(OPACITY, 1, null, true);
        int k3 = cloud.shCoeffs() * 3;
        float[] shScale = new float[k3];
        for (int j = 0; j < k3; j++) {
            shScale[j] = j < 3 ? 1f : shRestFactor;
        }
        gSh = adam.addGroup(SH, k3, shScale, true);
        int n = cloud.size();
        for (int g : new int[] {gMeans, gScales, gQuats, gOpacity, gSh}) {
            adam.initRows(g, n);
        }
    }

    /** A cloud with a new Adam on {@code device} (3DGS hyper-parameters, SH rest at 1/20). */
    public static TrainableCloud of(GaussianCloud cloud, Device device) {
        return new TrainableCloud(cloud, new Adam(device), 1f / 20);
    }

    public GaussianCloud cloud() {
        return cloud;
    }

    public Adam adam() {
        return adam;
    }

    public int size() {
        return cloud.size();
    }

    public int meansGroup() {
        return gMeans;
    }

    public int logScalesGroup() {
        return gScales;
    }

    public int quatsGroup() {
        return gQuats;
    }

    public int opacityGroup() {
        return gOpacity;
    }

    public int shGroup() {
        return gSh;
    }

    /**
     * One Adam step of every parameter group. SH columns above {@code activeShDegree} are
     * skipped (their gradients are zero and their moments still zero, so this is exact).
     */
    public void step(CloudGradients g, LearningRates lr, int activeShDegree) {
        int n = cloud.size();
        if (g.size() != n) {
            throw new IllegalArgumentException("gradients for " + g.size() + " Gaussians, cloud has " + n);
        }
        adam.step(gMeans, cloud.means(), g.means(), n, lr.means());
        adam.step(gScales, cloud.logScales(), g.logScales(), n, lr.logScales());
        adam.step(gQuats, cloud.quats(), g.quats(), n, lr.quats());
        adam.step(gOpacity, cloud.opacityLogits(), g.opacityLogits(), n, lr.opacityLogits());
        int active = GaussianCloud.coeffs(Math.min(activeShDegree, cloud.shDegree())) * 3;
        adam.step(gSh, cloud.sh(), g.sh(), n, lr.shDc(), active);
    }

    /**
     * Re-indexes the cloud and its optimizer state: new Gaussian j is a copy of old Gaussian
     * {@code src[j]} (parameters and moments), with zeroed moments where {@code fresh[j]}
     * (null: none). Callers then edit the new Gaussians' parameters in place.
     */
    public void gather(int[] src, boolean[] fresh) {
        GaussianCloud next = cloud.subset(src);
        adam.gather(src, src.length, fresh);
        for (int e = 0; e < extras.size(); e++) {
            int st = extraInfo.get(e)[0];
            float[] old = extras.get(e), now = new float[Math.multiplyExact(src.length, st)];
            for (int j = 0; j < src.length; j++) {
                System.arraycopy(old, src[j] * st, now, j * st, st);
            }
            extras.set(e, now);
        }
        cloud = next;
    }

    /**
     * Adds an extra per-Gaussian parameter ({@code float[N*stride]}, every row set to
     * {@code init}) with its own per-Gaussian Adam group {@code name}; it follows the cloud
     * through {@link #gather} (a clone keeps its parent's value). Returns its handle.
     */
    public int addExtra(String name, int stride, float init) {
        int g = adam.addGroup(name, stride, null, true);
        adam.initRows(g, cloud.size());
        float[] v = new float[Math.multiplyExact(cloud.size(), stride)];
        java.util.Arrays.fill(v, init);
        extras.add(v);
        extraInfo.add(new int[] {stride, g});
        return extras.size() - 1;
    }

    /** The values of extra {@code handle}, {@code float[N*stride]} (replaced by {@link #gather}: re-read after densification). */
    public float[] extra(int handle) {
        return extras.get(handle);
    }

    /** The Adam group of extra {@code handle}. */
    public int extraGroup(int handle) {
        return extraInfo.get(handle)[1];
    }

    /** Replaces the values of extra {@code handle} (checkpoint restore); length must be {@code N*stride}. */
    public void setExtra(int handle, float[] values) {
        if (values.length != (long) cloud.size() * extraInfo.get(handle)[0]) {
            throw new IllegalArgumentException("extra " + handle + ": " + values.length + " values for " + cloud.size() + " Gaussians");
        }
        extras.set(handle, values);
    }

    /** Zeroes the optimizer moments of the opacity group (after an opacity reset, as 3DGS does). */
    public void zeroOpacityMoments() {
        adam.zeroAll(gOpacity);
    }

    /** Replaces the cloud after a checkpoint restore (the optimizer state is restored separately). */
    public void replaceCloud(GaussianCloud c) {
        cloud = c;
    }
}
