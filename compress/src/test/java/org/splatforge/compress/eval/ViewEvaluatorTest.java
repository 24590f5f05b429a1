package org.splatforge.compress.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.core.data.View;
import org.splatforge.core.metrics.Psnr;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

/** Test-view metrics: renders are compared with the views' images on their background. */
class ViewEvaluatorTest {

    @Test
    void theSceneThatMadeTheImagesScoresHighAndAPerturbedOneLower() {
        System.out.println("synthetic cloud n=600 degree 1 seed 4");
        GaussianCloud c = SyntheticCloud.scene(600, 1, 4);
        try (CpuDevice dev = new CpuDevice(2)) {
            List<View> views = RenderedViews.of(c, dev, 3);
            try (ViewEvaluator e = new ViewEvaluator(views, dev)) {
                ImageQuality same = e.measure(c);
                assertEquals(3, same.views());
                assertTrue(same.psnr() > 45, "only 8-bit rounding separates them: " + same.psnr());
                assertTrue(same.ssim() > 0.99, "SSIM " + same.ssim());
                GaussianCloud moved = c.copy();
                for (int i = 0; i < moved.size(); i++) {
                    moved.sh()[i * moved.shCoeffs() * 3] += 0.3f; // red DC shifted
                }
                ImageQuality worse = e.measure(moved);
                assertTrue(worse.psnr() < same.psnr() - 10, worse + " vs " + same);
                // The mean of per-view PSNRs, each as core.metrics computes it.
                double sum = 0;
                for (int v = 0; v < 3; v++) {
                    sum += Psnr.psnr(e.render(moved, v), views.get(v).image());
                }
                assertEquals(sum / 3, worse.psnr(), 1e-12);
            }
        }
    }
}
