package org.splatforge.compress.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizers;

/** LightGaussian's view-based global significance on tiny scenes with a known answer. */
class ViewSignificanceScoreTest {

    private static final long SEED = 11;

    /** Cameras on the -z side of the origin looking at it; 40x36 pixels straddles the 16-pixel tile. */
    static List<Camera> views() {
        List<Camera> cams = new ArrayList<>();
        double[][] eyes = {{0, 0, -4}, {0.4, 0.2, -4}, {-0.3, -0.3, -4}};
        for (double[] e : eyes) {
            cams.add(Camera.lookAt(e, new double[] {0, 0, 0}, new double[] {0, 1, 0}, 40, 36, Math.toRadians(40)));
        }
        return cams;
    }

    /**
     * Gaussian 0: a disc at the origin facing the cameras (scales 0.5, 0.5, 0.01). Gaussian 1:
     * a needle along the view axis right behind it (0.1, 0.1, 0.25): the same volume and
     * opacity, but its footprint lies inside the disc's opaque centre in every view.
     * Gaussian 2: behind the cameras. Then {@code extra} random ones beside the disc.
     */
    static GaussianCloud scene(int extra) {
        System.out.println("view significance scene, seed " + SEED);
        Random r = new Random(SEED);
        int n = 3 + extra;
        GaussianCloud c = GaussianCloud.create(n, 1);
        float[][] pos = {{0, 0, 0}, {0, 0, 1.0f}, {0, 0, -6}};
        double[][] scales = {{0.5, 0.5, 0.01}, {0.1, 0.1, 0.25}, {0.3, 0.3, 0.3}};
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                c.means()[i * 3 + a] = i < 3 ? pos[i][a] : (float) (a == 0 ? 1.2 + r.nextDouble() : r.nextGaussian() * 0.5);
                c.logScales()[i * 3 + a] = i < 3 ? (float) Math.log(scales[i][a]) : (float) (Math.log(0.05) + 0.3 * r.nextGaussian());
            }
            c.quats()[i * 4] = 1;
            c.opacityLogits()[i] = i < 3 ? GaussianCloud.logit(0.99f) : (float) r.nextGaussian();
            for (int k = 0; k < c.shCoeffs() * 3; k++) {
                c.sh()[i * c.shCoeffs() * 3 + k] = (float) (0.3 * r.nextGaussian());
            }
        }
        return c;
    }

    @Test
    void occludedGaussianRanksBelowVisibleOneThatViewFreeScoreCannotTellApart() {
        GaussianCloud c = scene(0);
        try (CpuDevice dev = new CpuDevice(2)) {
            float[] viewFree = new VolumeOpacityScore().score(c, dev);
            assertEquals(viewFree[0], viewFree[1], 1e-5 * viewFree[0],
                    "same opacity and volume: the view-free score ties them");
            float[] s = new ViewSignificanceScore(views(), RasterSettings.defaults()).score(c, dev);
            System.out.printf("scores: visible %.4g, occluded %.4g, behind the cameras %.4g%n", s[0], s[1], s[2]);
            assertTrue(s[0] > 0, "the visible Gaussian covers pixels");
            assertTrue(s[1] < 0.05 * s[0], "hidden behind the disc's opaque centre (transmittance about 1%): "
                    + s[1] + " vs " + s[0]);
            assertEquals(0f, s[2], "outside every view");
            boolean[] keep = Pruner.keepMask(s, 3, 0.5);
            assertTrue(keep[0] && keep[1] && !keep[2]);
            boolean[] keep2 = Pruner.keepMask(s, 3, 0.67);
            assertTrue(keep2[0] && !keep2[1] && !keep2[2], "pruning two keeps only the visible one");
        }
    }

    @Test
    void scoreIsSumOfBlendWeightsTimesVolumeTermAndMatchesTheReferenceRasterizer() {
        GaussianCloud c = scene(34); // 37 Gaussians
        try (CpuDevice dev = new CpuDevice(2)) {
            float[] fast = new ViewSignificanceScore(views(), RasterSettings.defaults()).score(c, dev);
            float[] ref = new ViewSignificanceScore(views(), RasterSettings.defaults(), 0.1,
                    d -> Rasterizers.reference()).score(c, dev);
            int compared = 0;
            for (int i = 0; i < c.size(); i++) {
                assertEquals(ref[i], fast[i], 1e-4 * Math.max(1, Math.abs(ref[i])), "Gaussian " + i);
                compared += ref[i] > 0 ? 1 : 0;
            }
            assertTrue(compared >= 20, "most Gaussians are in view: " + compared);
            // Without the volume term the score is the plain sum of alpha*T over views.
            float[] plain = new ViewSignificanceScore(views(), RasterSettings.defaults(), 0.0,
                    d -> Rasterizers.reference()).score(c, dev);
            double[] sum = new double[c.size()];
            try (var r = Rasterizers.reference()) {
                var f = new org.splatforge.render.raster.RasterFrame();
                for (Camera cam : views()) {
                    r.forward(c, cam, RasterSettings.defaults().withContributions(true), f);
                    for (int i = 0; i < c.size(); i++) {
                        sum[i] += f.contributions()[i];
                    }
                }
            }
            for (int i = 0; i < c.size(); i++) {
                assertEquals((float) sum[i], plain[i], 0, "Gaussian " + i);
            }
        }
    }

    @Test
    void scoreDoesNotDependOnTheThreadCount() {
        GaussianCloud c = scene(60);
        float[] a, b;
        try (CpuDevice one = new CpuDevice(1); CpuDevice three = new CpuDevice(3)) {
            a = new ViewSignificanceScore(views(), RasterSettings.defaults()).score(c, one);
            b = new ViewSignificanceScore(views(), RasterSettings.defaults()).score(c, three);
        }
        assertArrayEquals(a, b);
    }
}
