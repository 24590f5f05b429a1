package org.splatforge.compress.codec;

import org.splatforge.compress.sh.ScalarShQuantizer;
import org.splatforge.compress.sh.ShBandMode;
import org.splatforge.compress.sh.VectorShQuantizer;

/**
 * How band {@code band} (1..3) is stored: the mode and what the decoder needs (steps and
 * reconstruction offset for SCALAR; the quantized codebook for VECTOR). The fitted
 * encoder-side models are present only in plans made by the encoder.
 *
 * @param codebookQ VECTOR codewords, {@code int[k * (2l+1)*3]} in entryStep units
 */
public record ShBandPlan(int band, ShBandMode mode, double stepY, double stepC, int reconQ6, int[] codebookQ, int k,
                         double entryStep, ScalarShQuantizer scalar, VectorShQuantizer vector) {

    public static ShBandPlan drop(int band) {
        return new ShBandPlan(band, ShBandMode.DROP, 0, 0, 0, null, 0, 0, null, null);
    }

    public static ShBandPlan of(int band, ScalarShQuantizer s) {
        return new ShBandPlan(band, ShBandMode.SCALAR, s.stepY(), s.stepC(), s.reconQ6(), null, 0, 0, s, null);
    }

    public static ShBandPlan of(int band, VectorShQuantizer v) {
        return new ShBandPlan(band, ShBandMode.VECTOR, 0, 0, 0, v.codebookQ(), v.k(), v.entryStep(), null, v);
    }
}
