package org.splatforge.render.train;

/**
 * Wall-clock nanoseconds spent in each phase of training iterations, summed since the last
 * {@link #reset}: render forward, loss (L1 + SSIM and its gradient), backward (rasterizer
 * backward plus regularisers and density statistics), optimizer step, densification.
 */
public final class PhaseTimes {

    public long forwardNs;
    public long lossNs;
    public long backwardNs;
    public long optimizerNs;
    public long densifyNs;
    public long iterations;

    public void reset() {
        forwardNs = lossNs = backwardNs = optimizerNs = densifyNs = 0;
        iterations = 0;
    }

    public long totalNs() {
        return forwardNs + lossNs + backwardNs + optimizerNs + densifyNs;
    }
}
