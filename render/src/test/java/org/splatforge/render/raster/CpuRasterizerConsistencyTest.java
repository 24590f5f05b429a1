package org.splatforge.render.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The fast CPU path on two threads against the reference; additionally, its results on one
 * thread and on three must be bit-identical to those on two (per-entry gradient records
 * reduced per Gaussian in a fixed order make the sums independent of the schedule).
 */
class CpuRasterizerConsistencyTest extends RasterizerConsistencySuite {

    private CpuDevice device;

    @Override
    protected Rasterizer open() {
        device = new CpuDevice(2);
        return new CpuRasterizer(device);
    }

    @Override
    void tearDownRasterizer() {
        super.tearDownRasterizer();
        device.close();
    }

    @Override
    protected void afterScene(Scene sc, GaussianCloud cloud, Camera cam, RasterFrame f, GaussianGradients g,
                              float[] wImage, float[] wAlpha, float[] wDepth) {
        int px = cam.width() * cam.height(), n = cloud.size(), k3 = cloud.shCoeffs() * 3;
        for (int threads : new int[] {1, 3}) {
            try (CpuDevice d = new CpuDevice(threads)) {
                CpuRasterizer r = new CpuRasterizer(d);
                RasterFrame f2 = r.forward(cloud, cam, sc.settings());
                GaussianGradients g2 = new GaussianGradients();
                r.backward(f2, wImage, wAlpha, wDepth, g2);
                String why = sc.name() + ": " + threads + " thread(s) differ from 2";
                assertArrayEquals(Arrays.copyOf(f.image(), px * 3), Arrays.copyOf(f2.image(), px * 3), why);
                assertArrayEquals(Arrays.copyOf(f.contributors(), px), Arrays.copyOf(f2.contributors(), px), why);
                assertArrayEquals(Arrays.copyOf(g.means(), n * 3), Arrays.copyOf(g2.means(), n * 3), why);
                assertArrayEquals(Arrays.copyOf(g.quats(), n * 4), Arrays.copyOf(g2.quats(), n * 4), why);
                assertArrayEquals(Arrays.copyOf(g.sh(), n * k3), Arrays.copyOf(g2.sh(), n * k3), why);
                assertArrayEquals(Arrays.copyOf(g.means2dAbs(), n * 2), Arrays.copyOf(g2.means2dAbs(), n * 2), why);
                assertArrayEquals(Arrays.copyOf(g.conics(), n * 3), Arrays.copyOf(g2.conics(), n * 3), why);
                if (sc.settings().computeContributions()) {
                    assertArrayEquals(Arrays.copyOf(f.contributions(), n), Arrays.copyOf(f2.contributions(), n), why);
                }
            }
        }
    }
}
