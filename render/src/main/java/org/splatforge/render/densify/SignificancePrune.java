package org.splatforge.render.densify;

import java.util.Arrays;
import org.splatforge.render.optim.TrainableCloud;

/**
 * The one-off prune at the end of densification ({@link DensityConfig#significancePruneFraction}):
 * removes the given fraction of Gaussians with the smallest view significance, LightGaussian's
 * global significance (Fan et al., NeurIPS 2024, eq. 3) without its volume term: the sum of
 * the Gaussian's blend weight {@code alpha T} over all training views and pixels, the weight
 * its colour is composited with. A Gaussian hidden behind others, or nearly transparent, in
 * every training view adds almost nothing to any image and goes first.
 *
 * <p>The volume term is left out on purpose: LightGaussian applies it to a converged cloud
 * before fine-tuning, where it protects large background Gaussians; here half the run is
 * still to come, and a large Gaussian that is significant shows it in its blend weights.
 * Survivors keep their order and their Adam moments, so the optimiser carries on smoothly.
 */
final class SignificancePrune {

    private SignificancePrune() {
    }

    /**
     * Removes {@code floor(fraction * N)} Gaussians of lowest {@code significance}
     * ({@code double[N]}; ties broken by index, the later one pruned first, so the result is
     * deterministic). Returns the event (pruned count, before and after).
     */
    static DensityEvent apply(int iteration, TrainableCloud model, double[] significance, double fraction) {
        int n = model.size();
        if (significance.length != n) {
            throw new IllegalStateException("significance for " + significance.length + " Gaussians but the cloud has " + n);
        }
        int drop = (int) Math.floor(fraction * n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> significance[a] != significance[b]
                ? Double.compare(significance[a], significance[b]) : Integer.compare(b, a));
        boolean[] gone = new boolean[n];
        for (int k = 0; k < drop; k++) {
            gone[order[k]] = true;
        }
        int[] keep = new int[n - drop];
        for (int i = 0, m = 0; i < n; i++) {
            if (!gone[i]) {
                keep[m++] = i;
            }
        }
        model.gather(keep, new boolean[keep.length]);
        return new DensityEvent(iteration, n, 0, 0, drop, 0, 0, keep.length, false);
    }
}
