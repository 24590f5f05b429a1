package org.splatforge.render.dynamic;

import java.util.SplittableRandom;
import org.splatforge.core.runtime.Device;

/**
 * The 4DGaussians deformation field (Wu et al. 2024): a multi-resolution HexPlane
 * ({@link HexPlaneLayout}) encodes (x, y, z, t) and an MLP ({@link MlpLayout}) decodes the
 * feature into per-Gaussian deltas {@code [dx dy dz | dlogScale x3 | dquat w x y z | dopacityLogit]}
 * ({@link FieldConfig#OUTPUTS} = 11 floats, added to the canonical raw parameters).
 *
 * <p>Positions are normalised by the field's box ({@code lo}, {@code hi}: world units, set at
 * creation from the canonical cloud and kept fixed); points outside sample the border cells
 * (zero gradient along the clamped axis). Time is in [0, 1] (the D-NeRF convention).
 *
 * <p>Parameters: {@code planes: float[layout.size()]} and {@code mlp: float[mlpLayout.size()]},
 * trained in place. Initialisation follows K-Planes/4DGaussians for the planes (spatial
 * planes uniform in [0.1, 0.5], time planes 1, so the feature starts time-independent) and
 * PyTorch's default for hidden layers; the last layer starts at zero so the field starts as
 * the identity and the deformation stage begins exactly where the coarse stage ended.
 *
 * <p>{@link #forward} and {@link #backward} run on the device's workers, one static range of
 * Gaussians per worker with private gradient buffers summed in worker order: deterministic
 * for a fixed thread count. {@link DeformationReference} is the double-precision twin.
 * Not thread-safe (one call at a time).
 */
public final class DeformationField {

    private final FieldConfig cfg;
    private final HexPlaneLayout layout;
    private final MlpLayout mlpLayout;
    private final float[] lo;
    private final float[] hi;
    private final float[] invExtent = new float[3];
    private final float[] planes;
    private final float[] mlp;
    private FieldWorkspace[] workers = new FieldWorkspace[0];

    /**
     * A field with zero parameters over the box {@code [lo, hi]} (world, float[3] each).
     * Use {@link #create} for an initialised one.
     */
    public DeformationField(FieldConfig cfg, float[] lo, float[] hi) {
        this.cfg = cfg;
        this.layout = new HexPlaneLayout(cfg);
        this.mlpLayout = new MlpLayout(cfg);
        this.lo = lo.clone();
        this.hi = hi.clone();
        for (int a = 0; a < 3; a++) {
            float e = hi[a] - lo[a];
            if (!(e > 0) || !Float.isFinite(e)) {
                throw new IllegalArgumentException("field box axis " + a + " must have hi > lo, got [" + lo[a] + ", "
                        + hi[a] + "]");
            }
            invExtent[a] = 1f / e;
        }
        this.planes = new float[layout.size()];
        this.mlp = new float[mlpLayout.size()];
    }

    /** An initialised field (see the class comment) over {@code [lo, hi]}; {@code seed} fixes every draw. */
    public static DeformationField create(FieldConfig cfg, float[] lo, float[] hi, long seed) {
        DeformationField f = new DeformationField(cfg, lo, hi);
        SplittableRandom r = new SplittableRandom(seed);
        HexPlaneLayout lay = f.layout;
        for (int s = 0; s < cfg.scales(); s++) {
            for (int p = 0; p < HexPlaneLayout.PLANES; p++) {
                int off = lay.offset(s, p), n = lay.resA(s, p) * lay.resB(s, p) * cfg.features();
                for (int j = 0; j < n; j++) {
                    f.planes[off + j] = HexPlaneLayout.isTimePlane(p) ? 1f : (float) (0.1 + 0.4 * r.nextDouble());
                }
            }
        }
        MlpLayout m = f.mlpLayout;
        for (int l = 0; l < m.layers() - 1; l++) {
            double bound = 1 / Math.sqrt(m.in(l));
            for (int j = m.weights(l); j < m.bias(l) + m.out(l); j++) {
                f.mlp[j] = (float) ((2 * r.nextDouble() - 1) * bound);
            }
        }
        return f;
    }

    /** A box around {@code means} (float[N*3]) padded by {@code pad} of its size on each side. */
    public static float[][] box(float[] means, int n, float pad) {
        float[] lo = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
        float[] hi = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], means[i * 3 + a]);
                hi[a] = Math.max(hi[a], means[i * 3 + a]);
            }
        }
        for (int a = 0; a < 3; a++) {
            if (n == 0) {
                lo[a] = -1;
                hi[a] = 1;
            }
            float e = Math.max(hi[a] - lo[a], 1e-3f);
            lo[a] -= pad * e;
            hi[a] += pad * e;
        }
        return new float[][] {lo, hi};
    }

    public FieldConfig config() {
        return cfg;
    }

    public HexPlaneLayout layout() {
        return layout;
    }

    public MlpLayout mlpLayout() {
        return mlpLayout;
    }

    /** Lower corner of the box, world (live array: do not modify). */
    public float[] lo() {
        return lo;
    }

    /** Upper corner of the box, world (live array: do not modify). */
    public float[] hi() {
        return hi;
    }

    float[] invExtent() {
        return invExtent;
    }

    /** Plane parameters (live). */
    public float[] planes() {
        return planes;
    }

    /** MLP parameters (live). */
    public float[] mlp() {
        return mlp;
    }

    /** Parameter count. */
    public int parameterCount() {
        return planes.length + mlp.length;
    }

    private FieldWorkspace[] workspaces(int n) {
        if (workers.length < n) {
            FieldWorkspace[] w = java.util.Arrays.copyOf(workers, n);
            for (int k = workers.length; k < n; k++) {
                w[k] = new FieldWorkspace(layout, mlpLayout);
            }
            workers = w;
        }
        return workers;
    }

    /**
     * Evaluates the deltas at time {@code t} for the Gaussians listed in {@code idx[0..count)}
     * (or {@code 0..count-1} when {@code idx} is null).
     *
     * @param means canonical positions, {@code float[N*3]}, world
     * @param out   {@code float[N*11]}, row i written for each listed i; other rows untouched
     */
    public void forward(Device device, float[] means, int[] idx, int count, float t, float[] out) {
        FieldWorkspace[] ws = workspaces(device.parallelism());
        device.parallelFor(count, 256, (start, end, w) -> {
            FieldWorkspace s = ws[w];
            for (int j = start; j < end; j++) {
                int i = idx == null ? j : idx[j];
                FieldKernel.encode(this, means[i * 3], means[i * 3 + 1], means[i * 3 + 2], t, s);
                FieldKernel.mlpForward(mlpLayout, mlp, s);
                System.arraycopy(s.act, s.actOff[mlpLayout.layers()], out, i * FieldConfig.OUTPUTS, FieldConfig.OUTPUTS);
            }
        });
    }

    /**
     * Back-propagates {@code dOut} (d loss / d deltas, {@code float[N*11]}, rows of the listed
     * Gaussians) at time {@code t}: overwrites {@code grads} with the parameter gradients and
     * adds d loss / d position to {@code dMeans} ({@code float[N*3]}, may be null).
     */
    public void backward(Device device, float[] means, int[] idx, int count, float t, float[] dOut,
                         FieldGradients grads, float[] dMeans) {
        int workersN = device.parallelism();
        FieldWorkspace[] ws = workspaces(workersN);
        for (int k = 0; k < workersN; k++) {
            ws[k].clearGradients(planes.length, mlp.length);
        }
        device.parallelForStatic(count, (start, end, w) -> {
            FieldWorkspace s = ws[w];
            for (int j = start; j < end; j++) {
                int i = idx == null ? j : idx[j];
                FieldKernel.encode(this, means[i * 3], means[i * 3 + 1], means[i * 3 + 2], t, s);
                FieldKernel.mlpForward(mlpLayout, mlp, s);
                float[] dFeat = FieldKernel.mlpBackward(mlpLayout, mlp, s, dOut, i * FieldConfig.OUTPUTS);
                FieldKernel.encodeBackward(this, s, dFeat);
                if (dMeans != null) {
                    dMeans[i * 3] += s.dPos[0];
                    dMeans[i * 3 + 1] += s.dPos[1];
                    dMeans[i * 3 + 2] += s.dPos[2];
                }
            }
        });
        reduce(device, ws, workersN, true, grads.planes());
        reduce(device, ws, workersN, false, grads.mlp());
    }

    /** dst[j] = sum over workers k = 0, 1, ... of worker k's buffer[j], in that order. */
    private static void reduce(Device device, FieldWorkspace[] ws, int workersN, boolean planes, float[] dst) {
        device.parallelFor(dst.length, 4096, (start, end, w) -> {
            System.arraycopy(planes ? ws[0].planeGrad : ws[0].mlpGrad, start, dst, start, end - start);
            for (int k = 1; k < workersN; k++) {
                float[] src = planes ? ws[k].planeGrad : ws[k].mlpGrad;
                for (int j = start; j < end; j++) {
                    dst[j] += src[j];
                }
            }
        });
    }
}
