package org.splatforge.core.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector maths that gives the same bits whether the JIT has compiled the caller yet or not.
 * The Vector API's {@code lanewise(EXP)} is an SVML intrinsic in C2 code but a per-lane
 * {@code Math.exp} in the interpreter and C1, and {@code reduceLanes(ADD)} has an unspecified
 * order; both can differ by an ulp between the two, so one input could give two outputs within
 * one run (seen as a flaky bit-identity test under load, where warm-up takes longer). These
 * helpers use only IEEE-exact lane operations (add, mul, fma, integer ops on the bits, lane
 * reads).
 *
 * <p>{@link #exp}: for {@code x} in [{@link #EXP_MIN}, 0] (callers clamp), relative error
 * about 2 ulp. Cody-Waite reduction {@code x = k ln2 + r} with {@code k = round(x log2 e)}
 * found by adding {@link #ROUND_MAGIC} (after which the float's low mantissa bits hold k), a
 * degree-5 minimax polynomial for e^r (Cephes expf), and 2^k made by moving k + 127 into the
 * exponent bits. The rasterizer's tile kernels write the same steps inline (see
 * {@code TileVectors}) with these constants.
 */
public final class LaneMath {

    /** Smallest argument {@link #exp} accepts: e^-87 is about 1.6e-38, still a normal float. */
    public static final float EXP_MIN = -87f;
    public static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds to an integer, left in the low mantissa bits. */
    public static final float ROUND_MAGIC = 12582912f;
    /** Added to the bits of {@code x log2e + ROUND_MAGIC}: gives {@code k + 127}, the biased exponent of 2^k. */
    public static final int EXPONENT_BIAS = 127 - Float.floatToRawIntBits(ROUND_MAGIC);
    public static final float LN2_HI = 0.693359375f;    // ln 2 split in two (Cody-Waite), as in Cephes expf
    public static final float LN2_LO = -2.12194440e-4f;
    public static final float P0 = 1.9875691500e-4f;    // minimax polynomial for e^r on [-ln2/2, ln2/2] (Cephes expf)
    public static final float P1 = 1.3981999507e-3f;
    public static final float P2 = 8.3334519073e-3f;
    public static final float P3 = 4.1665795894e-2f;
    public static final float P4 = 1.6666665459e-1f;
    public static final float P5 = 5.0000001201e-1f;

    private LaneMath() {
    }

    /** e^x per lane for lanes in [{@link #EXP_MIN}, 0]; other lanes give garbage. */
    public static FloatVector exp(FloatVector x) {
        FloatVector e = x.fma(LOG2E, ROUND_MAGIC);
        FloatVector kf = e.sub(ROUND_MAGIC);
        FloatVector r = kf.fma(broadcast(x, -LN2_HI), x);
        r = kf.fma(broadcast(x, -LN2_LO), r);
        FloatVector p = r.fma(P0, P1).fma(r, broadcast(x, P2)).fma(r, broadcast(x, P3)).fma(r, broadcast(x, P4))
                .fma(r, broadcast(x, P5));
        FloatVector scale = e.reinterpretAsInts().add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return p.mul(r.mul(r)).add(r).add(1f).mul(scale);
    }

    /** {@link #exp} on one float: the same operations in the same order, so the same bits as a lane. */
    public static float exp(float x) {
        float e = Math.fma(x, LOG2E, ROUND_MAGIC);
        float kf = e - ROUND_MAGIC;
        float r = Math.fma(kf, -LN2_HI, x);
        r = Math.fma(kf, -LN2_LO, r);
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, P0, P1), r, P2), r, P3), r, P4), r, P5);
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(e) + EXPONENT_BIAS) << 23);
        return (p * (r * r) + r + 1f) * scale;
    }

    /** Sum of the lanes in lane order, {@code ((v0 + v1) + v2) + ...}: a fixed order, unlike {@code reduceLanes(ADD)}. */
    public static float sum(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }

    private static FloatVector broadcast(FloatVector like, float v) {
        return FloatVector.broadcast(like.species(), v);
    }
}
