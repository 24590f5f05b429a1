package org.splatforge.compress.codec;

import java.util.List;

/**
 * What {@link SceneCodec#encode} produced, with what a report or a batch manifest needs.
 *
 * @param bytes         the archive
 * @param sourceCount   Gaussians in the input
 * @param sourceIndex   for decoded Gaussian j (in decoding order, default options), the index
 *                      of the input Gaussian it came from: {@code int[count]}
 * @param plan          the quantizers (null for LOSSLESS)
 * @param sections      payload bytes per section, in file order
 * @param shDecisions   the per-band rate-distortion choices (empty for LOSSLESS)
 * @param significance  name of the score used for pruning and weighting
 * @param planSeconds   time to score, prune, plan and fine-tune
 * @param codeSeconds   time to quantize, order and entropy code
 */
public record EncodeResult(byte[] bytes, int sourceCount, int[] sourceIndex, CodecPlan plan, List<SectionStat> sections,
                           List<ShDecision> shDecisions, String significance, double planSeconds, double codeSeconds) {

    /** Gaussians stored. */
    public int count() {
        return sourceIndex.length;
    }

    /** Payload bytes of section {@code tag}, 0 if absent. */
    public int sectionBytes(String tag) {
        for (SectionStat s : sections) {
            if (s.tag().equals(tag)) {
                return s.bytes();
            }
        }
        return 0;
    }
}
