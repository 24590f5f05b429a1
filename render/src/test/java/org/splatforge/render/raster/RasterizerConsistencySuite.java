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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.testing.SharedData;

/**
 * A fast backend against the {@link ReferenceRasterizer} twin on seeded random scenes (no
 * shared data needed): every forward output and every gradient, with every setting on in
 * some case (background, antialiasing, depth, contributions, alpha and depth gradients),
 * image sizes straddling the 16-pixel tile and the vector widths, and each scene kind of
 * {@link RandomScenes}. Also: two runs give bit-identical results.
 *
 * <p>Tolerances (float32 against double): pixels 1e-4, of which 0.5% may differ by up to
 * 0.02 (alpha or T landing on the other side of 1/255 or 1e-4); geometry 1e-5 of the range;
 * gradients 2e-4 of the array's largest magnitude plus 2e-3 relative, with 3% of the
 * Gaussians allowed to miss (those covering such boundary pixels).
 *
 * <p>Subclass per backend; a GPU subclass should skip with the reason in {@link #open()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RasterizerConsistencySuite {

    protected Rasterizer rasterizer;

    protected abstract Rasterizer open();

    @BeforeAll
    void setUpRasterizer() {
        rasterizer = open();
    }

    @AfterAll
    void tearDownRasterizer() {
        if (rasterizer != null) {
            rasterizer.close();
        }
    }

    /** One random scene and the settings to render it with. */
    public record Scene(String name, RandomScenes.Kind kind, int n, int degree, int width, int height,
                        RasterSettings settings, boolean alphaAndDepthGrads, long seed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scene> scenes() {
        RasterSettings plain = RasterSettings.defaults();
        RasterSettings all = RasterSettings.defaults().withBackground(0.2f, 0.5f, 0.9f).withDepth(true)
                .withContributions(true);
        return Stream.of(
                new Scene("mixed SH3 16x16", RandomScenes.Kind.MIXED, 40, 3, 16, 16, plain, false, 21),
                new Scene("mixed SH0 15x17 all outputs", RandomScenes.Kind.MIXED, 50, 0, 15, 17, all, true, 22),
                new Scene("needles SH2 33x47", RandomScenes.Kind.NEEDLES, 80, 2, 33, 47, all, true, 23),
                new Scene("opaque stack SH1 64x48", RandomScenes.Kind.OPAQUE_STACK, 300, 1, 64, 48, all, true, 24),
                new Scene("culling SH3 97x61", RandomScenes.Kind.CULLING, 400, 3, 97, 61, plain.withBackground(1, 1, 1),
                        false, 25),
                new Scene("antialiased SH3 31x9", RandomScenes.Kind.MIXED, 60, 3, 31, 9, all.withAntialiased(true), true,
                        26),
                new Scene("SH degree 1 of a degree-3 cloud 40x24", RandomScenes.Kind.MIXED, 60, 3, 40, 24,
                        plain.withShDegree(1), false, 27),
                new Scene("larger mixed SH3 200x150", RandomScenes.Kind.MIXED, 3000, 3, 200, 150, all, true, 28));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenes")
    void matchesReference(Scene sc) {
        long seed = SharedData.seed(getClass().getSimpleName() + " " + sc.name, sc.seed);
        GaussianCloud cloud = RandomScenes.cloud(sc.kind, sc.n, sc.degree, seed);
        Camera cam = RandomScenes.camera(sc.width, sc.height);
        RasterSettings s = sc.settings;
        int n = sc.n, px = sc.width * sc.height;

        ReferenceRasterizer ref = new ReferenceRasterizer();
        ReferenceRasterizer.Output o = ref.render(DoubleGaussians.of(cloud), cam, s);
        RasterFrame f = rasterizer.forward(cloud, cam, s);
        boolean[] valid = new boolean[n];
        for (int i = 0; i < n; i++) {
            valid[i] = o.radii[i] > 0;
            assertEquals(valid[i], f.valid(i), sc.name + ": valid flag of Gaussian " + i);
        }
        assertClose(sc.name + " radii", widen(f.radii(), n), widen(o.radii, n), n, 1, valid, 0, 0, 0, 0);
        geometry(sc.name + " means2d", f.means2d(), o.means2d, 2, valid);
        geometry(sc.name + " conics", f.conics(), o.conics, 3, valid);
        geometry(sc.name + " depths", f.depths(), o.depths, 1, valid);
        geometry(sc.name + " colors", f.colors(), o.colors, 3, valid);
        geometry(sc.name + " opacities", f.opacities(), o.opacities, 1, valid);
        int allowedPixels = Math.max(1, px / 200);
        assertClose(sc.name + " image", widen(f.image(), px * 3), o.image, px * 3, 3, null, 1e-4, 0, allowedPixels, 0.02);
        assertClose(sc.name + " alpha", widen(f.alpha(), px), o.alpha, px, 1, null, 1e-4, 0, allowedPixels, 0.02);
        if (s.computeDepth()) {
            double zMax = maxAbs(o.depths, n);
            assertClose(sc.name + " depth", widen(f.depth(), px), o.depth, px, 1, null, 1e-4 * zMax, 0,
                    allowedPixels, 0.02 * zMax);
        }
        int allowedGaussians = Math.max(1, (int) (0.03 * n));
        if (s.computeContributions()) {
            assertClose(sc.name + " contributions", widen(f.contributions(), n), o.contributions, n, 1, null,
                    2e-4 * maxAbs(o.contributions, n), 2e-3, allowedGaussians, 0.05 * maxAbs(o.contributions, n) + 0.02);
        }

        float[] wImage = RandomScenes.weights(px * 3, seed + 1);
        float[] wAlpha = sc.alphaAndDepthGrads ? RandomScenes.weights(px, seed + 2) : null;
        float[] wDepth = sc.alphaAndDepthGrads ? RandomScenes.weights(px, seed + 3) : null;
        GaussianGradients g = new GaussianGradients();
        rasterizer.backward(f, wImage, wAlpha, wDepth, g);
        ReferenceRasterizer.Gradients rg = ref.gradients(o, widenF(wImage), widenF(wAlpha), widenF(wDepth));
        int k3 = cloud.shCoeffs() * 3;
        gradient(sc.name + " d/dmeans", g.means(), rg.means, 3, allowedGaussians);
        gradient(sc.name + " d/dlogScales", g.logScales(), rg.logScales, 3, allowedGaussians);
        gradient(sc.name + " d/dquats", g.quats(), rg.quats, 4, allowedGaussians);
        gradient(sc.name + " d/dopacityLogits", g.opacityLogits(), rg.opacityLogits, 1, allowedGaussians);
        gradient(sc.name + " d/dsh", g.sh(), rg.sh, k3, allowedGaussians);
        gradient(sc.name + " d/dmeans2d", g.means2d(), rg.means2d, 2, allowedGaussians);
        gradient(sc.name + " |d/dmeans2d|", g.means2dAbs(), rg.means2dAbs, 2, allowedGaussians);
        assertEquals(reportsConicGradients(), g.hasConics(), sc.name + ": hasConics()");
        if (g.hasConics()) {
            gradient(sc.name + " d/dconics", g.conics(), rg.conics, 3, allowedGaussians);
        }

        // Determinism: the same call again, into the same frame and gradients poisoned with
        // NaN (so every element must be rewritten), gives the same bits.
        float[] image = Arrays.copyOf(f.image(), px * 3), alpha = Arrays.copyOf(f.alpha(), px);
        float[] means2d = Arrays.copyOf(f.means2d(), n * 2);
        float[][] grads = {g.means(), g.logScales(), g.quats(), g.opacityLogits(), g.sh(), g.means2d(), g.means2dAbs(),
                g.conics()};
        int[] lengths = {n * 3, n * 3, n * 4, n, n * k3, n * 2, n * 2, g.hasConics() ? n * 3 : 0};
        float[][] saved = new float[grads.length][];
        for (int a = 0; a < grads.length; a++) {
            saved[a] = Arrays.copyOf(grads[a], lengths[a]);
            Arrays.fill(grads[a], Float.NaN);
        }
        Arrays.fill(f.image(), Float.NaN);
        Arrays.fill(f.alpha(), Float.NaN);
        Arrays.fill(f.means2d(), Float.NaN);
        rasterizer.forward(cloud, cam, s, f);
        rasterizer.backward(f, wImage, wAlpha, wDepth, g);
        assertArrayEquals(image, Arrays.copyOf(f.image(), px * 3), sc.name + ": image not bit-identical on a rerun");
        assertArrayEquals(alpha, Arrays.copyOf(f.alpha(), px), sc.name + ": alpha not bit-identical on a rerun");
        assertArrayEquals(means2d, Arrays.copyOf(f.means2d(), n * 2), sc.name + ": means2d differ on a rerun");
        float[][] again = {g.means(), g.logScales(), g.quats(), g.opacityLogits(), g.sh(), g.means2d(), g.means2dAbs(),
                g.conics()};
        for (int a = 0; a < grads.length; a++) {
            assertArrayEquals(saved[a], Arrays.copyOf(again[a], lengths[a]),
                    sc.name + ": gradient array " + a + " not bit-identical on a rerun");
        }
        afterScene(sc, cloud, cam, f, g, wImage, wAlpha, wDepth);
    }

    /** Whether the backend reports dL/d(conic) ({@link GaussianGradients#hasConics()}); the CUDA one does not yet. */
    protected boolean reportsConicGradients() {
        return true;
    }

    /** Hook for backend-specific checks (e.g. the CPU backend compares thread counts). */
    protected void afterScene(Scene sc, GaussianCloud cloud, Camera cam, RasterFrame f, GaussianGradients g,
                              float[] wImage, float[] wAlpha, float[] wDepth) {
    }

    private static void geometry(String what, float[] actual, double[] expected, int group, boolean[] valid) {
        int n = valid.length * group;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (valid[i / group]) {
                scale = Math.max(scale, Math.abs(expected[i]));
            }
        }
        assertClose(what, widen(actual, n), expected, n, group, valid, 1e-5 * scale + 1e-12, 0, 0, 1e-5 * scale + 1e-12);
    }

    private static void gradient(String what, float[] actual, double[] expected, int group, int allowed) {
        int n = expected.length;
        double scale = maxAbs(expected, n);
        assertClose(what, widen(actual, n), expected, n, group, null, 2e-4 * scale + 1e-12, 2e-3, allowed,
                0.05 * scale + 1e-9);
    }

    private static double[] widenF(float[] a) {
        return a == null ? null : widen(a, a.length);
    }
}
