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
import org.splatforge.compress.quant.RotationQuantizer;
import org.splatforge.compress.quant.UniformQuantizer;
import org.splatforge.core.runtime.Device;

/**
 * ROTN: rotations as (normal grid a, b; in-plane angle) of {@link RotationQuantizer}, whose
 * grids vary per Gaussian with its decoded scales.
 *
 * <p>Prediction from the previous Gaussian in curve order is optional per component group
 * (configuration bit 0: normal, bit 1: angle) and chosen by trial per block: on surfaces
 * neighbours share normals, elsewhere prediction only adds noise. The previous Gaussian's
 * decoded normal is re-expressed on the current Gaussian's grid, and its decoded largest
 * axis is measured in the current Gaussian's tangent basis, so prediction works across
 * different step sizes. Contexts: the grid shift (so each precision level has its own
 * statistics) and the previous residual's magnitude.
 */
final class RotationSection {

    private static final int SHIFTS = RotationQuantizer.MAX_SHIFT + 1;
    private static final int ACT = 4;
    private static final TokenScheme NORMAL = new TokenScheme(3, 1, RotationQuantizer.BASE_LOG2 + 1);
    private static final TokenScheme ANGLE = new TokenScheme(3, 1, RotationQuantizer.BASE_LOG2);

    private RotationSection() {
    }

    /** Per-block coder state shared by encoder and decoder so they stay in lockstep. */
    private static final class State {
        final int cfg;
        final AdaptiveIntCoder normal = new AdaptiveIntCoder(NORMAL, SHIFTS * ACT * 2);
        final AdaptiveIntCoder angle = new AdaptiveIntCoder(ANGLE, SHIFTS * ACT);
        final double[] prev = new double[9];
        final double[] scratch = new double[9];
        final int[] shifts = new int[2];
        boolean havePrev;
        long ra;
        long rb;
        long rp;

        State(int cfg) {
            this.cfg = cfg;
        }

        static int act(long r) {
            return Math.min(ACT - 1, Log2.bitLength(Math.abs(r)));
        }

        /** Predicted (a, b) on a grid of half-width h. */
        int predictA(int h) {
            if ((cfg & 1) == 0 || !havePrev) {
                return 0;
            }
            return gridValue(prev[2], prev[5], prev[8], h, true);
        }

        int predictB(int h) {
            if ((cfg & 1) == 0 || !havePrev) {
                return 0;
            }
            return gridValue(prev[2], prev[5], prev[8], h, false);
        }

        static int gridValue(double nx, double ny, double nz, int h, boolean a) {
            double d = Math.abs(nx) + Math.abs(ny) + Math.abs(nz);
            double u = nx / d, v = ny / d;
            int q = (int) StrictMath.rint((a ? u + v : u - v) * h);
            return Math.max(-h, Math.min(h, q));
        }

        /** Predicted angle level, given the current normal's basis in scratch[3..9). */
        int predictPhi(int angleShift) {
            if ((cfg & 2) == 0 || !havePrev) {
                return 0;
            }
            return RotationQuantizer.quantizeAngle(prev[0], prev[3], prev[6], scratch, 3, angleShift);
        }

        void remember(int na, int nb, int phi) {
            RotationQuantizer.dequantize(na, nb, phi, shifts[0], shifts[1], prev, 0, scratch);
            havePrev = true;
        }
    }

    static byte[] encode(QuantizedCloud q, UniformQuantizer scale, RotationQuantizer rot, int blockSize, Device dev) {
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_QUANTIZED).f64(rot.tolerance()).u8(RotationQuantizer.BASE_LOG2);
        BlockFraming.encode(dev, w, q.n, blockSize, (b, s, e, out) -> {
            byte[] best = null;
            int bestCfg = 0;
            for (int cfg = 0; cfg < 4; cfg++) {
                byte[] bytes = encodeBlock(q, scale, rot, s, e, cfg);
                if (best == null || bytes.length < best.length) {
                    best = bytes;
                    bestCfg = cfg;
                }
            }
            CodedStream.write(out, bestCfg, best);
        });
        return w.toByteArray();
    }

    private static byte[] encodeBlock(QuantizedCloud q, UniformQuantizer scale, RotationQuantizer rot, int s, int e,
                                      int cfg) {
        State st = new State(cfg);
        RangeEncoder enc = new RangeEncoder((e - s) * 3 + 16);
        for (int i = s; i < e; i++) {
            CodecPlan.shifts(scale, rot, q.s0[i], q.s1[i], q.s2[i], st.shifts);
            int h = RotationQuantizer.normalHalf(st.shifts[0]);
            long ra = (long) q.na[i] - st.predictA(h);
            long rb = (long) q.nb[i] - st.predictB(h);
            st.normal.encodeSigned(enc, ((st.shifts[0] * ACT) + State.act(st.ra)) * 2, ra);
            st.normal.encodeSigned(enc, ((st.shifts[0] * ACT) + State.act(st.rb)) * 2 + 1, rb);
            RotationQuantizer.normalFromGrid(q.na[i], q.nb[i], st.shifts[0], st.scratch, 0);
            RotationQuantizer.basis(st.scratch, 0, st.scratch, 3);
            int levels = RotationQuantizer.angleLevels(st.shifts[1]);
            long rp = wrap((long) q.phi[i] - st.predictPhi(st.shifts[1]), levels);
            st.angle.encodeSigned(enc, st.shifts[1] * ACT + State.act(st.rp), rp);
            st.ra = ra;
            st.rb = rb;
            st.rp = rp;
            st.remember(q.na[i], q.nb[i], q.phi[i]);
        }
        return enc.finish();
    }

    /** {@code v} modulo {@code levels}, in [-levels/2, levels/2). */
    private static long wrap(long v, int levels) {
        long m = Math.floorMod(v, (long) levels);
        return m >= levels / 2 ? m - levels : m;
    }

    static RotationQuantizer decode(ByteReader r, QuantizedCloud q, UniformQuantizer scale, int blockSize, Device dev) {
        double tol = r.positiveF64("rotation tolerance");
        int baseAt = r.position();
        int base = r.u8("rotation grid bits");
        if (base != RotationQuantizer.BASE_LOG2) {
            throw new StreamCorruptException(baseAt, "rotation grid of " + base + " bits; this decoder knows "
                    + RotationQuantizer.BASE_LOG2);
        }
        RotationQuantizer rot = new RotationQuantizer(tol);
        BlockFraming.decode(dev, r, q.n, blockSize, (b, s, e, in) -> {
            CodedStream cs = CodedStream.read(in, 3, "rotation stream");
            cs.decode(() -> decodeBlock(cs.decoder(), q, scale, rot, s, e, cs.config()));
        });
        return rot;
    }

    private static void decodeBlock(RangeDecoder dec, QuantizedCloud q, UniformQuantizer scale, RotationQuantizer rot,
                                    int s, int e, int cfg) {
        State st = new State(cfg);
        for (int i = s; i < e; i++) {
            CodecPlan.shifts(scale, rot, q.s0[i], q.s1[i], q.s2[i], st.shifts);
            int h = RotationQuantizer.normalHalf(st.shifts[0]);
            long ra = st.normal.decodeSigned(dec, ((st.shifts[0] * ACT) + State.act(st.ra)) * 2);
            long rb = st.normal.decodeSigned(dec, ((st.shifts[0] * ACT) + State.act(st.rb)) * 2 + 1);
            long na = st.predictA(h) + ra, nb = st.predictB(h) + rb;
            if (Math.abs(na) > h || Math.abs(nb) > h) {
                throw new StreamCorruptException(dec.position(), "normal grid value (" + na + ", " + nb
                        + ") of Gaussian " + i + " outside [-" + h + ", " + h + "]");
            }
            q.na[i] = (int) na;
            q.nb[i] = (int) nb;
            RotationQuantizer.normalFromGrid(q.na[i], q.nb[i], st.shifts[0], st.scratch, 0);
            RotationQuantizer.basis(st.scratch, 0, st.scratch, 3);
            int levels = RotationQuantizer.angleLevels(st.shifts[1]);
            long rp = st.angle.decodeSigned(dec, st.shifts[1] * ACT + State.act(st.rp));
            q.phi[i] = (int) Math.floorMod(st.predictPhi(st.shifts[1]) + rp, (long) levels);
            st.ra = ra;
            st.rb = rb;
            st.rp = rp;
            st.remember(q.na[i], q.nb[i], q.phi[i]);
        }
    }
}
