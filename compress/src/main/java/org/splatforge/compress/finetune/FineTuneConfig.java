package org.splatforge.compress.finetune;

/**
 * Settings of quantization-aware fine-tuning. The rates are those 3DGS ends its schedule
 * with (Kerbl et al. 2023, {@code OptimizationParams}) times a factor that grows with how
 * much was pruned ({@link #lrScaleFor}: 2 without pruning, 8 from half pruned), decaying
 * exponentially: fine-tuning continues an optimisation, but a short one (hundreds of steps,
 * not thousands); the survivors of heavy pruning have to move a long way, while a scene that
 * was only quantized needs small moves.
 *
 * @param iterations     optimisation steps, one training view each (views in a fresh seeded
 *                       order every epoch)
 * @param reprojectEvery re-project the cloud through the codec's quantizers every this many
 *                       steps (1 = exact straight-through; see {@link StraightThrough})
 * @param ssimWeight     weight of the D-SSIM term of the 3DGS loss (0.2)
 * @param meansLr        position rate, times the scene extent (3DGS final: 1.6e-6)
 * @param scaleLr        log-scale rate (3DGS: 5e-3)
 * @param quatLr         quaternion rate (3DGS: 1e-3)
 * @param opacityLr      opacity-logit rate (3DGS: 0.025 to 0.05)
 * @param shLr           SH DC rate (3DGS: 2.5e-3); higher bands get {@code shLr * shRestFactor}
 * @param shRestFactor   rate factor of the SH bands above DC (3DGS: 1/20)
 * @param finalLrFactor  every rate decays exponentially to this fraction of itself by the last
 *                       step (as 3DGS decays the position rate), so the raw parameters settle
 *                       instead of hopping across quantization boundaries at the end
 * @param seed           seed of the view order
 */
public record FineTuneConfig(int iterations, int reprojectEvery, float ssimWeight, float meansLr, float scaleLr,
                             float quatLr, float opacityLr, float shLr, float shRestFactor, float finalLrFactor,
                             long seed) {

    public FineTuneConfig {
        if (iterations < 0 || reprojectEvery < 1) {
            throw new IllegalArgumentException("fine-tuning needs iterations >= 0 and reprojectEvery >= 1, got "
                    + iterations + " and " + reprojectEvery);
        }
        if (!(ssimWeight >= 0 && ssimWeight <= 1)) {
            throw new IllegalArgumentException("ssimWeight must be in [0, 1], got " + ssimWeight);
        }
        if (!(finalLrFactor > 0 && finalLrFactor <= 1)) {
            throw new IllegalArgumentException("finalLrFactor must be in (0, 1], got " + finalLrFactor);
        }
        for (float lr : new float[] {meansLr, scaleLr, quatLr, opacityLr, shLr, shRestFactor}) {
            if (!(lr >= 0) || !Float.isFinite(lr)) {
                throw new IllegalArgumentException("learning rates must be finite and >= 0");
            }
        }
    }

    /**
     * Factor on the 3DGS end-of-schedule rates in {@link #defaults}, for a scene of which half
     * of the Gaussians or more was pruned. Measured with {@code splat compress --quality small
     * --prune 0.5 --fine-tune 300} on a 44k-Gaussian tabletop-static model at 200x200
     * (iteration 2000 of a 7000-iteration training run), test PSNR loss against the
     * uncompressed model: x1 1.33 dB, x3 0.67 dB, x8 0.28 dB, x16 0.29 dB (and 2.6% more bytes
     * than x8); with {@code --prune 0.6 --fine-tune 1000} on the 25k-Gaussian benchmark model:
     * x1 1.66 dB, x8 0.07 dB. The survivors of heavy pruning have to move a long way.
     */
    public static final float DEFAULT_LR_SCALE = 8f;

    /**
     * Factor when at most {@link #LIGHT_PRUNE} of the Gaussians was pruned. Quantization alone
     * needs small moves; large steps hop across quantization boundaries and cost bytes.
     * Measured on the converged 40k-Gaussian tabletop-static model (6000 iterations, 39.3 dB),
     * 1000 steps, test PSNR loss and archive bytes (with the presets' coarser geometry before
     * {@code medium} was re-balanced):
     * <ul>
     *   <li>{@code --quality medium}: x0.5 0.25 dB 570 KB, x1 0.23 dB 582 KB, x2 0.19 dB
     *       599 KB, x8 0.28 dB 661 KB (0.63 dB and 620 KB without fine-tuning);</li>
     *   <li>{@code --quality small}: x1 0.77 dB 406 KB, x2 0.69 dB 418 KB, x8 0.73 dB 458 KB;</li>
     *   <li>{@code --quality medium --prune 0.2}: x2 0.66 dB 505 KB, x8 0.59 dB 560 KB (11% more
     *       bytes for 0.06 dB, a worse trade than a finer preset).</li>
     * </ul>
     */
    public static final float LIGHT_LR_SCALE = 2f;

    /** Pruned fraction up to which {@link #LIGHT_LR_SCALE} applies. */
    public static final double LIGHT_PRUNE = 0.2;

    /** Pruned fraction from which {@link #DEFAULT_LR_SCALE} applies. */
    public static final double HEAVY_PRUNE = 0.5;

    /**
     * The rate factor for a scene of which {@code prunedFraction} of the Gaussians was pruned:
     * {@link #LIGHT_LR_SCALE} up to {@link #LIGHT_PRUNE}, {@link #DEFAULT_LR_SCALE} from
     * {@link #HEAVY_PRUNE}, geometric in between (the two measured regimes; nothing was
     * measured between them).
     */
    public static float lrScaleFor(double prunedFraction) {
        if (!(prunedFraction >= 0 && prunedFraction < 1)) {
            throw new IllegalArgumentException("pruned fraction must be in [0, 1), got " + prunedFraction);
        }
        double t = Math.min(1, Math.max(0, (prunedFraction - LIGHT_PRUNE) / (HEAVY_PRUNE - LIGHT_PRUNE)));
        return (float) (LIGHT_LR_SCALE * Math.pow(DEFAULT_LR_SCALE / LIGHT_LR_SCALE, t));
    }

    /**
     * {@code iterations} steps with the 3DGS end-of-schedule rates times
     * {@link #DEFAULT_LR_SCALE}, decaying to a tenth, re-projecting every 5 steps: the settings
     * for a heavily pruned scene ({@link #forPruned} picks the factor by the pruned fraction).
     */
    public static FineTuneConfig defaults(int iterations) {
        return new FineTuneConfig(iterations, 5, 0.2f, 1.6e-6f, 5e-3f, 1e-3f, 0.025f, 2.5e-3f, 1f / 20, 0.1f, 0)
                .withLrScale(DEFAULT_LR_SCALE);
    }

    /** {@link #defaults} with the rates times {@link #lrScaleFor}{@code (prunedFraction)} instead. */
    public static FineTuneConfig forPruned(int iterations, double prunedFraction) {
        return defaults(iterations).withLrScale(lrScaleFor(prunedFraction) / DEFAULT_LR_SCALE);
    }

    /**
     * Factor on the 3DGS end-of-schedule rates for self-distillation on pseudo views
     * ({@link PseudoViews}), measured on the 25k-Gaussian tabletop-static model at
     * {@code --prune 0.2}, 300 steps: x0.25 recovers 0.48 of 0.89 dB, x1 0.52 dB, x4 makes the
     * decoded pseudo-view loss worse (and is dropped by the guard). Lower than
     * {@link #DEFAULT_LR_SCALE}: the targets are the scene's own renders, so the remaining
     * errors are small and large Adam steps only hop across quantization boundaries.
     */
    public static final float DISTILL_LR_SCALE = 1f;

    /** {@link #defaults} with the rates times {@link #DISTILL_LR_SCALE} instead. */
    public static FineTuneConfig distillation(int iterations) {
        return defaults(iterations).withLrScale(DISTILL_LR_SCALE / DEFAULT_LR_SCALE);
    }

    public FineTuneConfig withIterations(int n) {
        return new FineTuneConfig(n, reprojectEvery, ssimWeight, meansLr, scaleLr, quatLr, opacityLr, shLr,
                shRestFactor, finalLrFactor, seed);
    }

    public FineTuneConfig withReprojectEvery(int k) {
        return new FineTuneConfig(iterations, k, ssimWeight, meansLr, scaleLr, quatLr, opacityLr, shLr, shRestFactor,
                finalLrFactor, seed);
    }

    /** All rates multiplied by {@code f} (the schedule's shape kept). */
    public FineTuneConfig withLrScale(float f) {
        return new FineTuneConfig(iterations, reprojectEvery, ssimWeight, meansLr * f, scaleLr * f, quatLr * f,
                opacityLr * f, shLr * f, shRestFactor, finalLrFactor, seed);
    }

    public FineTuneConfig withFinalLrFactor(float f) {
        return new FineTuneConfig(iterations, reprojectEvery, ssimWeight, meansLr, scaleLr, quatLr, opacityLr, shLr,
                shRestFactor, f, seed);
    }
}
