package org.splatforge.compress.codec;

import org.splatforge.compress.container.BlockFraming;
import org.splatforge.compress.container.ByteReader;
import org.splatforge.compress.container.ByteWriter;
import org.splatforge.compress.container.CodedStream;
import org.splatforge.compress.entropy.AdaptiveIntCoder;
import org.splatforge.compress.entropy.FrequencyModel;
import org.splatforge.compress.entropy.Log2;
import org.splatforge.compress.entropy.MixedBitModel;
import org.splatforge.compress.entropy.RangeDecoder;
import org.splatforge.compress.entropy.RangeEncoder;
import org.splatforge.compress.entropy.StreamCorruptException;
import org.splatforge.compress.entropy.TokenScheme;
import org.splatforge.compress.quant.OpacityQuantizer;
import org.splatforge.compress.quant.UniformQuantizer;
import org.splatforge.compress.sh.ShBand;
import org.splatforge.compress.sh.ShBandMode;
import org.splatforge.core.runtime.Device;

/**
 * SHAC: the SH rest bands (degree 1..3) as planned by {@link Planner}.
 *
 * <p><b>SCALAR bands.</b> Per Gaussian a "band coded" flag, then (if set) its levels.
 * The flag is where context mixing pays: three weak contexts predict it, (a) the previous
 * Gaussian's flag with this Gaussian's flag of the band below, (b) how many of the last 8
 * Gaussians had the band, (c) this Gaussian's opacity and size (cross-attribute:
 * faint and tiny Gaussians lose their SH first under the significance weighting); a joint
 * context would have 4*9*32 cells, so {@link MixedBitModel} mixes the three predictions
 * instead. Levels are coded in contexts of colour group (luma/chroma) and the previous
 * level's magnitude in the same Gaussian. Configuration bit 0 adds the hyperprior-style
 * side channel: per run of 64 Gaussians a scale {@code z} (the run's mean level
 * magnitude) is sent first and conditions the levels.
 *
 * <p><b>VECTOR bands.</b> The codebook (entries in {@code entryStep} units, range coded)
 * sits in the section header; per Gaussian its codeword index, most used codewords having
 * the smallest indices, in the context of the previous index's magnitude (configuration
 * bit 0).
 */
final class ShSection {

    private static final int RUN = 64;
    private static final int Z = 8;
    private static final TokenScheme LEVELS = new TokenScheme(3, 1, 31);
    private static final TokenScheme ENTRIES = new TokenScheme(4, 1, 31);
    private static final int LIMIT = 1 << 29;

    private ShSection() {
    }

    /** What the band streams need from the rest of the archive. */
    private record Ctx(UniformQuantizer scale, OpacityQuantizer opacity, ShBandPlan[] bands, boolean[][] nonzeroWord) {

        int sideBucket(QuantizedCloud q, int i) {
            int op = Math.min(3, q.opacity[i] * 4 / opacity.levels());
            double s = scale.dequantize(q.s0[i]);
            int size = (int) Math.max(0, Math.min(7, Math.floor(s + 8)));
            return op * 8 + size;
        }

        /** Whether band l of Gaussian i carries anything (false for DROP). */
        boolean coded(QuantizedCloud q, int l, int i) {
            ShBandPlan b = bands[l - 1];
            if (b.mode() == ShBandMode.SCALAR) {
                int dim = ShBand.dim(l);
                for (int j = 0; j < dim; j++) {
                    if (q.sh[l - 1][i * dim + j] != 0) {
                        return true;
                    }
                }
                return false;
            }
            if (b.mode() == ShBandMode.VECTOR) {
                return nonzeroWord[l - 1][q.sh[l - 1][i]];
            }
            return false;
        }
    }

    private static boolean[][] nonzeroWords(ShBandPlan[] bands) {
        boolean[][] nz = new boolean[bands.length][];
        for (ShBandPlan b : bands) {
            if (b.mode() != ShBandMode.VECTOR) {
                continue;
            }
            int dim = ShBand.dim(b.band());
            nz[b.band() - 1] = new boolean[b.k()];
            for (int j = 0; j < b.k(); j++) {
                for (int d = 0; d < dim; d++) {
                    nz[b.band() - 1][j] |= b.codebookQ()[j * dim + d] != 0;
                }
            }
        }
        return nz;
    }

    static byte[] encode(QuantizedCloud q, CodecPlan plan, int blockSize, Device dev) {
        ShBandPlan[] bands = plan.bands;
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_QUANTIZED).u8(bands.length);
        for (ShBandPlan b : bands) {
            w.u8(b.mode().id());
            if (b.mode() == ShBandMode.SCALAR) {
                w.f64(b.stepY()).f64(b.stepC()).u8(b.reconQ6());
            } else if (b.mode() == ShBandMode.VECTOR) {
                w.f64(b.entryStep()).varint(b.k());
                RangeEncoder enc = new RangeEncoder();
                AdaptiveIntCoder coder = new AdaptiveIntCoder(ENTRIES, 2);
                for (int j = 0; j < b.codebookQ().length; j++) {
                    coder.encodeSigned(enc, j % 3 == 0 ? 0 : 1, b.codebookQ()[j]);
                }
                byte[] bytes = enc.finish();
                w.varint(bytes.length).bytes(bytes);
            }
        }
        Ctx ctx = new Ctx(plan.scale, plan.opacity, bands, nonzeroWords(bands));
        BlockFraming.encode(dev, w, q.n, blockSize, (blk, s, e, out) -> {
            for (ShBandPlan b : bands) {
                if (b.mode() == ShBandMode.DROP) {
                    continue;
                }
                byte[] best = null;
                int bestCfg = 0;
                for (int cfg = 0; cfg < 2; cfg++) {
                    RangeEncoder enc = new RangeEncoder();
                    if (b.mode() == ShBandMode.SCALAR) {
                        scalarBand(enc, null, q, ctx, b.band(), s, e, cfg);
                    } else {
                        vectorBand(enc, null, q, b, s, e, cfg);
                    }
                    byte[] bytes = enc.finish();
                    if (best == null || bytes.length < best.length) {
                        best = bytes;
                        bestCfg = cfg;
                    }
                }
                CodedStream.write(out, bestCfg, best);
            }
        });
        return w.toByteArray();
    }

    /**
     * Codes (enc != null) or decodes (dec != null) one SCALAR band of block [s, e): one
     * routine for both directions, so the model updates cannot drift apart.
     */
    private static void scalarBand(RangeEncoder enc, RangeDecoder dec, QuantizedCloud q, Ctx ctx, int l, int s, int e,
                                   int cfg) {
        int dim = ShBand.dim(l);
        boolean hyper = (cfg & 1) != 0;
        int zs = hyper ? Z : 1;
        MixedBitModel flags = new MixedBitModel(new int[] {4, 9, 32}, 2, 3);
        AdaptiveIntCoder levels = new AdaptiveIntCoder(LEVELS, zs * 2 * 3);
        FrequencyModel[] zModel = new FrequencyModel[Z];
        for (int i = 0; i < Z; i++) {
            zModel[i] = new FrequencyModel(Z);
        }
        int[] fctx = new int[3];
        int[] lv = q.sh[l - 1];
        int prevFlag = 0, history = 0, z = 0;
        for (int i = s; i < e; i++) {
            if (hyper && (i - s) % RUN == 0) {
                if (enc != null) {
                    long sum = 0;
                    int end = Math.min(e, i + RUN);
                    for (int k = i * dim; k < end * dim; k++) {
                        sum += Math.abs(lv[k]);
                    }
                    int nz = Math.min(Z - 1, Log2.bitLength((sum + RUN / 2) / RUN));
                    zModel[z].encode(enc, nz);
                    z = nz;
                } else {
                    z = zModel[z].decode(dec);
                }
            }
            int lower = l == 1 ? 1 : (ctx.coded(q, l - 1, i) ? 1 : 0);
            fctx[0] = prevFlag * 2 + lower;
            fctx[1] = Integer.bitCount(history & 0xFF);
            fctx[2] = ctx.sideBucket(q, i);
            int flag;
            if (enc != null) {
                flag = 0;
                for (int j = 0; j < dim; j++) {
                    if (lv[i * dim + j] != 0) {
                        flag = 1;
                        break;
                    }
                }
                flags.encode(enc, fctx, lower, flag);
            } else {
                flag = flags.decode(dec, fctx, lower);
            }
            int lastY = 0, lastC = 0;
            for (int j = 0; j < dim; j++) {
                int g = j % 3 == 0 ? 0 : 1;
                int a = Math.min(2, g == 0 ? lastY : lastC);
                int c = (z * 2 + g) * 3 + a;
                int v;
                if (flag == 0) {
                    v = 0;
                    if (dec != null) {
                        lv[i * dim + j] = 0;
                    }
                } else if (enc != null) {
                    v = lv[i * dim + j];
                    levels.encodeSigned(enc, c, v);
                } else {
                    long d = levels.decodeSigned(dec, c);
                    if (Math.abs(d) > LIMIT) {
                        throw new StreamCorruptException(dec.position(), "SH level " + d + " out of range");
                    }
                    v = (int) d;
                    lv[i * dim + j] = v;
                }
                if (g == 0) {
                    lastY = Math.abs(v);
                } else {
                    lastC = Math.abs(v);
                }
            }
            history = (history << 1) | flag;
            prevFlag = flag;
        }
    }

    private static void vectorBand(RangeEncoder enc, RangeDecoder dec, QuantizedCloud q, ShBandPlan b, int s, int e,
                                   int cfg) {
        int bits = Math.max(4, Log2.bitLength(b.k() - 1));
        AdaptiveIntCoder coder = new AdaptiveIntCoder(new TokenScheme(4, 2, bits), 4);
        int[] idx = q.sh[b.band() - 1];
        long prev = 0;
        for (int i = s; i < e; i++) {
            int c = cfg == 0 ? 0 : Math.min(3, Log2.bitLength(prev) / 3);
            if (enc != null) {
                coder.encodeUnsigned(enc, c, idx[i]);
            } else {
                long v = coder.decodeUnsigned(dec, c);
                if (v >= b.k()) {
                    throw new StreamCorruptException(dec.position(), "codeword index " + v + " of Gaussian " + i
                            + " beyond the codebook (" + b.k() + " entries)");
                }
                idx[i] = (int) v;
            }
            prev = idx[i];
        }
    }

    static ShBandPlan[] decode(ByteReader r, QuantizedCloud q, UniformQuantizer scale, OpacityQuantizer opacity,
                               int sourceDegree, int shDegree, int blockSize, Device dev) {
        int countAt = r.position();
        int count = r.u8("SH band count");
        if (count != sourceDegree) {
            throw new StreamCorruptException(countAt, "SH band count " + count + " differs from the source degree "
                    + sourceDegree);
        }
        ShBandPlan[] bands = new ShBandPlan[count];
        int highest = 0;
        for (int l = 1; l <= count; l++) {
            int modeAt = r.position();
            int m = r.u8("band " + l + " mode");
            ShBandMode mode;
            try {
                mode = ShBandMode.fromId(m);
            } catch (IllegalArgumentException ex) {
                throw new StreamCorruptException(modeAt, "band " + l + ": unknown mode " + m);
            }
            int dim = ShBand.dim(l);
            switch (mode) {
                case SCALAR -> {
                    double sy = r.positiveF64("band " + l + " luma step");
                    double sc = r.positiveF64("band " + l + " chroma step");
                    int recon = r.u8("band " + l + " reconstruction offset", 0, 63);
                    bands[l - 1] = new ShBandPlan(l, mode, sy, sc, recon, null, 0, 0, null, null);
                    q.sh[l - 1] = new int[q.n * dim];
                }
                case VECTOR -> {
                    double es = r.positiveF64("band " + l + " codeword step");
                    int k = (int) r.varint("band " + l + " codebook size", 1, 1 << 16);
                    int len = (int) r.varint("band " + l + " codebook length", 5, r.remaining());
                    int base = r.position();
                    int at = r.skip(len, "band " + l + " codebook");
                    int[] cb = new int[k * dim];
                    try {
                        RangeDecoder dec = new RangeDecoder(r.backingArray(), at, len);
                        AdaptiveIntCoder coder = new AdaptiveIntCoder(ENTRIES, 2);
                        for (int j = 0; j < cb.length; j++) {
                            long v = coder.decodeSigned(dec, j % 3 == 0 ? 0 : 1);
                            if (Math.abs(v) > LIMIT) {
                                throw new StreamCorruptException(dec.position(), "codeword value " + v + " out of range");
                            }
                            cb[j] = (int) v;
                        }
                        dec.checkFullyConsumed();
                    } catch (StreamCorruptException ex) {
                        throw ex.shift(base, "band " + l + " codebook");
                    }
                    bands[l - 1] = new ShBandPlan(l, mode, 0, 0, 0, cb, k, es, null, null);
                    q.sh[l - 1] = new int[q.n];
                }
                default -> bands[l - 1] = ShBandPlan.drop(l);
            }
            if (mode != ShBandMode.DROP) {
                highest = l;
            }
        }
        if (highest != shDegree) {
            throw new StreamCorruptException(countAt, "highest stored SH band is " + highest + " but the header says "
                    + "degree " + shDegree);
        }
        Ctx ctx = new Ctx(scale, opacity, bands, nonzeroWords(bands));
        BlockFraming.decode(dev, r, q.n, blockSize, (blk, s, e, in) -> {
            for (ShBandPlan b : bands) {
                if (b.mode() == ShBandMode.DROP) {
                    continue;
                }
                CodedStream cs = CodedStream.read(in, 1, "band " + b.band());
                cs.decode(() -> {
                    if (b.mode() == ShBandMode.SCALAR) {
                        scalarBand(null, cs.decoder(), q, ctx, b.band(), s, e, cs.config());
                    } else {
                        vectorBand(null, cs.decoder(), q, b, s, e, cs.config());
                    }
                });
            }
        });
        return bands;
    }
}
