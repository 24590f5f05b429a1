package org.splatforge.compress.codec;

import org.splatforge.compress.container.BlockFraming;
import org.splatforge.compress.container.ByteReader;
import org.splatforge.compress.container.ByteWriter;
import org.splatforge.compress.entropy.Log2;
import org.splatforge.compress.entropy.PredictiveChannelCoder;
import org.splatforge.compress.entropy.StreamCorruptException;
import org.splatforge.compress.quant.OpacityQuantizer;
import org.splatforge.compress.quant.UniformQuantizer;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The scalar attribute sections, each a set of {@link PredictiveChannelCoder} channels per
 * block (the encoder tries the predictors and the side channel per channel and keeps the
 * smallest):
 * <ul>
 *   <li>SCAL: canonical log-scale levels as {@code q0} (largest axis), {@code d1 = q0 - q1}
 *       and {@code d2 = q1 - q2}; both gaps are non-negative because the axes are sorted,
 *       and d2's context is d1's magnitude (flat and needle shapes come in kinds);</li>
 *   <li>OPAC: alpha levels;</li>
 *   <li>COLR: DC colour levels through the reversible YCoCg-R transform (Malvar and
 *       Sullivan, JVT-I014, 2003), chroma channels in the context of the luma change.</li>
 * </ul>
 * Lossless mode stores the raw float channels with {@link LosslessChannels}.
 */
final class AttributeSections {

    private static final int LIMIT = 1 << 29;

    private AttributeSections() {
    }

    private static int bucket4(long v) {
        return Math.min(3, (Log2.bitLength(Math.abs(v)) + 1) / 2);
    }

    // ---- scales ----------------------------------------------------------------------------

    static byte[] encodeScales(QuantizedCloud q, UniformQuantizer sq, int blockSize, Device dev) {
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_QUANTIZED).f64(sq.origin()).f64(sq.step());
        BlockFraming.encode(dev, w, q.n, blockSize, (b, s, e, out) -> {
            int n = e - s;
            int[] d1 = new int[n], d2 = new int[n], ext = new int[n];
            for (int i = 0; i < n; i++) {
                d1[i] = q.s0[s + i] - q.s1[s + i];
                d2[i] = q.s1[s + i] - q.s2[s + i];
                ext[i] = bucket4(d1[i]);
            }
            PredictiveChannelCoder.encode(out, q.s0, s, n, null, 0, 1, PredictiveChannelCoder.ALL_CONFIGS);
            PredictiveChannelCoder.encode(out, d1, 0, n, null, 0, 1, PredictiveChannelCoder.ALL_CONFIGS);
            PredictiveChannelCoder.encode(out, d2, 0, n, ext, 0, 4, PredictiveChannelCoder.ALL_CONFIGS);
        });
        return w.toByteArray();
    }

    static UniformQuantizer decodeScales(ByteReader r, QuantizedCloud q, int blockSize, Device dev) {
        double origin = r.finiteF64("log-scale origin");
        UniformQuantizer sq = new UniformQuantizer(origin, r.positiveF64("log-scale step"));
        BlockFraming.decode(dev, r, q.n, blockSize, (b, s, e, in) -> {
            int n = e - s;
            int[] d1 = new int[n], d2 = new int[n], ext = new int[n];
            PredictiveChannelCoder.decode(in, q.s0, s, n, null, 0, 1, -LIMIT, LIMIT, "largest log-scale");
            PredictiveChannelCoder.decode(in, d1, 0, n, null, 0, 1, 0, LIMIT, "log-scale gap 1");
            for (int i = 0; i < n; i++) {
                ext[i] = bucket4(d1[i]);
            }
            PredictiveChannelCoder.decode(in, d2, 0, n, ext, 0, 4, 0, LIMIT, "log-scale gap 2");
            for (int i = 0; i < n; i++) {
                long s1 = (long) q.s0[s + i] - d1[i], s2 = s1 - d2[i];
                if (s2 < -LIMIT) {
                    throw new StreamCorruptException(in.position(), "log-scale level " + s2 + " out of range");
                }
                q.s1[s + i] = (int) s1;
                q.s2[s + i] = (int) s2;
            }
        });
        return sq;
    }

    // ---- opacity ---------------------------------------------------------------------------

    static byte[] encodeOpacity(QuantizedCloud q, OpacityQuantizer oq, int blockSize, Device dev) {
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_QUANTIZED).varint(oq.levels());
        BlockFraming.encode(dev, w, q.n, blockSize, (b, s, e, out) ->
                PredictiveChannelCoder.encode(out, q.opacity, s, e - s, null, 0, 1, PredictiveChannelCoder.ALL_CONFIGS));
        return w.toByteArray();
    }

    static OpacityQuantizer decodeOpacity(ByteReader r, QuantizedCloud q, int blockSize, Device dev) {
        int levels = (int) r.varint("opacity levels", 2, 65536);
        BlockFraming.decode(dev, r, q.n, blockSize, (b, s, e, in) ->
                PredictiveChannelCoder.decode(in, q.opacity, s, e - s, null, 0, 1, 0, levels - 1, "opacity"));
        return new OpacityQuantizer(levels);
    }

    // ---- colour ----------------------------------------------------------------------------

    static byte[] encodeColor(QuantizedCloud q, UniformQuantizer cq, int blockSize, Device dev) {
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_QUANTIZED).f64(cq.step());
        BlockFraming.encode(dev, w, q.n, blockSize, (b, s, e, out) -> {
            int n = e - s;
            int[] y = new int[n], co = new int[n], cg = new int[n], ext = new int[n];
            for (int i = 0; i < n; i++) {
                int red = q.cr[s + i], green = q.cg[s + i], blue = q.cb[s + i];
                co[i] = red - blue;
                int t = blue + (co[i] >> 1);
                cg[i] = green - t;
                y[i] = t + (cg[i] >> 1);
                ext[i] = bucket4(i == 0 ? 0 : (long) y[i] - y[i - 1]);
            }
            PredictiveChannelCoder.encode(out, y, 0, n, null, 0, 1, PredictiveChannelCoder.ALL_CONFIGS);
            PredictiveChannelCoder.encode(out, co, 0, n, ext, 0, 4, PredictiveChannelCoder.ALL_CONFIGS);
            PredictiveChannelCoder.encode(out, cg, 0, n, ext, 0, 4, PredictiveChannelCoder.ALL_CONFIGS);
        });
        return w.toByteArray();
    }

    static UniformQuantizer decodeColor(ByteReader r, QuantizedCloud q, int blockSize, Device dev) {
        UniformQuantizer cq = new UniformQuantizer(0, r.positiveF64("colour step"));
        BlockFraming.decode(dev, r, q.n, blockSize, (b, s, e, in) -> {
            int n = e - s;
            int[] y = new int[n], co = new int[n], cg = new int[n], ext = new int[n];
            PredictiveChannelCoder.decode(in, y, 0, n, null, 0, 1, -LIMIT, LIMIT, "colour Y");
            for (int i = 0; i < n; i++) {
                ext[i] = bucket4(i == 0 ? 0 : (long) y[i] - y[i - 1]);
            }
            PredictiveChannelCoder.decode(in, co, 0, n, ext, 0, 4, -LIMIT, LIMIT, "colour Co");
            PredictiveChannelCoder.decode(in, cg, 0, n, ext, 0, 4, -LIMIT, LIMIT, "colour Cg");
            for (int i = 0; i < n; i++) {
                int t = y[i] - (cg[i] >> 1);
                int green = cg[i] + t;
                int blue = t - (co[i] >> 1);
                q.cr[s + i] = blue + co[i];
                q.cg[s + i] = green;
                q.cb[s + i] = blue;
            }
        });
        return cq;
    }

    // ---- lossless float channels ------------------------------------------------------------

    /** Lossless section of {@code channels} floats per Gaussian from {@code src}. */
    static byte[] encodeFloats(float[] src, int stride, int channels, int n, int blockSize, Device dev) {
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_LOSSLESS);
        BlockFraming.encode(dev, w, n, blockSize, (b, s, e, out) -> {
            for (int c = 0; c < channels; c++) {
                LosslessChannels.encode(out, src, stride, c, s, e);
            }
        });
        return w.toByteArray();
    }

    static void decodeFloats(ByteReader r, float[] dst, int stride, int channels, int n, int blockSize, Device dev) {
        BlockFraming.decode(dev, r, n, blockSize, (b, s, e, in) -> {
            for (int c = 0; c < channels; c++) {
                LosslessChannels.decode(in, dst, stride, c, s, e, "channel " + c);
            }
        });
    }

    /** Lossless SH section: all (K) coefficients x 3 per Gaussian, including DC for simplicity of layout. */
    static byte[] encodeLosslessSh(GaussianCloud c, int blockSize, Device dev) {
        int k3 = c.shCoeffs() * 3;
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_LOSSLESS).u8(c.shDegree());
        BlockFraming.encode(dev, w, c.size(), blockSize, (b, s, e, out) -> {
            for (int ch = 3; ch < k3; ch++) {
                LosslessChannels.encode(out, c.sh(), k3, ch, s, e);
            }
        });
        return w.toByteArray();
    }

    static void decodeLosslessSh(ByteReader r, GaussianCloud c, int blockSize, Device dev) {
        int at = r.position();
        int degree = r.u8("SH degree");
        if (degree != c.shDegree()) {
            throw new StreamCorruptException(at, "SH degree " + degree + " differs from the header's " + c.shDegree());
        }
        int k3 = c.shCoeffs() * 3;
        BlockFraming.decode(dev, r, c.size(), blockSize, (b, s, e, in) -> {
            for (int ch = 3; ch < k3; ch++) {
                LosslessChannels.decode(in, c.sh(), k3, ch, s, e, "SH coefficient " + ch);
            }
        });
    }
}
