package org.splatforge.render.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

/** Wrong inputs get clear errors; degenerate scenes render the background. */
class RasterizerInputTest {

    @Test
    void wrongGradientSizesAndForeignFramesAreRejected() {
        try (CpuDevice d = new CpuDevice(2)) {
            CpuRasterizer fast = new CpuRasterizer(d);
            GaussianCloud c = RandomScenes.cloud(RandomScenes.Kind.MIXED, 20, 1, 1);
            Camera cam = RandomScenes.camera(20, 10);
            RasterFrame f = fast.forward(c, cam, RasterSettings.defaults());
            GaussianGradients g = new GaussianGradients();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> fast.backward(f, new float[10], null, null, g));
            assertTrue(e.getMessage().contains("dLdImage has 10 values, expected at least 600"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> fast.backward(f, new float[600], null, new float[200], g),
                    "depth gradient without depth");
            RasterFrame refFrame = new ReferenceRasterizer().forward(c, cam, RasterSettings.defaults());
            assertThrows(IllegalArgumentException.class, () -> fast.backward(refFrame, new float[600], null, null, g));
            assertThrows(IllegalArgumentException.class,
                    () -> fast.forward(c, cam, RasterSettings.defaults().withShDegree(2)), "degree above the cloud's");
        }
        assertThrows(IllegalArgumentException.class, () -> RasterSettings.defaults().withNearPlane(0));
        assertThrows(IllegalArgumentException.class, () -> RasterSettings.defaults().withBackground(Float.NaN, 0, 0));
    }

    @Test
    void emptyCloudRendersTheBackground() {
        try (CpuDevice d = new CpuDevice(2)) {
            for (Rasterizer r : new Rasterizer[] {new CpuRasterizer(d), new ReferenceRasterizer()}) {
                RasterFrame f = r.forward(GaussianCloud.create(0, 0), RandomScenes.camera(17, 5),
                        RasterSettings.defaults().withBackground(0.25f, 0.5f, 1f));
                assertEquals(0.25f, f.image()[0]);
                assertEquals(1f, f.image()[17 * 5 * 3 - 1]);
                assertEquals(0f, f.alpha()[3]);
                GaussianGradients g = new GaussianGradients();
                r.backward(f, new float[17 * 5 * 3], null, null, g);
                assertEquals(0, g.size());
            }
        }
    }

    @Test
    void framesAndGradientsAreReusedWithoutGrowingForSmallerInputs() {
        try (CpuDevice d = new CpuDevice(1)) {
            CpuRasterizer r = new CpuRasterizer(d);
            RasterFrame f = new RasterFrame();
            GaussianGradients g = new GaussianGradients();
            GaussianCloud big = RandomScenes.cloud(RandomScenes.Kind.MIXED, 200, 2, 3);
            r.forward(big, RandomScenes.camera(40, 30), RasterSettings.defaults(), f);
            r.backward(f, new float[40 * 30 * 3], null, null, g);
            float[] image = f.image(), means = g.means();
            GaussianCloud small = RandomScenes.cloud(RandomScenes.Kind.MIXED, 50, 2, 4);
            r.forward(small, RandomScenes.camera(20, 30), RasterSettings.defaults(), f);
            r.backward(f, new float[20 * 30 * 3], null, null, g);
            assertTrue(image == f.image() && means == g.means(), "arrays were reallocated");
            assertEquals(50, f.count());
        }
    }
}
