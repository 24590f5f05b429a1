package org.splatforge.core.scene;

import java.util.Arrays;

/**
 * A set of 3D Gaussians stored as structure-of-arrays, raw (pre-activation) as in the
 * INRIA PLY; see DESIGN.md "Rasterization conventions".
 *
 * <ul>
 *   <li>{@code means: float[N*3]}, world units, xyz</li>
 *   <li>{@code logScales: float[N*3]}, log of the standard deviation along each local axis
 *       (activate with exp)</li>
 *   <li>{@code quats: float[N*4]}, rotation w,x,y,z, not necessarily normalised</li>
 *   <li>{@code opacityLogits: float[N]} (activate with sigmoid)</li>
 *   <li>{@code sh: float[N*K*3]}, K = (degree+1)^2, coefficient-major then RGB: element
 *       {@code sh[(i*K + k)*3 + c]}; k = 0 is the DC band (PLY {@code f_dc}). This is the
 *       fixtures' and gsplat's order; the PLY stores {@code f_rest} channel-major, which
 *       the PLY codec converts.</li>
 * </ul>
 *
 * <p>Arrays may be longer than {@code size()} (spare capacity makes appends during
 * densification cheap); only the first {@code size()} entries are meaningful. The arrays
 * are exposed directly because kernels loop over them; callers must not keep references
 * across operations that may reallocate ({@link #append}, {@link #ensureCapacity}).
 */
public final class GaussianCloud {

    private int size;
    private int shDegree;
    private float[] means;
    private float[] logScales;
    private float[] quats;
    private float[] opacityLogits;
    private float[] sh;

    /** An empty cloud with room for {@code capacity} Gaussians of SH degree {@code shDegree}. */
    public GaussianCloud(int capacity, int shDegree) {
        checkDegree(shDegree);
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.shDegree = shDegree;
        int k = coeffs(shDegree);
        means = new float[capacity * 3];
        logScales = new float[capacity * 3];
        quats = new float[capacity * 4];
        opacityLogits = new float[capacity];
        sh = new float[Math.multiplyExact(capacity, k * 3)];
    }

    /** An empty cloud of SH degree {@code shDegree}. */
    public static GaussianCloud create(int count, int shDegree) {
        GaussianCloud c = new GaussianCloud(count, shDegree);
        c.size = count;
        for (int i = 0; i < count; i++) {
            c.quats[i * 4] = 1f;
        }
        return c;
    }

    /**
     * Wraps existing arrays (not copied). Lengths must hold at least {@code count}
     * Gaussians.
     */
    public static GaussianCloud wrap(int count, int shDegree, float[] means, float[] logScales, float[] quats,
                                     float[] opacityLogits, float[] sh) {
        checkDegree(shDegree);
        int k = coeffs(shDegree);
        if (means.length < count * 3 || logScales.length < count * 3 || quats.length < count * 4
                || opacityLogits.length < count || sh.length < (long) count * k * 3) {
            throw new IllegalArgumentException("arrays too short for " + count + " Gaussians of SH degree " + shDegree);
        }
        GaussianCloud c = new GaussianCloud(0, shDegree);
        c.size = count;
        c.means = means;
        c.logScales = logScales;
        c.quats = quats;
        c.opacityLogits = opacityLogits;
        c.sh = sh;
        return c;
    }

    /** Number of SH coefficients per colour channel for a degree: (d+1)^2. */
    public static int coeffs(int degree) {
        return (degree + 1) * (degree + 1);
    }

    private static void checkDegree(int d) {
        if (d < 0 || d > 3) {
            throw new IllegalArgumentException("SH degree must be 0..3, got " + d);
        }
    }

    public int size() {
        return size;
    }

    public int shDegree() {
        return shDegree;
    }

    /** SH coefficients per channel, (degree+1)^2. */
    public int shCoeffs() {
        return coeffs(shDegree);
    }

    public int capacity() {
        return opacityLogits.length;
    }

    public float[] means() {
        return means;
    }

    public float[] logScales() {
        return logScales;
    }

    public float[] quats() {
        return quats;
    }

    public float[] opacityLogits() {
        return opacityLogits;
    }

    public float[] sh() {
        return sh;
    }

    // ---- activations -------------------------------------------------------------------

    /** Activated opacity of Gaussian i: sigmoid(logit). */
    public float opacity(int i) {
        return sigmoid(opacityLogits[i]);
    }

    /** Activated scale (standard deviation, world units) of Gaussian i along local axis a. */
    public float scale(int i, int axis) {
        return (float) Math.exp(logScales[i * 3 + axis]);
    }

    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** Inverse of sigmoid, clamped so that 0 and 1 map to finite logits. */
    public static float logit(float p) {
        double q = Math.min(1 - 1e-7, Math.max(1e-7, p));
        return (float) Math.log(q / (1 - q));
    }

    /**
     * Writes Gaussian i's unit quaternion (w,x,y,z) into {@code out[off..off+4)}; a zero
     * quaternion becomes the identity.
     */
    public void normalizedQuat(int i, float[] out, int off) {
        float w = quats[i * 4], x = quats[i * 4 + 1], y = quats[i * 4 + 2], z = quats[i * 4 + 3];
        double n = Math.sqrt((double) w * w + x * x + y * y + z * z);
        if (n == 0) {
            out[off] = 1;
            out[off + 1] = out[off + 2] = out[off + 3] = 0;
            return;
        }
        out[off] = (float) (w / n);
        out[off + 1] = (float) (x / n);
        out[off + 2] = (float) (y / n);
        out[off + 3] = (float) (z / n);
    }

    // ---- bounds ----------------------------------------------------------------------------

    /** Axis-aligned bounds of the means: {min x, min y, min z, max x, max y, max z}; NaN when empty. */
    public float[] bounds() {
        float[] b = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        if (size == 0) {
            Arrays.fill(b, Float.NaN);
            return b;
        }
        for (int i = 0; i < size; i++) {
            for (int a = 0; a < 3; a++) {
                float v = means[i * 3 + a];
                b[a] = Math.min(b[a], v);
                b[a + 3] = Math.max(b[a + 3], v);
            }
        }
        return b;
    }

    /** Mean of the means, {x, y, z}; zeros when empty. */
    public double[] centroid() {
        double[] c = new double[3];
        for (int i = 0; i < size; i++) {
            c[0] += means[i * 3];
            c[1] += means[i * 3 + 1];
            c[2] += means[i * 3 + 2];
        }
        if (size > 0) {
            c[0] /= size;
            c[1] /= size;
            c[2] /= size;
        }
        return c;
    }

    /**
     * Scene radius: the largest distance of a mean from the centroid, robust to a few far
     * outliers (the 99th percentile). World units; 1 when empty.
     */
    public double extent() {
        if (size == 0) {
            return 1;
        }
        double[] c = centroid();
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            double dx = means[i * 3] - c[0], dy = means[i * 3 + 1] - c[1], dz = means[i * 3 + 2] - c[2];
            d[i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        Arrays.sort(d);
        return Math.max(1e-6, d[Math.min(size - 1, (int) Math.floor(0.99 * (size - 1)))]);
    }

    // ---- structure -------------------------------------------------------------------------

    /** Grows the arrays (amortised doubling) so that {@code capacity} Gaussians fit. */
    public void ensureCapacity(int capacity) {
        if (capacity <= capacity()) {
            return;
        }
        int n = Math.max(capacity, (int) Math.min(Integer.MAX_VALUE - 8, capacity() * 3L / 2 + 16));
        int k = shCoeffs();
        means = Arrays.copyOf(means, n * 3);
        logScales = Arrays.copyOf(logScales, n * 3);
        quats = Arrays.copyOf(quats, n * 4);
        opacityLogits = Arrays.copyOf(opacityLogits, n);
        sh = Arrays.copyOf(sh, Math.multiplyExact(n, k * 3));
    }

    /** Sets the count after a caller filled entries up to {@code newSize} (within capacity). */
    public void setSize(int newSize) {
        if (newSize < 0 || newSize > capacity()) {
            throw new IllegalArgumentException("size " + newSize + " outside [0, " + capacity() + "]");
        }
        size = newSize;
    }

    /** Appends all of {@code other} (SH degree must match). */
    public void append(GaussianCloud other) {
        if (other.shDegree != shDegree) {
            throw new IllegalArgumentException("SH degree mismatch: " + shDegree + " vs " + other.shDegree);
        }
        int n = other.size;
        ensureCapacity(size + n);
        int k3 = shCoeffs() * 3;
        System.arraycopy(other.means, 0, means, size * 3, n * 3);
        System.arraycopy(other.logScales, 0, logScales, size * 3, n * 3);
        System.arraycopy(other.quats, 0, quats, size * 4, n * 4);
        System.arraycopy(other.opacityLogits, 0, opacityLogits, size, n);
        System.arraycopy(other.sh, 0, sh, size * k3, n * k3);
        size += n;
    }

    /** Copies Gaussian {@code src} of {@code from} into slot {@code dst} of this cloud (same degree). */
    public void copyFrom(GaussianCloud from, int src, int dst) {
        int k3 = shCoeffs() * 3;
        System.arraycopy(from.means, src * 3, means, dst * 3, 3);
        System.arraycopy(from.logScales, src * 3, logScales, dst * 3, 3);
        System.arraycopy(from.quats, src * 4, quats, dst * 4, 4);
        opacityLogits[dst] = from.opacityLogits[src];
        System.arraycopy(from.sh, src * k3, sh, dst * k3, k3);
    }

    /** A new cloud holding the Gaussians at {@code indices}, in that order (repeats allowed). */
    public GaussianCloud subset(int[] indices) {
        GaussianCloud c = new GaussianCloud(indices.length, shDegree);
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("index " + i + " outside [0, " + size + ")");
            }
            c.copyFrom(this, i, j);
        }
        c.size = indices.length;
        return c;
    }

    /** A new cloud holding the Gaussians whose {@code keep} flag is set, in order. */
    public GaussianCloud select(boolean[] keep) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (keep[i]) {
                n++;
            }
        }
        int[] idx = new int[n];
        for (int i = 0, j = 0; i < size; i++) {
            if (keep[i]) {
                idx[j++] = i;
            }
        }
        return subset(idx);
    }

    /** Removes, in place and keeping order, every Gaussian whose {@code remove} flag is set. */
    public void removeIf(boolean[] remove) {
        int k3 = shCoeffs() * 3;
        int j = 0;
        for (int i = 0; i < size; i++) {
            if (remove[i]) {
                continue;
            }
            if (i != j) {
                System.arraycopy(means, i * 3, means, j * 3, 3);
                System.arraycopy(logScales, i * 3, logScales, j * 3, 3);
                System.arraycopy(quats, i * 4, quats, j * 4, 4);
                opacityLogits[j] = opacityLogits[i];
                System.arraycopy(sh, i * k3, sh, j * k3, k3);
            }
            j++;
        }
        size = j;
    }

    /** Reorders in place so that new slot j holds old Gaussian {@code order[j]} (a permutation). */
    public void permute(int[] order) {
        if (order.length != size) {
            throw new IllegalArgumentException("permutation length " + order.length + " != size " + size);
        }
        GaussianCloud c = subset(order);
        means = c.means;
        logScales = c.logScales;
        quats = c.quats;
        opacityLogits = c.opacityLogits;
        sh = c.sh;
    }

    /**
     * A copy with SH degree {@code degree}: higher bands are dropped, or added as zeros.
     */
    public GaussianCloud withShDegree(int degree) {
        checkDegree(degree);
        GaussianCloud c = new GaussianCloud(size, degree);
        c.size = size;
        System.arraycopy(means, 0, c.means, 0, size * 3);
        System.arraycopy(logScales, 0, c.logScales, 0, size * 3);
        System.arraycopy(quats, 0, c.quats, 0, size * 4);
        System.arraycopy(opacityLogits, 0, c.opacityLogits, 0, size);
        int kOld = shCoeffs(), kNew = coeffs(degree), kMin = Math.min(kOld, kNew);
        for (int i = 0; i < size; i++) {
            System.arraycopy(sh, i * kOld * 3, c.sh, i * kNew * 3, kMin * 3);
        }
        return c;
    }

    /** A deep copy trimmed to {@code size()}. */
    public GaussianCloud copy() {
        GaussianCloud c = new GaussianCloud(size, shDegree);
        c.size = size;
        System.arraycopy(means, 0, c.means, 0, size * 3);
        System.arraycopy(logScales, 0, c.logScales, 0, size * 3);
        System.arraycopy(quats, 0, c.quats, 0, size * 4);
        System.arraycopy(opacityLogits, 0, c.opacityLogits, 0, size);
        System.arraycopy(sh, 0, c.sh, 0, size * shCoeffs() * 3);
        return c;
    }

    /**
     * Index of the first Gaussian with a NaN or infinite attribute, or -1. Readers call this
     * so a corrupt file is rejected with a named position rather than poisoning training.
     */
    public int firstNonFinite() {
        int k3 = shCoeffs() * 3;
        for (int i = 0; i < size; i++) {
            if (!finite(means, i * 3, 3) || !finite(logScales, i * 3, 3) || !finite(quats, i * 4, 4)
                    || !Float.isFinite(opacityLogits[i]) || !finite(sh, i * k3, k3)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean finite(float[] a, int off, int n) {
        for (int j = off; j < off + n; j++) {
            if (!Float.isFinite(a[j])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "GaussianCloud[" + size + " Gaussians, SH degree " + shDegree + "]";
    }
}
