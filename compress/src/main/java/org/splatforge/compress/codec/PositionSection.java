package org.splatforge.compress.codec;

import org.splatforge.compress.container.BlockFraming;
import org.splatforge.compress.container.ByteReader;
import org.splatforge.compress.container.ByteWriter;
import org.splatforge.compress.container.CodedStream;
import org.splatforge.compress.entropy.AdaptiveIntCoder;
import org.splatforge.compress.entropy.Log2;
import org.splatforge.compress.entropy.RangeDecoder;
import org.splatforge.compress.entropy.RangeEncoder;
import org.splatforge.compress.entropy.StreamCorruptException;
import org.splatforge.compress.entropy.TokenScheme;
import org.splatforge.compress.order.SpaceFillingCurve;
import org.splatforge.compress.quant.PositionGrid;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * POSN: positions as grid cells in curve order, coded as the gaps between consecutive
 * curve keys (predictive coding: delta from the previous Gaussian in the ordering).
 *
 * <p>Why gaps of sorted keys: the order of Gaussians does not matter to the renderer, so
 * only the <em>set</em> of cells must be coded. Sorted by a locality-preserving curve the
 * gaps are small and non-negative; their cost approaches the entropy of the set
 * (about {@code log2(cells / N) + 1.44} bits per point for uniformly spread points, less
 * for points clustered on surfaces, whose gap distribution is skewed, which the adaptive
 * token model learns). A gap's token (its magnitude class and next bit) is modelled; the
 * lower bits are sent raw. The context (configuration 1) is the previous gap's magnitude,
 * which separates dense runs on a surface from jumps between clusters; the encoder keeps
 * whichever configuration is smaller.
 */
final class PositionSection {

    private static final TokenScheme GAPS = new TokenScheme(4, 1, 63);
    private static final int CONTEXTS = 32;

    private PositionSection() {
    }

    static byte[] encode(QuantizedCloud q, PositionGrid g, int blockSize, Device dev) {
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_QUANTIZED).f64(g.originX()).f64(g.originY()).f64(g.originZ()).f64(g.step()).u8(g.bits())
                .u8(g.curve().id());
        BlockFraming.encode(dev, w, q.n, blockSize, (b, s, e, out) -> {
            long[] keys = new long[e - s];
            for (int i = s; i < e; i++) {
                keys[i - s] = g.curve().key(q.px[i], q.py[i], q.pz[i], g.bits());
            }
            byte[] best = null;
            int bestCfg = 0;
            for (int cfg = 0; cfg < 2; cfg++) {
                byte[] bytes = encodeGaps(keys, cfg);
                if (best == null || bytes.length < best.length) {
                    best = bytes;
                    bestCfg = cfg;
                }
            }
            CodedStream.write(out, bestCfg, best);
        });
        return w.toByteArray();
    }

    private static int context(int cfg, long prevGap) {
        return cfg == 0 ? 0 : Math.min(CONTEXTS - 1, Log2.bitLength(prevGap) / 2);
    }

    private static byte[] encodeGaps(long[] keys, int cfg) {
        AdaptiveIntCoder coder = new AdaptiveIntCoder(GAPS, CONTEXTS);
        RangeEncoder enc = new RangeEncoder(keys.length * 3 + 16);
        long prev = 0, prevGap = 0;
        for (long k : keys) {
            long gap = k - prev;
            coder.encodeUnsigned(enc, context(cfg, prevGap), gap);
            prev = k;
            prevGap = gap;
        }
        return enc.finish();
    }

    static PositionGrid decode(ByteReader r, QuantizedCloud q, int blockSize, Device dev) {
        double ox = r.finiteF64("origin x"), oy = r.finiteF64("origin y"), oz = r.finiteF64("origin z");
        double step = r.positiveF64("grid step");
        int bits = r.u8("grid bits", 0, SpaceFillingCurve.MAX_BITS);
        int curveAt = r.position();
        int curveId = r.u8("curve");
        SpaceFillingCurve curve;
        try {
            curve = SpaceFillingCurve.fromId(curveId);
        } catch (IllegalArgumentException e) {
            throw new StreamCorruptException(curveAt, "unknown curve id " + curveId);
        }
        PositionGrid g = new PositionGrid(ox, oy, oz, step, bits, curve);
        long maxKey = bits == 0 ? 0 : (1L << (3 * bits)) - 1;
        BlockFraming.decode(dev, r, q.n, blockSize, (b, s, e, in) -> {
            CodedStream cs = CodedStream.read(in, 1, "gap stream");
            cs.decode(() -> {
                RangeDecoder dec = cs.decoder();
                int cfg = cs.config();
                AdaptiveIntCoder coder = new AdaptiveIntCoder(GAPS, CONTEXTS);
                long prev = 0, prevGap = 0;
                int[] xyz = new int[3];
                for (int i = s; i < e; i++) {
                    long gap = coder.decodeUnsigned(dec, context(cfg, prevGap));
                    long key = prev + gap;
                    if (gap > maxKey || key < 0 || key > maxKey) {
                        throw new StreamCorruptException(dec.position(), "position key " + Long.toUnsignedString(key)
                                + " of Gaussian " + i + " beyond the grid (" + bits + " bits per axis)");
                    }
                    curve.coords(key, bits, xyz);
                    q.px[i] = xyz[0];
                    q.py[i] = xyz[1];
                    q.pz[i] = xyz[2];
                    prev = key;
                    prevGap = gap;
                }
            });
        });
        return g;
    }

    static byte[] encodeLossless(GaussianCloud c, int blockSize, Device dev) {
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_LOSSLESS);
        BlockFraming.encode(dev, w, c.size(), blockSize, (b, s, e, out) -> {
            for (int a = 0; a < 3; a++) {
                LosslessChannels.encode(out, c.means(), 3, a, s, e);
            }
        });
        return w.toByteArray();
    }

    static void decodeLossless(ByteReader r, GaussianCloud c, int blockSize, Device dev) {
        BlockFraming.decode(dev, r, c.size(), blockSize, (b, s, e, in) -> {
            for (int a = 0; a < 3; a++) {
                LosslessChannels.decode(in, c.means(), 3, a, s, e, "axis " + a);
            }
        });
    }
}
