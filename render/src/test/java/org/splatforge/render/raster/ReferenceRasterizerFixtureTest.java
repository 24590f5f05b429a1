package org.splatforge.render.raster;

import static org.splatforge.render.raster.RasterAsserts.assertClose;
import static org.splatforge.render.raster.RasterAsserts.maxAbs;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference twin against the fixtures: through the float {@link Rasterizer} interface
 * (the float32 rounding of the parameters and outputs is the only error), and through its
 * double-precision API on the float64 parameters, where it must agree to 1e-7 relative with
 * no boundary pixels at all.
 */
class ReferenceRasterizerFixtureTest extends RasterizerFixtureSuite {

    @Override
    protected Rasterizer open() {
        return new ReferenceRasterizer();
    }

    @Override
    protected Tolerances tolerances() {
        return new Tolerances(1e-6, 1e-6, 0, 1e-6, 1e-5, 1e-4, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesFixtureInDoublePrecision(Path file) throws IOException {
        RasterFixture fx = RasterFixture.load(file);
        ReferenceRasterizer ref = new ReferenceRasterizer();
        ReferenceRasterizer.Output o = ref.render(fx.params, fx.camera, fx.settings());
        ReferenceRasterizer.Gradients g = ref.gradients(o, fx.lossWeightImage, fx.lossWeightAlpha, null);
        int n = fx.params.size, px = fx.camera.width() * fx.camera.height();
        double tight = 1e-7;
        check(fx.name + " image", o.image, fx.image, 3, null, tight);
        check(fx.name + " alpha", o.alpha, fx.alpha, 1, null, tight);
        check(fx.name + " means2d", o.means2d, fx.means2d, 2, fx.valid, tight);
        check(fx.name + " conics", o.conics, fx.conics, 3, fx.valid, tight);
        check(fx.name + " depths", o.depths, fx.depths, 1, fx.valid, tight);
        check(fx.name + " colors", o.colors, fx.colors, 3, fx.valid, tight);
        check(fx.name + " d/dmeans", g.means, fx.gMeans, 3, null, tight);
        check(fx.name + " d/dlog_scales", g.logScales, fx.gLogScales, 3, null, tight);
        check(fx.name + " d/dquats", g.quats, fx.gQuats, 4, null, tight);
        check(fx.name + " d/dopacity_logits", g.opacityLogits, fx.gOpacityLogits, 1, null, tight);
        check(fx.name + " d/dsh", g.sh, fx.gSh, fx.params.shCoeffs() * 3, null, tight);
        check(fx.name + " d/dmeans2d", g.means2d, fx.gMeans2d, 2, null, tight);
        org.junit.jupiter.api.Assertions.assertEquals(fx.loss, fx.loss(o.image, o.alpha), tight * Math.abs(fx.loss),
                fx.name + " loss");
        org.junit.jupiter.api.Assertions.assertEquals(px, o.alpha.length);
        org.junit.jupiter.api.Assertions.assertEquals(n, o.radii.length);
    }

    private static void check(String what, double[] actual, double[] expected, int group, boolean[] valid, double tol) {
        double scale = Math.max(1e-300, maxAbs(expected, expected.length));
        assertClose(what, actual, expected, expected.length, group, valid, tol * scale, 0, 0, tol * scale);
    }
}
