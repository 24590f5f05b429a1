package org.splatforge.render.raster;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.splatforge.core.runtime.LaneMath;

/**
 * Vector shapes and constants for the tile kernels, whose vector code is built only from
 * IEEE-exact lane operations (add, mul, fma, div, compare, blend, shuffles, integer ops on the
 * bits) so that a result is the same bit for bit whether the JIT has compiled the kernel yet
 * or not. That is why the kernels have their own {@code exp} and lane sums: the Vector API's
 * {@code EXP} and {@code reduceLanes(ADD)} may differ between the intrinsic and the Java
 * fallback, which would make forward and backward disagree about an alpha threshold, or two
 * identical runs differ.
 *
 * <p>The exp, for {@code x} in [-87, 0] (the kernels need it for powers in [-5.6, 0]; other
 * lanes are masked off and may hold garbage), relative error about 2 ulp: Cody-Waite
 * reduction {@code x = k ln2 + r} with {@code k = round(x log2 e)} found by adding
 * {@link #ROUND_MAGIC} (after which the float's low mantissa bits are k in two's complement),
 * a degree-5 minimax polynomial for e^r (Cephes expf), and 2^k made by moving k + 127 into the
 * exponent bits ({@link #EXPONENT_BIAS}). Both kernels write these steps out in the same order
 * (so their alphas agree bit for bit) rather than call a helper: C2 boxes a vector passed to a
 * method it did not inline, and it declines to inline one it has already compiled on its own
 * into a "big method", so a helper eventually allocates on every call. {@link #expScalar} is
 * the same steps on one float, for tests.
 */
final class TileVectors {

    /**
     * Forward kernel vectors: the widest up to 16 lanes, so one tile row (16 pixels) is
     * {@code 16 / LANES} vectors.
     */
    static final VectorSpecies<Float> SPECIES = pick(16);
    static final int LANES = SPECIES.length();
    /** Vectors per tile row. */
    static final int CHUNKS = Rasterizer.TILE / LANES;
    /**
     * Backward kernel vectors: at most 8 lanes. The backward does about twice the forward's
     * work per visited pixel, so skipping half-rows that a small Gaussian does not reach pays
     * more than wide vectors do (measured on Zen 4, where 512-bit operations issue as two
     * 256-bit halves anyway: backward 25% faster at 8 lanes, forward 15% slower).
     */
    static final VectorSpecies<Float> BACKWARD_SPECIES = pick(8);
    static final int BACKWARD_LANES = BACKWARD_SPECIES.length();
    static final int BACKWARD_CHUNKS = Rasterizer.TILE / BACKWARD_LANES;

    // The exp's constants: LaneMath documents the steps, which the kernels write out inline.
    static final float LOG2E = LaneMath.LOG2E;
    static final float ROUND_MAGIC = LaneMath.ROUND_MAGIC;
    static final int EXPONENT_BIAS = LaneMath.EXPONENT_BIAS;
    static final float LN2_HI = LaneMath.LN2_HI;
    static final float LN2_LO = LaneMath.LN2_LO;
    static final float P0 = LaneMath.P0;
    static final float P1 = LaneMath.P1;
    static final float P2 = LaneMath.P2;
    static final float P3 = LaneMath.P3;
    static final float P4 = LaneMath.P4;
    static final float P5 = LaneMath.P5;

    /** Column index within the tile of each lane, 0..15, loaded at offset {@code chunk * LANES}. */
    static final float[] COLUMNS = new float[Rasterizer.TILE];

    /**
     * Lane sums of the backward's eight-lane accumulators, as index vectors for
     * {@code selectFrom(a, b)} (index i < 8 picks lane i of a, i + 8 lane i of b): {@code *_LO} and
     * {@code *_HI} of a level pick complementary halves of two vectors; their sum holds both
     * vectors' lanes folded in two. Three levels fold eight accumulators into one vector of
     * their eight sums, in lanes {@code [a, e, c, g, b, f, d, h]} for accumulators a..h paired
     * (a, b), (c, d), (e, f), (g, h), then (ab, cd), (ef, gh); every sum is
     * {@code ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))}. {@code FOLD4_*} finish a lone
     * level-two vector of four accumulators (i, j), (k, l) into {@code [i, j, k, l]} in lanes 0..3.
     */
    static final float[] HALF_LO = {0, 1, 2, 3, 8, 9, 10, 11};
    static final float[] HALF_HI = {4, 5, 6, 7, 12, 13, 14, 15};
    static final float[] QUARTER_LO = {0, 1, 8, 9, 4, 5, 12, 13};
    static final float[] QUARTER_HI = {2, 3, 10, 11, 6, 7, 14, 15};
    static final float[] EIGHTH_LO = {0, 8, 2, 10, 4, 12, 6, 14};
    static final float[] EIGHTH_HI = {1, 9, 3, 11, 5, 13, 7, 15};
    static final float[] FOLD4_LO = {0, 4, 2, 6, 8, 8, 8, 8};
    static final float[] FOLD4_HI = {1, 5, 3, 7, 8, 8, 8, 8};

    static {
        for (int i = 0; i < Rasterizer.TILE; i++) {
            COLUMNS[i] = i;
        }
    }

    private TileVectors() {
    }

    private static VectorSpecies<Float> pick(int max) {
        int preferred = Math.min(FloatVector.SPECIES_PREFERRED.length(), max);
        if (preferred >= 16) {
            return FloatVector.SPECIES_512;
        }
        return preferred >= 8 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_128;
    }

    /**
     * The kernels' e^x on one float: the same operations in the same order, so it gives
     * their lanes' values bit for bit (for tests; see the class comment).
     */
    static float expScalar(float x) {
        return LaneMath.exp(x);
    }

    /**
     * Sum of {@code lanes} (a multiple of 4) floats stored from a vector at {@code a[off..]}, pairwise in a fixed
     * order. (Kernels store and sum rather than call a helper taking a vector: a vector passed
     * to a method C2 did not inline is boxed, and the kernels are near C2's inlining limit.)
     */
    static float sum(float[] a, int off, int lanes) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (int i = 0; i < lanes; i += 4) {
            s0 += a[off + i];
            s1 += a[off + i + 1];
            s2 += a[off + i + 2];
            s3 += a[off + i + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
