package org.splatforge.core.io;

import java.util.Map;

/**
 * What a file's header says, without decoding the Gaussians.
 *
 * @param format   the format's {@link SceneFormat#name()}
 * @param count    number of Gaussians the header declares
 * @param shDegree SH degree (0..3) the file stores
 * @param details  format-specific facts for {@code splat info}, in display order
 *                 (e.g. PLY encoding and extra properties, SPZ version)
 */
public record SceneHeader(String format, long count, int shDegree, Map<String, String> details) {
}
