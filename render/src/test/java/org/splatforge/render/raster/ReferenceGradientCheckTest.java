package org.splatforge.render.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.testing.SharedData;

/**
 * Finite-difference checks of the reference backward, in double precision, on seeded random
 * scenes that need no shared data. Each scene stresses one part of the contract (culling and
 * the near plane, off-screen Gaussians in the clamped-Jacobian band, needles, opaque stacks
 * that reach the 1e-4 stop, SH degrees 0 to 3, sizes that are not multiples of 16,
 * antialiasing, alpha and depth gradients) and the test asserts that it really does.
 *
 * <p>Central differences with step h = 1e-6 on the double parameters. The loss is piecewise
 * smooth: a step can cross a discrete boundary (a pixel's alpha crossing 1/255, a tile edge,
 * the near plane). Such a parameter is recognised by the difference quotients at h and h/4
 * disagreeing and is skipped; at most a fifth of the sampled parameters may be skipped.
 * The rest must agree with the analytic gradient to {@code 1e-5 * max|grad| + 1e-4 |grad|}.
 * The fast CPU path is checked against this reference elsewhere ({@link RasterizerConsistencySuite}).
 */
class ReferenceGradientCheckTest {

    record Case(String name, RandomScenes.Kind kind, int n, int degree, int width, int height, boolean antialiased,
                boolean depthAndAlpha, long seed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("mixed SH3 37x29", RandomScenes.Kind.MIXED, 30, 3, 37, 29, false, false, 11),
                new Case("needles SH0 50x33", RandomScenes.Kind.NEEDLES, 24, 0, 50, 33, false, false, 12),
                new Case("opaque stack SH1 48x40", RandomScenes.Kind.OPAQUE_STACK, 60, 1, 48, 40, false, true, 13),
                new Case("culling and near plane SH2 40x31", RandomScenes.Kind.CULLING, 60, 2, 40, 31, false, false, 14),
                new Case("antialiased with alpha and depth SH3 33x17", RandomScenes.Kind.MIXED, 25, 3, 33, 17, true, true,
                        15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(Case c) {
        Setup su = setup(c, "ReferenceGradientCheckTest " + c.name);
        long seed = su.seed;
        DoubleGaussians p = DoubleGaussians.of(su.cloud);
        Camera cam = su.cam;
        RasterSettings settings = su.settings;
        double[] wImage = su.wImage, wAlpha = su.wAlpha, wDepth = su.wDepth;
        ReferenceRasterizer ref = new ReferenceRasterizer();
        ReferenceRasterizer.Output out = ref.render(p, cam, settings);
        assertScenario(c, out);
        ReferenceRasterizer.Gradients g = ref.gradients(out, wImage, wAlpha, wDepth);

        // Culled Gaussians have exactly zero gradients.
        for (int i = 0; i < c.n; i++) {
            if (out.radii[i] == 0) {
                assertEquals(0.0, g.opacityLogits[i], "culled Gaussian " + i);
                assertEquals(0.0, g.means[i * 3 + 2], "culled Gaussian " + i);
            }
        }

        record Param(String kind, double[] values, double[] grad, int index) {
        }
        List<Param> params = new ArrayList<>();
        Random pick = new Random(seed + 4);
        int k3 = p.shCoeffs() * 3;
        for (int trial = 0; trial < 400 && params.size() < 70; trial++) {
            int i = pick.nextInt(c.n);
            if (out.radii[i] == 0 && pick.nextInt(4) != 0) {
                continue; // mostly visible ones, some culled
            }
            switch (pick.nextInt(5)) {
                case 0 -> params.add(new Param("means", p.means, g.means, i * 3 + pick.nextInt(3)));
                case 1 -> params.add(new Param("logScales", p.logScales, g.logScales, i * 3 + pick.nextInt(3)));
                case 2 -> params.add(new Param("quats", p.quats, g.quats, i * 4 + pick.nextInt(4)));
                case 3 -> params.add(new Param("opacityLogits", p.opacityLogits, g.opacityLogits, i));
                default -> params.add(new Param("sh", p.sh, g.sh, i * k3 + pick.nextInt(k3)));
            }
        }
        int checked = 0, skipped = 0;
        StringBuilder failures = new StringBuilder();
        for (Param q : params) {
            double scale = maxAbs(q.grad);
            double fd = difference(ref, p, cam, settings, wImage, wAlpha, wDepth, q.values, q.index, 1e-6);
            double fd4 = difference(ref, p, cam, settings, wImage, wAlpha, wDepth, q.values, q.index, 0.25e-6);
            double tol = 1e-5 * scale + 1e-4 * Math.abs(q.grad[q.index]) + 1e-9;
            if (Math.abs(fd - fd4) > tol) {
                skipped++; // a discrete boundary inside the step
                continue;
            }
            checked++;
            double an = q.grad[q.index];
            if (!(Math.abs(fd - an) <= tol)) {
                failures.append(String.format("%n  %s[%d]: analytic %.9g, finite difference %.9g (tolerance %.3g)",
                        q.kind, q.index, an, fd, tol));
            }
        }
        final int s = skipped, ch = checked;
        assertTrue(failures.isEmpty(), c.name + ": gradients differ from finite differences:" + failures);
        assertTrue(skipped * 5 <= params.size(), () -> c.name + ": " + s + " of " + params.size()
                + " parameters sat on a discontinuity; the check covers too little (" + ch + " checked)");
        assertTrue(checked >= 40, c.name + ": only " + checked + " parameters checked");
    }

    /**
     * dL/d(conic), which the reference reports for SteepGS's splitting matrix, against central
     * differences of the blend alone: each visible Gaussian's conic entry is moved by +-h in
     * the projected output and the pixels re-blended with the same tile lists. Same boundary
     * rule and tolerance as above.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conicGradientsMatchFiniteDifferencesOfTheBlend(Case c) {
        Setup su = setup(c, "ReferenceGradientCheckTest conics " + c.name);
        double[] wImage = su.wImage, wAlpha = su.wAlpha, wDepth = su.wDepth;
        ReferenceRasterizer ref = new ReferenceRasterizer();
        ReferenceRasterizer.Output out = ref.render(DoubleGaussians.of(su.cloud), su.cam, su.settings);
        ReferenceRasterizer.Gradients g = ref.gradients(out, wImage, wAlpha, wDepth);
        double scale = maxAbs(g.conics);
        assertTrue(scale > 0, c.name + ": all conic gradients are zero");
        int checked = 0, skipped = 0, sampled = 0;
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < c.n; i++) {
            if (out.radii[i] == 0) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(0.0, g.conics[i * 3 + k], "culled Gaussian " + i);
                }
                continue;
            }
            for (int k = 0; k < 3; k++) {
                sampled++;
                int idx = i * 3 + k;
                double h = 1e-7 * (1 + Math.abs(out.conics[idx]));
                double fd = conicDifference(out, idx, h, wImage, wAlpha, wDepth);
                double fd4 = conicDifference(out, idx, h / 4, wImage, wAlpha, wDepth);
                double tol = 1e-5 * scale + 1e-4 * Math.abs(g.conics[idx]) + 1e-9;
                if (Math.abs(fd - fd4) > tol) {
                    skipped++;
                    continue;
                }
                checked++;
                if (!(Math.abs(fd - g.conics[idx]) <= tol)) {
                    failures.append(String.format("%n  conic[%d]: analytic %.9g, finite difference %.9g (tolerance %.3g)",
                            idx, g.conics[idx], fd, tol));
                }
            }
        }
        final int sk = skipped, ch = checked, sa = sampled;
        assertTrue(failures.isEmpty(), c.name + ": conic gradients differ from finite differences:" + failures);
        assertTrue(skipped * 5 <= sampled, () -> c.name + ": " + sk + " of " + sa + " conic entries on a discontinuity");
        assertTrue(checked >= 15, () -> c.name + ": only " + ch + " conic entries checked");
    }

    /** A case's seeded scene, camera, settings and loss weights. */
    private record Setup(long seed, GaussianCloud cloud, Camera cam, RasterSettings settings, double[] wImage,
                         double[] wAlpha, double[] wDepth) {
    }

    private static Setup setup(Case c, String seedName) {
        long seed = SharedData.seed(seedName, c.seed);
        GaussianCloud cloud = RandomScenes.cloud(c.kind, c.n, c.degree, seed);
        Camera cam = RandomScenes.camera(c.width, c.height);
        RasterSettings settings = RasterSettings.defaults().withBackground(0.3f, 0.6f, 0.9f)
                .withAntialiased(c.antialiased).withDepth(c.depthAndAlpha);
        int px = c.width * c.height;
        double[] wImage = widen(RandomScenes.weights(px * 3, seed + 1));
        double[] wAlpha = c.depthAndAlpha ? widen(RandomScenes.weights(px, seed + 2)) : null;
        double[] wDepth = c.depthAndAlpha ? scale(widen(RandomScenes.weights(px, seed + 3)), 0.1) : null;
        return new Setup(seed, cloud, cam, settings, wImage, wAlpha, wDepth);
    }

    private static double conicDifference(ReferenceRasterizer.Output out, int idx, double h, double[] wImage,
                                          double[] wAlpha, double[] wDepth) {
        double keep = out.conics[idx];
        out.conics[idx] = keep + h;
        ReferenceRasterizer.reblend(out);
        double plus = loss(out, wImage, wAlpha, wDepth);
        out.conics[idx] = keep - h;
        ReferenceRasterizer.reblend(out);
        double minus = loss(out, wImage, wAlpha, wDepth);
        out.conics[idx] = keep;
        ReferenceRasterizer.reblend(out);
        return (plus - minus) / (2 * h);
    }

    /** The scene must contain what its name promises, or the check proves less than it claims. */
    private static void assertScenario(Case c, ReferenceRasterizer.Output out) {
        int culled = 0, stopped = 0;
        for (int r : out.radii) {
            culled += r == 0 ? 1 : 0;
        }
        for (boolean b : out.stopped) {
            stopped += b ? 1 : 0;
        }
        int visible = out.radii.length - culled;
        assertTrue(visible >= 5, c.name + ": only " + visible + " Gaussians visible");
        switch (c.kind) {
            case CULLING -> {
                assertTrue(culled >= 10, c.name + ": only " + culled + " Gaussians culled");
                boolean offScreen = false;
                for (int i = 0; i < out.radii.length; i++) {
                    double u = out.means2d[i * 2], v = out.means2d[i * 2 + 1];
                    offScreen |= out.radii[i] > 0 && (u < 0 || v < 0 || u > out.width || v > out.height);
                }
                assertTrue(offScreen, c.name + ": no visible Gaussian is centred off screen");
            }
            case OPAQUE_STACK -> assertTrue(stopped >= out.width * out.height / 10,
                    c.name + ": only " + stopped + " pixels reach the 1e-4 stop");
            case NEEDLES -> {
                double worst = 0;
                for (int i = 0; i < out.radii.length; i++) {
                    if (out.radii[i] > 0) {
                        double a = out.conics[i * 3], b = out.conics[i * 3 + 1], cc = out.conics[i * 3 + 2];
                        double mid = 0.5 * (a + cc), d = Math.sqrt(Math.max(0, mid * mid - (a * cc - b * b)));
                        worst = Math.max(worst, (mid + d) / (mid - d));
                    }
                }
                assertTrue(worst > 20, c.name + ": most anisotropic screen ellipse has axis ratio^2 " + worst);
            }
            default -> {
            }
        }
    }

    private static double difference(ReferenceRasterizer ref, DoubleGaussians base, Camera cam, RasterSettings s,
                                     double[] wImage, double[] wAlpha, double[] wDepth, double[] values, int index,
                                     double h) {
        double keep = values[index];
        values[index] = keep + h;
        double plus = loss(ref.render(base, cam, s), wImage, wAlpha, wDepth);
        values[index] = keep - h;
        double minus = loss(ref.render(base, cam, s), wImage, wAlpha, wDepth);
        values[index] = keep;
        return (plus - minus) / (2 * h);
    }

    static double loss(ReferenceRasterizer.Output o, double[] wImage, double[] wAlpha, double[] wDepth) {
        double l = 0;
        for (int i = 0; i < wImage.length; i++) {
            l += o.image[i] * wImage[i];
        }
        for (int i = 0; wAlpha != null && i < wAlpha.length; i++) {
            l += o.alpha[i] * wAlpha[i];
        }
        for (int i = 0; wDepth != null && i < wDepth.length; i++) {
            l += o.depth[i] * wDepth[i];
        }
        return l;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static double[] scale(double[] a, double s) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= s;
        }
        return a;
    }
}
