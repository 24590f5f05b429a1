package org.splatforge.render.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splatforge.render.raster.RasterAsserts.assertClose;
import static org.splatforge.render.raster.RasterAsserts.maxAbs;
import static org.splatforge.render.raster.RasterAsserts.widen;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.testing.SharedData;
import org.splatforge.render.cuda.CudaGaussians;
import org.splatforge.render.cuda.CudaRasterizer;
import org.splatforge.render.cuda.CudaTestDevice;

/**
 * CPU (fast path) against CUDA on scenes larger than the reference can afford: images and alpha
 * within 1e-3 (0.5% of pixels may differ by up to 0.02: float alpha or T on the other side of
 * 1/255 or 1e-4), radii and validity exact, gradients within 1e-3 of the array's largest
 * magnitude plus 1e-2 relative (3% of the Gaussians may miss: those covering such pixels); and
 * the resident path gives the interface path's bits. Skips without a GPU. NOT YET RUN ON A GPU.
 * (Parity on a trained scene waits for the trainer: see issue 9's notes.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaCpuParityTest {

    private CudaDevice gpu;
    private CudaRasterizer cuda;
    private CpuDevice cpu;
    private CpuRasterizer fast;

    record Case(String name, RandomScenes.Kind kind, int n, int degree, int width, int height, RasterSettings settings,
                long seed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        RasterSettings all = RasterSettings.defaults().withBackground(0.1f, 0.4f, 0.7f).withDepth(true)
                .withContributions(true);
        return Stream.of(
                new Case("mixed SH3 20k 320x240", RandomScenes.Kind.MIXED, 20_000, 3, 320, 240, all, 301),
                new Case("opaque stack SH1 30k 257x129", RandomScenes.Kind.OPAQUE_STACK, 30_000, 1, 257, 129, all, 302),
                new Case("culling SH2 50k 500x333 antialiased", RandomScenes.Kind.CULLING, 50_000, 2, 500, 333,
                        RasterSettings.defaults().withAntialiased(true), 303),
                new Case("needles SH0 10k 64x1000", RandomScenes.Kind.NEEDLES, 10_000, 0, 64, 1000, all, 304));
    }

    @BeforeAll
    void open() {
        gpu = CudaTestDevice.openOrNull();
        if (gpu != null) {
            cuda = new CudaRasterizer(gpu);
            cpu = new CpuDevice(2);
            fast = new CpuRasterizer(cpu);
        }
    }

    @BeforeEach
    void requireGpu() {
        CudaTestDevice.assumeGpu();
    }

    @AfterAll
    void close() {
        if (cuda != null) {
            cuda.close();
        }
        if (gpu != null) {
            gpu.close();
        }
        if (cpu != null) {
            cpu.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cudaMatchesCpu(Case c) {
        long seed = SharedData.seed("CudaCpuParityTest " + c.name, c.seed);
        GaussianCloud cloud = RandomScenes.cloud(c.kind, c.n, c.degree, seed);
        Camera cam = RandomScenes.camera(c.width, c.height);
        int n = c.n, px = c.width * c.height, k3 = cloud.shCoeffs() * 3;
        RasterFrame fc = fast.forward(cloud, cam, c.settings);
        RasterFrame fg = cuda.forward(cloud, cam, c.settings);
        boolean[] valid = new boolean[n];
        for (int i = 0; i < n; i++) {
            valid[i] = fc.valid(i);
            assertEquals(valid[i], fg.valid(i), c.name + ": valid flag of Gaussian " + i);
        }
        assertArrayEquals(Arrays.copyOf(fc.radii(), n), Arrays.copyOf(fg.radii(), n), c.name + " radii");
        assertEquals(fc.entries(), fg.entries(), c.name + " tile entries");
        int allowed = Math.max(1, px / 200);
        assertClose(c.name + " image", widen(fg.image(), 3 * px), widen(fc.image(), 3 * px), 3 * px, 3, null, 1e-3, 0,
                allowed, 0.02);
        assertClose(c.name + " alpha", widen(fg.alpha(), px), widen(fc.alpha(), px), px, 1, null, 1e-3, 0, allowed, 0.02);

        float[] w = RandomScenes.weights(3 * px, seed + 1);
        GaussianGradients gc = new GaussianGradients(), gg = new GaussianGradients();
        fast.backward(fc, w, null, null, gc);
        cuda.backward(fg, w, null, null, gg);
        int allowedG = Math.max(1, (int) (0.03 * n));
        gradient(c.name + " d/dmeans", gg.means(), gc.means(), 3 * n, 3, allowedG);
        gradient(c.name + " d/dlogScales", gg.logScales(), gc.logScales(), 3 * n, 3, allowedG);
        gradient(c.name + " d/dquats", gg.quats(), gc.quats(), 4 * n, 4, allowedG);
        gradient(c.name + " d/dopacity", gg.opacityLogits(), gc.opacityLogits(), n, 1, allowedG);
        gradient(c.name + " d/dsh", gg.sh(), gc.sh(), k3 * n, k3, allowedG);
        gradient(c.name + " d/dmeans2d", gg.means2d(), gc.means2d(), 2 * n, 2, allowedG);
        gradient(c.name + " |d/dmeans2d|", gg.means2dAbs(), gc.means2dAbs(), 2 * n, 2, allowedG);

        // Resident path: same kernels, parameters uploaded once: the same bits.
        try (CudaGaussians params = new CudaGaussians(gpu)) {
            params.upload(cloud);
            RasterFrame fr = cuda.forwardResident(cloud, params, cam, c.settings, null, true);
            assertArrayEquals(Arrays.copyOf(fg.image(), 3 * px), Arrays.copyOf(fr.image(), 3 * px), c.name + " resident");
        }
    }

    private static void gradient(String what, float[] cudaG, float[] cpuG, int len, int group, int allowed) {
        double[] e = widen(cpuG, len);
        double scale = maxAbs(e, len);
        assertClose(what, widen(cudaG, len), e, len, group, null, 1e-3 * scale + 1e-12, 1e-2, allowed,
                0.05 * scale + 1e-9);
    }
}
