package org.splatforge.compress.codec;

import java.util.EnumSet;
import java.util.Set;
import org.splatforge.compress.order.SpaceFillingCurve;
import org.splatforge.compress.prune.SignificanceScore;
import org.splatforge.compress.prune.VolumeOpacityScore;
import org.splatforge.compress.sh.ShBandMode;

/**
 * Everything that controls {@link SceneCodec#encode}. Start from {@link #preset} and
 * override with the {@code with...} methods.
 *
 * @param quality           the preset these settings came from (stored in the archive)
 * @param positionStep      position grid cell, as a fraction of the scene size (twice the
 *                          robust radius, {@code GaussianCloud.extent()})
 * @param scaleStep         log-scale step (natural log units; relative scale error
 *                          {@code exp(step/2) - 1} at most)
 * @param rotationTolerance allowed displacement of an ellipsoid's boundary by rotation
 *                          error, in position-grid cells
 * @param opacityLevels     uniform levels of activated opacity
 * @param colorStep         DC colour step, in colour units (1 = full range)
 * @param shStep            SH rest step in coefficient units (same colour-MSE units as the
 *                          DC coefficient: the SH basis is orthonormal)
 * @param shChromaScale     chroma step multiplier for SH rest
 * @param shLambda          Lagrange multiplier as a multiple of shStep^2 (bits vs squared
 *                          error; ln2/6 = 0.1155 is the high-rate optimum)
 * @param maxShDegree       highest SH band to keep (0..3)
 * @param shModes           band modes the planner may choose from (DROP is always allowed)
 * @param vectorCodebook    SH codebook size for VECTOR bands, 0 for automatic
 * @param pruneFraction     share of least significant Gaussians to drop, [0, 1)
 * @param significance      the score used for pruning and error weighting
 * @param curve             ordering curve
 * @param keepOrder         also store the permutation, so decode returns the input order
 * @param blockSize         Gaussians per independently coded block (parallelism unit)
 * @param seed              seed of k-means++ (results are deterministic for a seed)
 * @param fineTune          quantization-aware fine-tuning, or null
 */
public record CodecOptions(Quality quality, double positionStep, double scaleStep, double rotationTolerance,
                           int opacityLevels, double colorStep, double shStep, double shChromaScale, double shLambda,
                           int maxShDegree, Set<ShBandMode> shModes, int vectorCodebook, double pruneFraction,
                           SignificanceScore significance, SpaceFillingCurve curve, boolean keepOrder, int blockSize,
                           long seed, FineTuneHook fineTune) {

    /** Default block: 2^16 Gaussians, a few hundred KB of input per parallel task. */
    public static final int DEFAULT_BLOCK = 1 << 16;

    /** SH DC basis constant, 1 / (2 sqrt(pi)). */
    static final double SH_C0 = 0.28209479177387814;

    public CodecOptions {
        shModes = shModes == null ? EnumSet.allOf(ShBandMode.class) : EnumSet.copyOf(shModes.isEmpty()
                ? EnumSet.of(ShBandMode.DROP) : shModes);
        check(positionStep > 0 && positionStep < 1, "positionStep must be in (0, 1)", positionStep);
        check(scaleStep > 0 && scaleStep <= 4, "scaleStep must be in (0, 4]", scaleStep);
        check(rotationTolerance > 0 && rotationTolerance < 1e6, "rotationTolerance must be > 0", rotationTolerance);
        check(opacityLevels >= 2 && opacityLevels <= 65536, "opacityLevels must be in [2, 65536]", opacityLevels);
        check(colorStep > 0 && colorStep <= 1, "colorStep must be in (0, 1]", colorStep);
        check(shStep > 0 && shStep <= 10, "shStep must be in (0, 10]", shStep);
        check(shChromaScale >= 0.25 && shChromaScale <= 16, "shChromaScale must be in [0.25, 16]", shChromaScale);
        check(shLambda >= 0 && shLambda <= 100, "shLambda must be in [0, 100]", shLambda);
        check(maxShDegree >= 0 && maxShDegree <= 3, "maxShDegree must be in [0, 3]", maxShDegree);
        check(vectorCodebook == 0 || (vectorCodebook >= 2 && vectorCodebook <= 65536),
                "vectorCodebook must be 0 or in [2, 65536]", vectorCodebook);
        check(pruneFraction >= 0 && pruneFraction < 1, "pruneFraction must be in [0, 1)", pruneFraction);
        check(blockSize >= 256 && blockSize <= (1 << 24), "blockSize must be in [256, 2^24]", blockSize);
        if (significance == null) {
            significance = new VolumeOpacityScore();
        }
        if (curve == null) {
            curve = SpaceFillingCurve.HILBERT;
        }
    }

    private static void check(boolean ok, String what, double v) {
        if (!ok) {
            throw new IllegalArgumentException(what + ", got " + v);
        }
    }

    /** The settings of a named rate point. */
    public static CodecOptions preset(Quality q) {
        return switch (q) {
            case LOSSLESS -> new CodecOptions(q, 1.0 / (1 << 20), 0.01, 1, 256, 1.0 / 256, 0.01, 1, 0.1155, 3,
                    null, 0, 0, null, null, false, DEFAULT_BLOCK, 1, null);
            case HIGH -> new CodecOptions(q, 1.0 / (1 << 16), 0.02, 1, 256, 1.0 / 256, 1.0 / 256 / SH_C0, 1.0,
                    0.1155, 3, null, 0, 0, null, null, false, DEFAULT_BLOCK, 1, null);
            case MEDIUM -> new CodecOptions(q, 1.0 / (1 << 14), 0.04, 2, 128, 1.0 / 128, 1.0 / 128 / SH_C0, 1.25,
                    0.1155, 3, null, 0, 0, null, null, false, DEFAULT_BLOCK, 1, null);
            case SMALL -> new CodecOptions(q, 1.0 / (1 << 12), 0.08, 4, 64, 1.0 / 64, 1.0 / 64 / SH_C0, 1.5,
                    0.1155, 3, null, 0, 0.1, null, null, false, DEFAULT_BLOCK, 1, null);
        };
    }

    public boolean lossless() {
        return quality == Quality.LOSSLESS;
    }

    public CodecOptions withPruneFraction(double f) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep, shStep,
                shChromaScale, shLambda, maxShDegree, shModes, vectorCodebook, f, significance, curve, keepOrder,
                blockSize, seed, fineTune);
    }

    public CodecOptions withSignificance(SignificanceScore s) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep, shStep,
                shChromaScale, shLambda, maxShDegree, shModes, vectorCodebook, pruneFraction, s, curve, keepOrder,
                blockSize, seed, fineTune);
    }

    public CodecOptions withCurve(SpaceFillingCurve c) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep, shStep,
                shChromaScale, shLambda, maxShDegree, shModes, vectorCodebook, pruneFraction, significance, c,
                keepOrder, blockSize, seed, fineTune);
    }

    public CodecOptions withKeepOrder(boolean k) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep, shStep,
                shChromaScale, shLambda, maxShDegree, shModes, vectorCodebook, pruneFraction, significance, curve, k,
                blockSize, seed, fineTune);
    }

    public CodecOptions withBlockSize(int b) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep, shStep,
                shChromaScale, shLambda, maxShDegree, shModes, vectorCodebook, pruneFraction, significance, curve,
                keepOrder, b, seed, fineTune);
    }

    public CodecOptions withShModes(Set<ShBandMode> modes, int codebook) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep, shStep,
                shChromaScale, shLambda, maxShDegree, modes, codebook, pruneFraction, significance, curve, keepOrder,
                blockSize, seed, fineTune);
    }

    public CodecOptions withMaxShDegree(int d) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep, shStep,
                shChromaScale, shLambda, d, shModes, vectorCodebook, pruneFraction, significance, curve, keepOrder,
                blockSize, seed, fineTune);
    }

    public CodecOptions withShLambda(double l) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep, shStep,
                shChromaScale, l, maxShDegree, shModes, vectorCodebook, pruneFraction, significance, curve, keepOrder,
                blockSize, seed, fineTune);
    }

    public CodecOptions withFineTune(FineTuneHook h) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep, shStep,
                shChromaScale, shLambda, maxShDegree, shModes, vectorCodebook, pruneFraction, significance, curve,
                keepOrder, blockSize, seed, h);
    }

    /** Geometry steps in one call: position (fraction of scene size), log-scale, rotation tolerance. */
    public CodecOptions withGeometry(double position, double scale, double rotation) {
        return new CodecOptions(quality, position, scale, rotation, opacityLevels, colorStep, shStep, shChromaScale,
                shLambda, maxShDegree, shModes, vectorCodebook, pruneFraction, significance, curve, keepOrder,
                blockSize, seed, fineTune);
    }

    /** Colour steps in one call: opacity levels, DC step, SH step. */
    public CodecOptions withColor(int opacity, double color, double sh) {
        return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacity, color, sh,
                shChromaScale, shLambda, maxShDegree, shModes, vectorCodebook, pruneFraction, significance, curve,
                keepOrder, blockSize, seed, fineTune);
    }
}
