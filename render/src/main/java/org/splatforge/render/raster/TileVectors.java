package org.splatforge.render.raster;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector helpers for the tile kernels, built only from IEEE-exact lane operations (add, mul,
 * fma, compare, shuffles) so that a result is the same bit for bit whether the JIT has
 * compiled the kernel yet or not. That is why this class has its own {@code exp} and lane
 * sum: the Vector API's {@code EXP} and {@code reduceLanes(ADD)} may differ between the
 * intrinsic and the Java fallback, which would make forward and backward disagree about an
 * alpha threshold, or two identical runs differ.
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

    private static final float LOG2E = 1.44269504088896341f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final float LN2_HI = 0.693359375f;    // ln 2 split in two (Cody-Waite), as in Cephes expf
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;    // minimax polynomial for e^r on [-ln2/2, ln2/2] (Cephes expf)
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    /** Column index within the tile of each lane, 0..15, loaded at offset {@code chunk * LANES}. */
    static final float[] COLUMNS = new float[Rasterizer.TILE];

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
     * e^x for x <= 0 (larger x is not needed: the Gaussian power is never positive where it
     * matters), relative error about 2 ulp; x below -87 gives e^-87. Cody-Waite reduction
     * {@code x = k ln2 + r}, a degree-5 minimax polynomial for e^r (Cephes expf), and 2^k put
     * into the exponent bits. For {@link #SPECIES} vectors.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-87f);
        FloatVector k = xc.fma(LOG2E, ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = k.fma(bc(-LN2_HI), xc);
        r = k.fma(bc(-LN2_LO), r);
        FloatVector p = r.fma(P0, P1).fma(r, bc(P2)).fma(r, bc(P3)).fma(r, bc(P4)).fma(r, bc(P5));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        return y.mul(((IntVector) k.convert(VectorOperators.F2I, 0)).add(127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    /**
     * {@link #exp} for {@link #BACKWARD_SPECIES} vectors: the same operations in the same
     * order, so both kernels get identical alphas. Two monomorphic copies because C2 will
     * not inline a vector method that two species have made polymorphic (it compiles it on
     * its own, "already compiled into a big method", and then every vector is boxed).
     */
    static FloatVector expBackward(FloatVector x) {
        FloatVector xc = x.max(-87f);
        FloatVector k = xc.fma(LOG2E, ROUND_MAGIC).sub(ROUND_MAGIC);
        FloatVector r = k.fma(bbc(-LN2_HI), xc);
        r = k.fma(bbc(-LN2_LO), r);
        FloatVector p = r.fma(P0, P1).fma(r, bbc(P2)).fma(r, bbc(P3)).fma(r, bbc(P4)).fma(r, bbc(P5));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        return y.mul(((IntVector) k.convert(VectorOperators.F2I, 0)).add(127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    /** A forward-species vector of {@code v} in every lane. */
    static FloatVector bc(float v) {
        return FloatVector.broadcast(SPECIES, v);
    }

    /** A backward-species vector of {@code v} in every lane. */
    static FloatVector bbc(float v) {
        return FloatVector.broadcast(BACKWARD_SPECIES, v);
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
