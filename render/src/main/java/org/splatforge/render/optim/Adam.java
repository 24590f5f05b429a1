package org.splatforge.render.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.VectorSupport;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) over
 * structure-of-arrays parameter groups, vectorised and run on the device's workers.
 *
 * <p>A group is a flat {@code float[rows*stride]} parameter array (for a Gaussian cloud:
 * {@code means: float[N*3]}, {@code sh: float[N*K*3]}, ...). The caller owns the parameter
 * and gradient arrays and passes them to {@link #step}; the optimizer owns the first and
 * second moments. Groups marked per-Gaussian follow the cloud through densification via
 * {@link #gather} (rows copied, dropped, duplicated or zeroed), so the moments stay with
 * their Gaussian.
 *
 * <p>The update is PyTorch's {@code torch.optim.Adam} (no weight decay, no AMSGrad), which
 * 3DGS uses with eps = 1e-15:
 * <pre>
 *   m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g*g
 *   p = p - (lr*scale[col] / (1-b1^t)) * (m / (sqrt(v)/sqrt(1-b2^t) + eps))
 * </pre>
 * with {@code t} the group's step count and {@code scale[col]} a per-column factor (SH
 * bands above DC use 1/20 of the DC rate). Every element goes through the same float
 * operations in the same order whether it lands in a vector lane or the scalar tail, and
 * the update is element-wise, so results are bit-identical for any thread count.
 * {@link AdamReference} is the plain double-precision twin the tests compare against.
 */
public final class Adam {

    /** 3DGS defaults. */
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPS = 1e-15f;

    private static final VectorSpecies<Float> S = VectorSupport.FLOATS;
    private static final int L = S.length();
    /** Elements per parallel chunk in the contiguous path (rounded to the lr tile). */
    private static final int CHUNK = 1 << 14;

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final Device device;
    private final List<Group> groups = new ArrayList<>();

    /** One parameter group's configuration and state. */
    public static final class Group {
        final String name;
        final int stride;
        final boolean perGaussian;
        final float[] columnScale;
        /** columnScale repeated to lcm(stride, lanes) so a vector lane reads its own column's factor. */
        final float[] tile;
        float[] m = new float[0];
        float[] v = new float[0];
        int rows;
        long step;

        Group(String name, int stride, float[] columnScale, boolean perGaussian) {
            this.name = name;
            this.stride = stride;
            this.perGaussian = perGaussian;
            this.columnScale = columnScale.clone();
            int len = lcm(stride, L);
            tile = new float[len];
            for (int j = 0; j < len; j++) {
                tile[j] = columnScale[j % stride];
            }
        }

        public String name() {
            return name;
        }

        public int stride() {
            return stride;
        }

        public boolean perGaussian() {
            return perGaussian;
        }

        public int rows() {
            return rows;
        }

        /** Number of steps taken (the {@code t} of the bias correction). */
        public long step() {
            return step;
        }

        /** First moments, {@code float[rows*stride]} (live array; length may exceed). */
        public float[] m() {
            return m;
        }

        /** Second moments, {@code float[rows*stride]} (live array; length may exceed). */
        public float[] v() {
            return v;
        }
    }

    /** Adam with the 3DGS hyper-parameters (0.9, 0.999, 1e-15). */
    public Adam(Device device) {
        this(device, BETA1, BETA2, EPS);
    }

    public Adam(Device device, float beta1, float beta2, float eps) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0)) {
            throw new IllegalArgumentException("Adam needs 0 <= beta < 1 and eps >= 0: beta1=" + beta1
                    + " beta2=" + beta2 + " eps=" + eps);
        }
        this.device = device;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /**
     * Adds a group and returns its index.
     *
     * @param stride      floats per row (3 for means, K*3 for SH...)
     * @param columnScale learning-rate factor per column, length {@code stride}, or null for all 1
     * @param perGaussian true when rows are Gaussians (remapped by {@link #gather})
     */
    public int addGroup(String name, int stride, float[] columnScale, boolean perGaussian) {
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be > 0, got " + stride);
        }
        float[] cs = columnScale == null ? filled(stride, 1f) : columnScale;
        if (cs.length != stride) {
            throw new IllegalArgumentException("columnScale has " + cs.length + " entries, stride is " + stride);
        }
        for (Group g : groups) {
            if (g.name.equals(name)) {
                throw new IllegalArgumentException("duplicate Adam group '" + name + "'");
            }
        }
        groups.add(new Group(name, stride, cs, perGaussian));
        return groups.size() - 1;
    }

    public int groupCount() {
        return groups.size();
    }

    public Group group(int index) {
        return groups.get(index);
    }

    /** Index of the group called {@code name}, or -1. */
    public int groupIndex(String name) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).name.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public float beta1() {
        return beta1;
    }

    public float beta2() {
        return beta2;
    }

    public float eps() {
        return eps;
    }

    /**
     * Sets the row count of a group whose state is still empty (zero moments), e.g. right
     * after creation. Later changes go through {@link #gather}.
     */
    public void initRows(int group, int rows) {
        Group g = groups.get(group);
        g.m = new float[Math.multiplyExact(rows, g.stride)];
        g.v = new float[rows * g.stride];
        g.rows = rows;
    }

    /** One Adam step on every column of {@code rows} rows. */
    public void step(int group, float[] params, float[] grads, int rows, float lr) {
        step(group, params, grads, rows, lr, groups.get(group).stride);
    }

    /**
     * One Adam step on the first {@code activeCols} columns of each row; the others are left
     * alone (their gradients must be zero and stay so: the SH bands above the active degree).
     * Skipping them is exact while their moments are zero, and saves most of the work early
     * in training.
     */
    public void step(int group, float[] params, float[] grads, int rows, float lr, int activeCols) {
        Group g = groups.get(group);
        if (g.rows != rows) {
            if (g.rows == 0 && g.step == 0) {
                initRows(group, rows);
            } else {
                throw new IllegalStateException("Adam group '" + g.name + "' has state for " + g.rows
                        + " rows but was stepped with " + rows + ": resize it with gather()");
            }
        }
        long n = (long) rows * g.stride;
        if (params.length < n || grads.length < n) {
            throw new IllegalArgumentException("group '" + g.name + "': arrays shorter than rows*stride = " + n);
        }
        if (activeCols <= 0 || activeCols > g.stride) {
            throw new IllegalArgumentException("activeCols " + activeCols + " outside 1.." + g.stride);
        }
        g.step++;
        double bc1 = 1 - Math.pow(beta1, g.step);
        double bc2 = 1 - Math.pow(beta2, g.step);
        float stepSize = (float) (lr / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        float b1 = beta1, b2 = beta2, omb1 = 1 - beta1, omb2 = 1 - beta2, e = eps;
        float[] m = g.m, v = g.v;
        if (activeCols == g.stride) {
            int count = (int) n;
            int tileLen = g.tile.length;
            int chunk = Math.max(tileLen, CHUNK / tileLen * tileLen);
            int chunks = (count + chunk - 1) / chunk;
            float[] tile = g.tile;
            device.parallelFor(chunks, 1, (s, end, w) -> {
                int from = s * chunk;
                int to = (int) Math.min(count, (long) end * chunk);
                flat(params, grads, m, v, from, to, tile, b1, b2, omb1, omb2, stepSize, sqrtBc2, e);
            });
        } else {
            int stride = g.stride;
            float[] cs = g.columnScale;
            int grain = Math.max(64, CHUNK / Math.max(1, activeCols));
            device.parallelFor(rows, grain, (s, end, w) -> {
                for (int r = s; r < end; r++) {
                    row(params, grads, m, v, r * stride, activeCols, cs, b1, b2, omb1, omb2, stepSize, sqrtBc2, e);
                }
            });
        }
    }

    /** Elements [from, to) of a contiguous group; {@code from} is a multiple of the tile length. */
    static void flat(float[] p, float[] g, float[] m, float[] v, int from, int to, float[] tile,
                     float b1, float b2, float omb1, float omb2, float stepSize, float sqrtBc2, float eps) {
        int tileLen = tile.length;
        int j = from;
        int t = from % tileLen;
        for (; j + L <= to; j += L) {
            lanes(p, g, m, v, j, FloatVector.fromArray(S, tile, t), b1, b2, omb1, omb2, stepSize, sqrtBc2, eps);
            t += L;
            if (t == tileLen) {
                t = 0;
            }
        }
        for (; j < to; j++) {
            p[j] = update(p, g, m, v, j, tile[t], b1, b2, omb1, omb2, stepSize, sqrtBc2, eps);
            if (++t == tileLen) {
                t = 0;
            }
        }
    }

    /** The first {@code cols} columns of one row starting at {@code base}. */
    static void row(float[] p, float[] g, float[] m, float[] v, int base, int cols, float[] cs,
                    float b1, float b2, float omb1, float omb2, float stepSize, float sqrtBc2, float eps) {
        int c = 0;
        for (; c + L <= cols; c += L) {
            lanes(p, g, m, v, base + c, FloatVector.fromArray(S, cs, c), b1, b2, omb1, omb2, stepSize, sqrtBc2, eps);
        }
        for (; c < cols; c++) {
            int j = base + c;
            p[j] = update(p, g, m, v, j, cs[c], b1, b2, omb1, omb2, stepSize, sqrtBc2, eps);
        }
    }

    /**
     * One vector of elements at {@code j} with per-lane learning-rate factors {@code scale}; the
     * same float operations, in the same order, as {@link #update}.
     */
    private static void lanes(float[] p, float[] g, float[] m, float[] v, int j, FloatVector scale, float b1, float b2,
                              float omb1, float omb2, float stepSize, float sqrtBc2, float eps) {
        FloatVector gv = FloatVector.fromArray(S, g, j);
        FloatVector mv = FloatVector.fromArray(S, m, j).mul(b1).add(gv.mul(omb1));
        FloatVector vv = FloatVector.fromArray(S, v, j).mul(b2).add(gv.mul(omb2).mul(gv));
        mv.intoArray(m, j);
        vv.intoArray(v, j);
        FloatVector denom = vv.lanewise(VectorOperators.SQRT).div(sqrtBc2).add(eps);
        FloatVector lr = scale.mul(stepSize);
        FloatVector.fromArray(S, p, j).sub(lr.mul(mv.div(denom))).intoArray(p, j);
    }

    /** The scalar update; the same float operations, in the same order, as the vector lanes. */
    private static float update(float[] p, float[] g, float[] m, float[] v, int j, float scale,
                                float b1, float b2, float omb1, float omb2, float stepSize, float sqrtBc2, float eps) {
        float gj = g[j];
        float mj = b1 * m[j] + omb1 * gj;
        float vj = b2 * v[j] + omb2 * gj * gj;
        m[j] = mj;
        v[j] = vj;
        float denom = (float) Math.sqrt(vj) / sqrtBc2 + eps;
        float lr = stepSize * scale;
        return p[j] - lr * (mj / denom);
    }

    // ---- densification ------------------------------------------------------------------------

    /**
     * Re-indexes every per-Gaussian group: new row j takes old row {@code src[j]}'s moments,
     * or zeros when {@code src[j] < 0} or {@code fresh != null && fresh[j]}. Step counts are
     * kept, as in 3DGS (new Gaussians start with zero moments but the group's bias
     * correction continues).
     */
    public void gather(int[] src, int newRows, boolean[] fresh) {
        for (Group g : groups) {
            if (!g.perGaussian) {
                continue;
            }
            int st = g.stride;
            float[] m2 = new float[Math.multiplyExact(newRows, st)];
            float[] v2 = new float[newRows * st];
            for (int j = 0; j < newRows; j++) {
                int s = src[j];
                if (s < 0 || (fresh != null && fresh[j])) {
                    continue;
                }
                if (s >= g.rows) {
                    throw new IndexOutOfBoundsException("gather: source row " + s + " >= " + g.rows + " in group " + g.name);
                }
                System.arraycopy(g.m, s * st, m2, j * st, st);
                System.arraycopy(g.v, s * st, v2, j * st, st);
            }
            g.m = m2;
            g.v = v2;
            g.rows = newRows;
        }
    }

    /** Zeroes the moments of the rows whose flag is set (e.g. after an opacity reset). */
    public void zeroRows(int group, boolean[] rows) {
        Group g = groups.get(group);
        int st = g.stride;
        for (int r = 0; r < g.rows; r++) {
            if (rows[r]) {
                Arrays.fill(g.m, r * st, r * st + st, 0f);
                Arrays.fill(g.v, r * st, r * st + st, 0f);
            }
        }
    }

    /** Zeroes all moments of a group (keeps its step count). */
    public void zeroAll(int group) {
        Group g = groups.get(group);
        Arrays.fill(g.m, 0f);
        Arrays.fill(g.v, 0f);
    }

    /** Restores a group's state (checkpoints). Arrays are taken, not copied. */
    public void restore(int group, int rows, long step, float[] m, float[] v) {
        Group g = groups.get(group);
        long n = (long) rows * g.stride;
        if (m.length != n || v.length != n) {
            throw new IllegalArgumentException("group '" + g.name + "': state length " + m.length + "/" + v.length
                    + " != rows*stride = " + n);
        }
        g.m = m;
        g.v = v;
        g.rows = rows;
        g.step = step;
    }

    private static int lcm(int a, int b) {
        int x = a, y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
