package org.splatforge.render.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splatforge.render.raster.RasterAsserts.assertClose;
import static org.splatforge.render.raster.RasterAsserts.maxAbs;
import static org.splatforge.render.raster.RasterAsserts.widen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend against the float64 autograd fixtures in {@code ../shared/fixtures/raster}
 * (skipped, visibly, when the shared folder is absent). Subclass per backend: supply the
 * rasterizer and the tolerances; a GPU subclass should {@code assumeTrue} a device in
 * {@link #open()} so it skips with the reason when none is present.
 *
 * <p>What is compared: culling (valid flags, exact), radii (exact), means2d, conics, depths
 * and colours of valid Gaussians, the image and alpha, the loss, and the gradients of the
 * loss with respect to every parameter and to means2d.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RasterizerFixtureSuite {

    /**
     * How close a backend must be.
     *
     * @param geometry       relative error (to the array's largest value) for means2d, conics,
     *                       depths, colours
     * @param pixel          absolute error for image and alpha values
     * @param boundaryPixels fraction of pixels allowed beyond {@code pixel}: where a float
     *                       alpha lands on the other side of 1/255 or a float T on the other
     *                       side of 1e-4 than in float64, a pixel changes by up to ~1/255
     * @param pixelCap       no pixel may differ by more than this
     * @param gradient       error relative to the gradient array's largest magnitude
     * @param gradientRel    plus this fraction of the element's own magnitude
     * @param boundaryGaussians fraction of Gaussians whose gradients may miss the tolerance
     *                       (those covering boundary pixels)
     */
    public record Tolerances(double geometry, double pixel, double boundaryPixels, double pixelCap,
                             double gradient, double gradientRel, double boundaryGaussians) {
    }

    protected Rasterizer rasterizer;

    /** The backend under test (called once per class). */
    protected abstract Rasterizer open();

    protected abstract Tolerances tolerances();

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

    static List<Path> fixtures() throws IOException {
        return RasterFixture.files();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesFixture(Path file) throws IOException {
        RasterFixture fx = RasterFixture.load(file);
        Tolerances tol = tolerances();
        RasterFrame f = rasterizer.forward(fx.cloud, fx.camera, fx.settings());
        int n = fx.params.size, px = fx.camera.width() * fx.camera.height();
        int k3 = fx.params.shCoeffs() * 3;

        for (int i = 0; i < n; i++) {
            assertEquals(fx.valid[i], f.valid(i), fx.name + ": valid flag of Gaussian " + i);
        }
        boolean[] valid = fx.valid;
        assertClose(fx.name + " radii", widen(f.radii(), n), fx.radii, n, 1, valid, 0, 0, 0, 0);
        checkGeometry(fx.name + " means2d", widen(f.means2d(), n * 2), fx.means2d, 2, valid, tol);
        checkGeometry(fx.name + " conics", widen(f.conics(), n * 3), fx.conics, 3, valid, tol);
        checkGeometry(fx.name + " depths", widen(f.depths(), n), fx.depths, 1, valid, tol);
        checkGeometry(fx.name + " colors", widen(f.colors(), n * 3), fx.colors, 3, valid, tol);

        int allowedPixels = (int) Math.floor(tol.boundaryPixels() * px);
        assertClose(fx.name + " image", widen(f.image(), px * 3), fx.image, px * 3, 3, null, tol.pixel(), 0,
                allowedPixels, tol.pixelCap());
        assertClose(fx.name + " alpha", widen(f.alpha(), px), fx.alpha, px, 1, null, tol.pixel(), 0,
                allowedPixels, tol.pixelCap());
        double loss = fx.loss(widen(f.image(), px * 3), widen(f.alpha(), px));
        assertEquals(fx.loss, loss, Math.max(1e-9, 10 * tol.pixel()) * Math.abs(fx.loss) + tol.pixel(), fx.name + " loss");

        GaussianGradients g = new GaussianGradients();
        rasterizer.backward(f, fx.lossWeightImageF(), fx.lossWeightAlphaF(), null, g);
        int allowedGaussians = (int) Math.floor(tol.boundaryGaussians() * n);
        checkGradient(fx.name + " d/dmeans", widen(g.means(), n * 3), fx.gMeans, 3, tol, allowedGaussians);
        checkGradient(fx.name + " d/dlog_scales", widen(g.logScales(), n * 3), fx.gLogScales, 3, tol, allowedGaussians);
        checkGradient(fx.name + " d/dquats", widen(g.quats(), n * 4), fx.gQuats, 4, tol, allowedGaussians);
        checkGradient(fx.name + " d/dopacity_logits", widen(g.opacityLogits(), n), fx.gOpacityLogits, 1, tol,
                allowedGaussians);
        checkGradient(fx.name + " d/dsh", widen(g.sh(), n * k3), fx.gSh, k3, tol, allowedGaussians);
        checkGradient(fx.name + " d/dmeans2d", widen(g.means2d(), n * 2), fx.gMeans2d, 2, tol, allowedGaussians);
    }

    private static void checkGeometry(String what, double[] actual, double[] expected, int group, boolean[] valid,
                                      Tolerances tol) {
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            if (valid[i / group]) {
                scale = Math.max(scale, Math.abs(expected[i]));
            }
        }
        assertClose(what, actual, expected, expected.length, group, valid, tol.geometry() * scale, 0, 0,
                tol.geometry() * scale);
    }

    private static void checkGradient(String what, double[] actual, double[] expected, int group, Tolerances tol,
                                      int allowed) {
        double scale = maxAbs(expected, expected.length);
        assertClose(what, actual, expected, expected.length, group, null, tol.gradient() * scale, tol.gradientRel(),
                allowed, Math.max(50 * tol.gradient() * scale, 0.05 * scale));
    }
}
