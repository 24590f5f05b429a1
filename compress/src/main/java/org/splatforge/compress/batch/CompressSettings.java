package org.splatforge.compress.batch;

import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.eval.SceneViews;

/**
 * What every file of a compression job gets.
 *
 * @param options   codec settings (a preset, possibly overridden); with views, the
 *                  significance becomes {@link org.splatforge.compress.prune.ViewSignificanceScore}
 * @param views     training and test views of the scene(s), or null
 * @param fineTune  makes the fine-tuner (with views, or with {@code distill}), or null for none
 * @param evaluate  with views: also measure PSNR/SSIM of the input and the decoded archive
 * @param targetBytes when > 0, rate control: the finest step scale of the options whose
 *                  archive fits in this many bytes ({@link org.splatforge.compress.codec.SceneCodec#encodeToSize})
 * @param distill   without views: fine-tune against renders of each input scene itself from
 *                  pseudo views around it ({@link org.splatforge.compress.finetune.PseudoViews},
 *                  view-free self-distillation); needs {@code fineTune} and no views
 */
public record CompressSettings(CodecOptions options, SceneViews views, FineTuneFactory fineTune, boolean evaluate,
                               long targetBytes, boolean distill) {

    /** Settings without a byte budget or self-distillation. */
    public CompressSettings(CodecOptions options, SceneViews views, FineTuneFactory fineTune, boolean evaluate) {
        this(options, views, fineTune, evaluate, 0, false);
    }

    /** Settings without self-distillation. */
    public CompressSettings(CodecOptions options, SceneViews views, FineTuneFactory fineTune, boolean evaluate,
                            long targetBytes) {
        this(options, views, fineTune, evaluate, targetBytes, false);
    }

    public CompressSettings {
        if (options == null) {
            throw new IllegalArgumentException("codec options are required");
        }
        if (fineTune != null && views == null && !distill) {
            throw new IllegalArgumentException("fine-tuning needs training views (--dataset) or self-distillation "
                    + "(--distill)");
        }
        if (distill && (views != null || fineTune == null)) {
            throw new IllegalArgumentException("self-distillation (--distill) is the view-free fine-tuning: it needs "
                    + "fine-tuning steps and no --dataset");
        }
        if (targetBytes < 0) {
            throw new IllegalArgumentException("target size must be >= 0 bytes, got " + targetBytes);
        }
    }
}
