package org.splatforge.compress.codec;

import org.splatforge.compress.quant.CanonicalFrame;
import org.splatforge.compress.quant.OpacityQuantizer;
import org.splatforge.compress.quant.PositionGrid;
import org.splatforge.compress.quant.RotationQuantizer;
import org.splatforge.compress.quant.UniformQuantizer;
import org.splatforge.compress.sh.ScalarShQuantizer;
import org.splatforge.compress.sh.ShBand;
import org.splatforge.compress.sh.ShBandMode;
import org.splatforge.compress.sh.ShColorTransform;
import org.splatforge.compress.sh.VectorShQuantizer;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The quantizers of one archive: position grid, log-scale quantizer, rotation quantizer,
 * opacity levels, DC colour step and the per-band SH plans. The encoder makes it with
 * {@link Planner}; the decoder rebuilds the same object from the section headers.
 *
 * <p>{@link #quantize} and {@link #dequantize} are pure per-Gaussian functions (no
 * dependence on order or thread count), so {@link #project} returns exactly what decoding
 * the archive returns (up to the curve order), which the fine-tuning hook relies on and the
 * tests check.
 */
public final class CodecPlan {

    final int sourceDegree;
    final PositionGrid grid;
    final UniformQuantizer scale;
    final RotationQuantizer rotation;
    final OpacityQuantizer opacity;
    final UniformQuantizer color;
    final ShBandPlan[] bands;
    final float[] weights;

    CodecPlan(int sourceDegree, PositionGrid grid, UniformQuantizer scale, RotationQuantizer rotation,
              OpacityQuantizer opacity, UniformQuantizer color, ShBandPlan[] bands, float[] weights) {
        this.sourceDegree = sourceDegree;
        this.grid = grid;
        this.scale = scale;
        this.rotation = rotation;
        this.opacity = opacity;
        this.color = color;
        this.bands = bands;
        this.weights = weights;
    }

    public PositionGrid grid() {
        return grid;
    }

    public UniformQuantizer scaleQuantizer() {
        return scale;
    }

    public RotationQuantizer rotationQuantizer() {
        return rotation;
    }

    public OpacityQuantizer opacityQuantizer() {
        return opacity;
    }

    public UniformQuantizer colorQuantizer() {
        return color;
    }

    /** Band plans, index l-1 for band l (length = stored bands). */
    public ShBandPlan band(int l) {
        return bands[l - 1];
    }

    public int storedBands() {
        return bands.length;
    }

    /** SH degree of decoded clouds: the highest band not dropped. */
    public int shDegree() {
        int d = 0;
        for (ShBandPlan b : bands) {
            if (b.mode() != ShBandMode.DROP) {
                d = b.band();
            }
        }
        return d;
    }

    /** Rotation grid shifts {normal, angle} of a Gaussian with scale levels q0 >= q1 >= q2. */
    int[] shifts(int q0, int q1, int q2, int[] out) {
        return shifts(scale, rotation, q0, q1, q2, out);
    }

    static int[] shifts(UniformQuantizer scale, RotationQuantizer rotation, int q0, int q1, int q2, int[] out) {
        double a = scale.dequantize(q0), b = scale.dequantize(q1), c = scale.dequantize(q2);
        out[0] = rotation.normalShift(a, c);
        out[1] = rotation.angleShift(a, b);
        return out;
    }

    /** Quantizes every Gaussian of {@code c} (input order; SH degree must be the plan's source degree). */
    public QuantizedCloud quantize(GaussianCloud c, Device dev) {
        if (c.shDegree() != sourceDegree) {
            throw new IllegalArgumentException("cloud has SH degree " + c.shDegree() + ", plan expects " + sourceDegree);
        }
        if (weights != null && weights.length != c.size()) {
            throw new IllegalArgumentException("cloud has " + c.size() + " Gaussians, plan was made for " + weights.length);
        }
        int n = c.size();
        QuantizedCloud q = new QuantizedCloud(n, bands.length);
        float[] means = c.means(), dc = c.sh();
        int k3 = c.shCoeffs() * 3;
        double c0 = CodecOptions.SH_C0;
        dev.parallelFor(n, 2048, (s, e, wk) -> {
            float[] sorted = new float[3];
            double[] rot = new double[9];
            double[] scratch = new double[9];
            int[] sh = new int[2];
            int[] rq = new int[3];
            for (int i = s; i < e; i++) {
                q.px[i] = grid.quantize(means[i * 3], 0);
                q.py[i] = grid.quantize(means[i * 3 + 1], 1);
                q.pz[i] = grid.quantize(means[i * 3 + 2], 2);
                CanonicalFrame.canonicalize(c.logScales(), i * 3, c.quats(), i * 4, sorted, 0, rot, 0);
                q.s0[i] = scale.quantize(sorted[0]);
                q.s1[i] = scale.quantize(sorted[1]);
                q.s2[i] = scale.quantize(sorted[2]);
                shifts(q.s0[i], q.s1[i], q.s2[i], sh);
                RotationQuantizer.quantize(rot, 0, sh[0], sh[1], rq, 0, scratch);
                q.na[i] = rq[0];
                q.nb[i] = rq[1];
                q.phi[i] = rq[2];
                q.opacity[i] = opacity.quantize(c.opacityLogits()[i]);
                q.cr[i] = color.quantize(0.5 + c0 * dc[i * k3]);
                q.cg[i] = color.quantize(0.5 + c0 * dc[i * k3 + 1]);
                q.cb[i] = color.quantize(0.5 + c0 * dc[i * k3 + 2]);
            }
        });
        for (ShBandPlan b : bands) {
            if (b.mode() == ShBandMode.DROP) {
                continue;
            }
            int l = b.band(), dim = ShBand.dim(l);
            float[] x = ShBand.extract(c.sh(), n, c.shCoeffs(), l);
            if (b.mode() == ShBandMode.SCALAR) {
                int[] levels = new int[n * dim];
                ScalarShQuantizer m = b.scalar();
                dev.parallelFor(n, 2048, (s, e, wk) -> {
                    for (int i = s; i < e; i++) {
                        m.quantize(x, i * dim, dim, weights == null ? 1f : weights[i], levels, i * dim);
                    }
                });
                q.sh[l - 1] = levels;
            } else {
                int[] idx = new int[n];
                b.vector().assign(dev, x, n, weights, idx);
                q.sh[l - 1] = idx;
            }
        }
        return q;
    }

    /** Rebuilds Gaussians from symbols (what the decoder returns). */
    public GaussianCloud dequantize(QuantizedCloud q, Device dev) {
        int n = q.n, degree = shDegree(), kOut = GaussianCloud.coeffs(degree);
        GaussianCloud out = GaussianCloud.create(n, degree);
        float[] means = out.means(), ls = out.logScales(), quats = out.quats(), op = out.opacityLogits(), sh = out.sh();
        double c0 = CodecOptions.SH_C0;
        float[][] codebooks = new float[bands.length][];
        for (ShBandPlan b : bands) {
            if (b.mode() == ShBandMode.VECTOR) {
                codebooks[b.band() - 1] = VectorShQuantizer.dequantizeCodebook(b.codebookQ(), b.entryStep());
            }
        }
        dev.parallelFor(n, 2048, (s, e, wk) -> {
            double[] rot = new double[9];
            double[] scratch = new double[9];
            int[] shf = new int[2];
            for (int i = s; i < e; i++) {
                means[i * 3] = grid.dequantize(q.px[i], 0);
                means[i * 3 + 1] = grid.dequantize(q.py[i], 1);
                means[i * 3 + 2] = grid.dequantize(q.pz[i], 2);
                ls[i * 3] = (float) scale.dequantize(q.s0[i]);
                ls[i * 3 + 1] = (float) scale.dequantize(q.s1[i]);
                ls[i * 3 + 2] = (float) scale.dequantize(q.s2[i]);
                shifts(q.s0[i], q.s1[i], q.s2[i], shf);
                RotationQuantizer.dequantize(q.na[i], q.nb[i], q.phi[i], shf[0], shf[1], rot, 0, scratch);
                CanonicalFrame.matrixToQuat(rot, 0, quats, i * 4);
                op[i] = opacity.dequantize(q.opacity[i]);
                int o = i * kOut * 3;
                sh[o] = (float) ((color.dequantize(q.cr[i]) - 0.5) / c0);
                sh[o + 1] = (float) ((color.dequantize(q.cg[i]) - 0.5) / c0);
                sh[o + 2] = (float) ((color.dequantize(q.cb[i]) - 0.5) / c0);
                for (ShBandPlan b : bands) {
                    if (b.mode() == ShBandMode.DROP || b.band() > degree) {
                        continue;
                    }
                    int l = b.band(), dim = ShBand.dim(l), w = ShBand.width(l), k0 = ShBand.first(l);
                    int[] levels = q.sh[l - 1];
                    for (int m = 0; m < w; m++) {
                        double y, c1, c2;
                        if (b.mode() == ShBandMode.SCALAR) {
                            int base = i * dim + m * 3;
                            y = ScalarShQuantizer.dequantize(levels[base], 0, b.stepY(), b.stepC(), b.reconQ6());
                            c1 = ScalarShQuantizer.dequantize(levels[base + 1], 1, b.stepY(), b.stepC(), b.reconQ6());
                            c2 = ScalarShQuantizer.dequantize(levels[base + 2], 2, b.stepY(), b.stepC(), b.reconQ6());
                        } else {
                            float[] cb = codebooks[l - 1];
                            int base = levels[i] * dim + m * 3;
                            y = cb[base];
                            c1 = cb[base + 1];
                            c2 = cb[base + 2];
                        }
                        ShColorTransform.inverse(y, c1, c2, sh, o + (k0 + m) * 3);
                    }
                }
            }
        });
        return out;
    }

    /**
     * What decoding returns for {@code c}, Gaussian for Gaussian in input order: the
     * quantize-dequantize projection the fine-tuner trains through.
     */
    public GaussianCloud project(GaussianCloud c, Device dev) {
        return dequantize(quantize(c, dev), dev);
    }
}
