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
 * @param pruneInvisible    drop Gaussians whose opacity is below 1/255: the rasterizer never
 *                          blends them (DESIGN.md: "skip if alpha &lt; 1/255"), so this is exact
 *                          for rendering, and it keeps opacity quantization from turning them
 *                          into faint visible ghosts
 * @param pruneFraction     share of the remaining Gaussians to drop, least significant first,
 *                          [0, 1)
 * @param significance      the score used for pruning and error weighting
 * @param curve             ordering curve
 * @param keepOrder         also store the permutation, so decode returns the input order
 * @param blockSize         Gaussians per independently coded block (parallelism unit)
 * @param seed              seed of k-means++ (results are deterministic for a seed)
 * @param fineTune          quantization-aware fine-tuning, or null
 */
public record CodecOptions(Quality quality, double positionStep, double scaleStep, double rotationTolerance,
                           int opacityLevels, double colorStep, double shStep, double shChromaScale, double shLambda,
                           int maxShDegree, Set<ShBandMode> shModes, int vectorCodebook, boolean pruneInvisible,
                           double pruneFraction,
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

    /**
     * The settings of a named rate point.
     *
     * <p>Balanced by measured sensitivity (test-view PSNR loss per byte saved, each step
     * varied alone, on the 25k-Gaussian tabletop-static model at 200x200): at 3DGS's
     * resolutions geometry needs far less precision than colour does. From the old high
     * preset (position 2^-16 of the scene, log-scale 0.02), position x16 with the rotation
     * tolerance following it saved 74 KB of 659 KB for 0.006 dB, while SH x2 saved 151 KB for
     * 0.10 dB and dropping SH rest cost 1.67 dB. Around the medium point every step's marginal
     * cost is within a factor of about two of the others (200 to 600 KB per dB); a per-band SH
     * step growth and heavier significance weighting (volume power 0.33 to 1) were measured and
     * lost. {@code small} is the rate for pruning with fine-tuning ({@code --prune 0.45} or
     * more with views); without fine-tuning, pruning costs more than coarser steps do.
     *
     * <p>{@code medium} was then re-balanced for converged scenes, whose Gaussians are smaller
     * and thinner, so geometry error shows more. On the 6000-iteration model (40k Gaussians,
     * 39.3 dB) every step made 0.7x finer alone cost 126 KB per dB gained for rotation, 144
     * for opacity, 171 for position, but 807 for SH. Position step halved, rotation tolerance
     * halved in those (halved) cells, opacity levels doubled and the SH chroma step raised 1.5x (bytes moved from SH chroma to
     * geometry), test-PSNR loss against the old medium at about the same size: 0.508 against
     * 0.630 dB on that model (637 against 620 KB), 0.607 against 0.804 dB (1.22 MB both) and
     * 0.585 against 0.801 dB (734 against 733 KB) on the default and SteepGS 30k-iteration
     * models, 0.209 against 0.242 dB on the 2000-iteration model (369 against 358 KB; the old
     * preset with a 0.9x SH step gives 0.210 dB at 379 KB). Chroma 2x and a 1.2x SH multiplier
     * lost on every model; the same change to {@code small} did not pay on the under-trained
     * model (+9% bytes for 0.09 dB).
     */
    public static CodecOptions preset(Quality q) {
        return switch (q) {
            case LOSSLESS -> new CodecOptions(q, 1.0 / (1 << 20), 0.01, 1, 256, 1.0 / 256, 0.01, 1, 0.1155, 3,
                    null, 0, false, 0, null, null, false, DEFAULT_BLOCK, 1, null);
            case HIGH -> new CodecOptions(q, 1.0 / (1 << 13), 0.04, 1, 256, 1.0 / 64, 1.0 / 256 / SH_C0, 1.0,
                    0.1155, 3, null, 0, true, 0, null, null, false, DEFAULT_BLOCK, 1, null);
            case MEDIUM -> new CodecOptions(q, 1.0 / (1 << 12), 0.08, 1, 320, 1.0 / 32, 1.0 / 128 / SH_C0, 1.5,
                    0.1155, 3, null, 0, true, 0, null, null, false, DEFAULT_BLOCK, 1, null);
            case SMALL -> new CodecOptions(q, Math.sqrt(2) / (1 << 11), 0.08, 2, 160, 1.0 / 32, 3.5 / 256 / SH_C0,
                    1.25, 0.1155, 3, null, 0, true, 0, null, null, false, DEFAULT_BLOCK, 1, null);
        };
    }

    public boolean lossless() {
        return quality == Quality.LOSSLESS;
    }

    public CodecOptions withPruneFraction(double f) {
        return toBuilder().pruneFraction(f).build();
    }

    public CodecOptions withPruneInvisible(boolean p) {
        return toBuilder().pruneInvisible(p).build();
    }

    public CodecOptions withSignificance(SignificanceScore s) {
        return toBuilder().significance(s).build();
    }

    public CodecOptions withCurve(SpaceFillingCurve c) {
        return toBuilder().curve(c).build();
    }

    public CodecOptions withKeepOrder(boolean k) {
        return toBuilder().keepOrder(k).build();
    }

    public CodecOptions withBlockSize(int b) {
        return toBuilder().blockSize(b).build();
    }

    /** SH band modes the planner may choose from, and the VECTOR codebook size (0: automatic). */
    public CodecOptions withShModes(Set<ShBandMode> modes, int codebook) {
        return toBuilder().shModes(modes).vectorCodebook(codebook).build();
    }

    public CodecOptions withMaxShDegree(int d) {
        return toBuilder().maxShDegree(d).build();
    }

    public CodecOptions withShLambda(double l) {
        return toBuilder().shLambda(l).build();
    }

    public CodecOptions withFineTune(FineTuneHook h) {
        return toBuilder().fineTune(h).build();
    }

    /** Geometry steps in one call: position (fraction of scene size), log-scale, rotation tolerance. */
    public CodecOptions withGeometry(double position, double scale, double rotation) {
        return toBuilder().positionStep(position).scaleStep(scale).rotationTolerance(rotation).build();
    }

    /** Colour steps in one call: opacity levels, DC step, SH step. */
    public CodecOptions withColor(int opacity, double color, double sh) {
        return toBuilder().opacityLevels(opacity).colorStep(color).shStep(sh).build();
    }

    /**
     * All quantization steps multiplied by {@code s} (opacity levels divided by it, at least
     * 2): a continuous rate knob between and beyond the presets. Larger {@code s} means
     * smaller files; {@link SceneCodec#encodeToSize} searches it for a byte budget.
     */
    public CodecOptions withStepScale(double s) {
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException("step scale must be finite and > 0, got " + s);
        }
        return toBuilder().positionStep(Math.min(0.5, positionStep * s)).scaleStep(Math.min(4, scaleStep * s))
                .opacityLevels((int) Math.max(2, Math.min(65536, Math.round(opacityLevels / s))))
                .colorStep(Math.min(1, colorStep * s)).shStep(Math.min(10, shStep * s)).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a set of options; {@link #build} validates. */
    public static final class Builder {
        private Quality quality;
        private double positionStep, scaleStep, rotationTolerance, colorStep, shStep, shChromaScale, shLambda;
        private double pruneFraction;
        private boolean pruneInvisible;
        private int opacityLevels, maxShDegree, vectorCodebook, blockSize;
        private Set<ShBandMode> shModes;
        private SignificanceScore significance;
        private SpaceFillingCurve curve;
        private boolean keepOrder;
        private long seed;
        private FineTuneHook fineTune;

        Builder(CodecOptions o) {
            quality = o.quality;
            positionStep = o.positionStep;
            scaleStep = o.scaleStep;
            rotationTolerance = o.rotationTolerance;
            opacityLevels = o.opacityLevels;
            colorStep = o.colorStep;
            shStep = o.shStep;
            shChromaScale = o.shChromaScale;
            shLambda = o.shLambda;
            maxShDegree = o.maxShDegree;
            shModes = o.shModes;
            vectorCodebook = o.vectorCodebook;
            pruneFraction = o.pruneFraction;
            pruneInvisible = o.pruneInvisible;
            significance = o.significance;
            curve = o.curve;
            keepOrder = o.keepOrder;
            blockSize = o.blockSize;
            seed = o.seed;
            fineTune = o.fineTune;
        }

        public Builder positionStep(double v) {
            positionStep = v;
            return this;
        }

        public Builder scaleStep(double v) {
            scaleStep = v;
            return this;
        }

        public Builder rotationTolerance(double v) {
            rotationTolerance = v;
            return this;
        }

        public Builder opacityLevels(int v) {
            opacityLevels = v;
            return this;
        }

        public Builder colorStep(double v) {
            colorStep = v;
            return this;
        }

        public Builder shStep(double v) {
            shStep = v;
            return this;
        }

        public Builder shChromaScale(double v) {
            shChromaScale = v;
            return this;
        }

        public Builder shLambda(double v) {
            shLambda = v;
            return this;
        }

        public Builder maxShDegree(int v) {
            maxShDegree = v;
            return this;
        }

        public Builder shModes(Set<ShBandMode> v) {
            shModes = v;
            return this;
        }

        public Builder vectorCodebook(int v) {
            vectorCodebook = v;
            return this;
        }

        public Builder pruneFraction(double v) {
            pruneFraction = v;
            return this;
        }

        public Builder pruneInvisible(boolean v) {
            pruneInvisible = v;
            return this;
        }

        public Builder significance(SignificanceScore v) {
            significance = v;
            return this;
        }

        public Builder curve(SpaceFillingCurve v) {
            curve = v;
            return this;
        }

        public Builder keepOrder(boolean v) {
            keepOrder = v;
            return this;
        }

        public Builder blockSize(int v) {
            blockSize = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder fineTune(FineTuneHook v) {
            fineTune = v;
            return this;
        }

        public CodecOptions build() {
            return new CodecOptions(quality, positionStep, scaleStep, rotationTolerance, opacityLevels, colorStep,
                    shStep, shChromaScale, shLambda, maxShDegree, shModes, vectorCodebook, pruneInvisible, pruneFraction,
                    significance,
                    curve, keepOrder, blockSize, seed, fineTune);
        }
    }
}
