package org.splatforge.render.train;

import java.util.List;

/**
 * An evaluation on test views at an iteration: per-view metrics and their means (mean PSNR
 * is the mean of per-view PSNRs, as the 3DGS evaluation reports it), the Gaussian count,
 * and the seconds the evaluation took.
 */
public record EvalResult(int iteration, int gaussians, List<ViewMetrics> views, double psnr, double ssim,
                         double seconds) {

    public EvalResult {
        views = List.copyOf(views);
    }

    public static EvalResult of(int iteration, int gaussians, List<ViewMetrics> views, double seconds) {
        double p = 0, s = 0;
        for (ViewMetrics v : views) {
            p += v.psnr();
            s += v.ssim();
        }
        int n = Math.max(1, views.size());
        return new EvalResult(iteration, gaussians, views, views.isEmpty() ? Double.NaN : p / n,
                views.isEmpty() ? Double.NaN : s / n, seconds);
    }
}
