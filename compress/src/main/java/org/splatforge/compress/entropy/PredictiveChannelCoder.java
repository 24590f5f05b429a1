package org.splatforge.compress.entropy;

import org.splatforge.compress.container.ByteReader;
import org.splatforge.compress.container.ByteWriter;
import org.splatforge.compress.container.CodedStream;

/**
 * Codes one channel of quantized integers (one attribute component of the Gaussians of a
 * block, in curve order) as prediction residuals with adaptive, context-selected models.
 *
 * <p>A configuration byte picks, per stream, what the encoder found smallest by trying
 * them all (so the choice is measured, not guessed, and the decoder just follows):
 * <ul>
 *   <li>predictor (bits 0-1): 0 none, 1 previous value, 2 mean of the previous two
 *       (neighbours in the ordering);</li>
 *   <li>side channel (bit 2): a hyperprior-style scale: for every run of
 *       {@value #RUN} values the encoder sends {@code z = bitLength(mean |residual|)} first
 *       (coded with its own model, conditioned on the previous z), and z joins the context
 *       of the run's residuals, the forward-adaptive analogue of the hyperprior of Ballé et
 *       al. (ICLR 2018).</li>
 * </ul>
 * The residual's context is {@code (ext, z, activity)} with activity a bucket of the two
 * previous residual magnitudes, and {@code ext} an optional context the caller derives from
 * data the decoder already has (another channel, another attribute).
 *
 * <p>Stream layout: {@code u8 config, varint length, range-coded bytes}.
 */
public final class PredictiveChannelCoder {

    /** Values per side-channel run. */
    public static final int RUN = 64;
    private static final int ACTIVITY = 7;
    private static final int Z = 12;
    /** Every configuration the decoder understands. */
    public static final int[] ALL_CONFIGS = {0, 1, 2, 4, 5, 6};
    private static final TokenScheme RESIDUALS = new TokenScheme(4, 1, 33);

    private PredictiveChannelCoder() {
    }

    private static int predict(int cfg, int[] v, int off, int i) {
        switch (cfg & 3) {
            case 1:
                return i > 0 ? v[off + i - 1] : 0;
            case 2:
                if (i > 1) {
                    return (int) (((long) v[off + i - 1] + v[off + i - 2]) >> 1);
                }
                return i > 0 ? v[off + i - 1] : 0;
            default:
                return 0;
        }
    }

    private static int activity(long r1, long r2) {
        return Math.min(ACTIVITY - 1, Log2.bitLength(Math.abs(r1) + Math.abs(r2)));
    }

    /**
     * Encodes {@code v[off..off+n)} trying {@code configs}, appending the smallest stream.
     *
     * @param ext      per-value contexts in [0, extCount) (null when extCount is 1)
     */
    public static void encode(ByteWriter out, int[] v, int off, int n, int[] ext, int extOff, int extCount,
                              int[] configs) {
        byte[] best = null;
        int bestCfg = 0;
        for (int cfg : configs) {
            byte[] b = encodeWith(cfg, v, off, n, ext, extOff, extCount);
            if (best == null || b.length < best.length) {
                best = b;
                bestCfg = cfg;
            }
        }
        CodedStream.write(out, bestCfg, best);
    }

    static byte[] encodeWith(int cfg, int[] v, int off, int n, int[] ext, int extOff, int extCount) {
        boolean hyper = (cfg & 4) != 0;
        int zs = hyper ? Z : 1;
        AdaptiveIntCoder coder = new AdaptiveIntCoder(RESIDUALS, extCount * zs * ACTIVITY);
        FrequencyModel[] zModel = hyper ? zModels() : null;
        RangeEncoder enc = new RangeEncoder(n + 16);
        long r1 = 0, r2 = 0;
        int z = 0, prevZ = 0;
        for (int i = 0; i < n; i++) {
            if (hyper && i % RUN == 0) {
                long sum = 0;
                int end = Math.min(n, i + RUN);
                for (int j = i; j < end; j++) {
                    sum += Math.abs((long) v[off + j] - predict(cfg, v, off, j));
                }
                z = Math.min(Z - 1, Log2.bitLength((sum + (end - i) / 2) / (end - i)));
                zModel[prevZ].encode(enc, z);
                prevZ = z;
            }
            long r = (long) v[off + i] - predict(cfg, v, off, i);
            int e = ext == null ? 0 : ext[extOff + i];
            coder.encodeSigned(enc, (e * zs + z) * ACTIVITY + activity(r1, r2), r);
            r2 = r1;
            r1 = r;
        }
        return enc.finish();
    }

    private static FrequencyModel[] zModels() {
        FrequencyModel[] m = new FrequencyModel[Z];
        for (int i = 0; i < Z; i++) {
            m[i] = new FrequencyModel(Z);
        }
        return m;
    }

    /**
     * Decodes a stream written by {@link #encode} into {@code out[off..off+n)}; every value
     * must lie in [min, max] (else the stream is corrupt). Offsets in exceptions are relative
     * to the reader's payload.
     */
    public static void decode(ByteReader in, int[] out, int off, int n, int[] ext, int extOff, int extCount, long min,
                              long max, String name) {
        int cfgAt = in.position();
        CodedStream cs = CodedStream.read(in, 7, name);
        if ((cs.config() & 3) == 3) {
            throw new StreamCorruptException(cfgAt, name + ": unknown channel configuration " + cs.config());
        }
        cs.decode(() -> decodeWith(cs.config(), cs.decoder(), out, off, n, ext, extOff, extCount, min, max));
    }

    private static void decodeWith(int cfg, RangeDecoder dec, int[] v, int off, int n, int[] ext, int extOff,
                                   int extCount, long min, long max) {
        boolean hyper = (cfg & 4) != 0;
        int zs = hyper ? Z : 1;
        AdaptiveIntCoder coder = new AdaptiveIntCoder(RESIDUALS, extCount * zs * ACTIVITY);
        FrequencyModel[] zModel = hyper ? zModels() : null;
        long r1 = 0, r2 = 0;
        int z = 0;
        for (int i = 0; i < n; i++) {
            if (hyper && i % RUN == 0) {
                z = zModel[z].decode(dec);
            }
            int e = ext == null ? 0 : ext[extOff + i];
            long r = coder.decodeSigned(dec, (e * zs + z) * ACTIVITY + activity(r1, r2));
            long val = predict(cfg, v, off, i) + r;
            if (val < min || val > max) {
                throw new StreamCorruptException(dec.position(), "value " + val + " of item " + i + " outside ["
                        + min + ", " + max + "]");
            }
            v[off + i] = (int) val;
            r2 = r1;
            r1 = r;
        }
    }
}
