package org.splatforge.render.viewer.gl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.viewer.FrameReport;
import org.splatforge.render.viewer.GlTestSupport;
import org.splatforge.render.viewer.Viewer;
import org.splatforge.render.viewer.ViewerOptions;
import org.splatforge.render.viewer.input.CameraPath;
import org.splatforge.render.viewer.scene.LinearMotionSource;
import org.splatforge.render.viewer.scene.StaticSceneSource;

/**
 * The viewer in a real window (Xvfb + Mesa under scripts/test), read back and checked
 * against closed forms of the rasterization contract for one or two Gaussians, along a
 * scripted orbit, and over time for a moving scene. Sizes are not multiples of the 16-pixel
 * tile, so partial tiles are covered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerGlTest {

    private static final int W = 100, H = 70;
    private static final double SH_C0 = 0.28209479177387814, SH_C1 = 0.4886025119029199;
    private Viewer viewer;

    @BeforeAll
    void open() {
        viewer = GlTestSupport.openOrSkip(new ViewerOptions().size(W, H).visible(false).background(0.2f, 0.3f, 0.4f));
        System.out.println("ViewerGlTest on " + viewer.glRenderer() + ", OpenGL " + viewer.glVersion());
    }

    @AfterAll
    void close() {
        if (viewer != null) {
            viewer.close();
        }
    }

    static Camera identityCamera() {
        double[] v = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        return new Camera(W, H, 80, 75, 47.3, 36.1, v);
    }

    /** One isotropic Gaussian, SH degree 1: mean, sigma (world), opacity, DC colour (RGB), band-1 coefficients (3 x RGB). */
    static void set(GaussianCloud c, int i, double[] mean, double sigma, double opacity, double[] rgb, double[] band1) {
        for (int a = 0; a < 3; a++) {
            c.means()[i * 3 + a] = (float) mean[a];
            c.logScales()[i * 3 + a] = (float) Math.log(sigma);
        }
        c.quats()[i * 4] = 1;
        c.opacityLogits()[i] = GaussianCloud.logit((float) opacity);
        int k = c.shCoeffs();
        for (int ch = 0; ch < 3; ch++) {
            c.sh()[(i * k) * 3 + ch] = (float) ((rgb[ch] - 0.5) / SH_C0);
            for (int j = 1; j < k && band1 != null; j++) {
                c.sh()[(i * k + j) * 3 + ch] = (float) band1[(j - 1) * 3 + ch];
            }
        }
    }

    /**
     * The contract for one isotropic Gaussian seen by {@link #identityCamera()}, written
     * out in closed form: Cov2D = sigma^2 J J^T + 0.3 I, the tile rectangle, the alpha
     * rule and the background. Returns {r, g, b, alpha} at pixel (row, col), given the
     * Gaussian's colour.
     */
    static double[] expectedPixel(double[] m, double sigma, double opacity, double[] colour, double[] bg, int row, int col) {
        Camera cam = identityCamera();
        double fx = cam.fx(), fy = cam.fy(), cx = cam.cx(), cy = cam.cy();
        double z = m[2];
        double tanx = 0.5 * W / fx, tany = 0.5 * H / fy;
        double tx = z * Math.max(-(cx / fx + 0.3 * tanx), Math.min((W - cx) / fx + 0.3 * tanx, m[0] / z));
        double ty = z * Math.max(-(cy / fy + 0.3 * tany), Math.min((H - cy) / fy + 0.3 * tany, m[1] / z));
        double[] j0 = {fx / z, 0, -fx * tx / (z * z)}, j1 = {0, fy / z, -fy * ty / (z * z)};
        double a = sigma * sigma * (j0[0] * j0[0] + j0[2] * j0[2]) + 0.3;
        double b = sigma * sigma * (j0[2] * j1[2]);
        double c = sigma * sigma * (j1[1] * j1[1] + j1[2] * j1[2]) + 0.3;
        double det = a * c - b * b;
        double mid = 0.5 * (a + c);
        double r = Math.ceil(3 * Math.sqrt(mid + Math.sqrt(Math.max(0.1, mid * mid - det))));
        double u = fx * m[0] / z + cx, v = fy * m[1] / z + cy;
        int tx0 = clamp((int) ((u - r) / 16), (W + 15) / 16), tx1 = clamp((int) ((u + r + 15) / 16), (W + 15) / 16);
        int ty0 = clamp((int) ((v - r) / 16), (H + 15) / 16), ty1 = clamp((int) ((v + r + 15) / 16), (H + 15) / 16);
        double alpha = 0;
        if (col >= tx0 * 16 && col < tx1 * 16 && row >= ty0 * 16 && row < ty1 * 16) {
            double dx = u - (col + 0.5), dy = v - (row + 0.5);
            double power = -0.5 * (c / det * dx * dx + a / det * dy * dy) + b / det * dx * dy;
            double al = Math.min(0.99, opacity * Math.exp(power));
            if (power <= 0 && al >= 1 / 255.0) {
                alpha = al;
            }
        }
        return new double[] {colour[0] * alpha + (1 - alpha) * bg[0], colour[1] * alpha + (1 - alpha) * bg[1],
                colour[2] * alpha + (1 - alpha) * bg[2], alpha};
    }

    private static int clamp(int t, int tiles) {
        return Math.max(0, Math.min(tiles, t));
    }

    @Test
    void oneGaussianMatchesTheContractInClosedForm() {
        double[] mean = {0.45, -0.3, 3.2}; // off the axis, so the Jacobian's third column matters
        double sigma = 0.08, opacity = 0.87;
        double[] rgb = {0.9, 0.4, 0.1};
        double[] band1 = {0.3, -0.2, 0.1, 0.05, 0.2, -0.1, -0.15, 0.1, 0.25};
        GaussianCloud c = GaussianCloud.create(1, 1);
        set(c, 0, mean, sigma, opacity, rgb, band1);
        viewer.setScene(new StaticSceneSource("one", c));
        FloatImage img = viewer.render(identityCamera(), 0);
        // Colour = max(0, SH(dir) + 0.5) with dir = normalize(mean - camera centre), degree 1 (3DGS basis).
        double n = Math.sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
        double x = mean[0] / n, y = mean[1] / n, z = mean[2] / n;
        double[] colour = new double[3];
        for (int ch = 0; ch < 3; ch++) {
            colour[ch] = Math.max(0, rgb[ch] - 0.5 + 0.5 - SH_C1 * y * band1[ch] + SH_C1 * z * band1[3 + ch]
                    - SH_C1 * x * band1[6 + ch]);
        }
        double[] bg = {0.2, 0.3, 0.4};
        int off = 0, covered = 0;
        double maxErr = 0;
        for (int row = 0; row < H; row++) {
            for (int col = 0; col < W; col++) {
                double[] e = expectedPixel(mean, sigma, opacity, colour, bg, row, col);
                covered += e[3] > 0 ? 1 : 0;
                for (int ch = 0; ch < 4; ch++) {
                    double err = Math.abs(img.get(col, row, ch) - e[ch]);
                    maxErr = Math.max(maxErr, err < 5e-3 ? err : 0);
                    if (err >= 5e-3) {
                        off++; // a pixel whose alpha sits on the 1/255 threshold may flip between float and double
                    }
                }
            }
        }
        System.out.printf("one Gaussian: %d covered pixels, max error %.2e, %d values off by >= 5e-3%n", covered, maxErr, off);
        assertTrue(covered > 100, "the Gaussian covers a real area: " + covered);
        assertTrue(off <= 4, off + " pixel values differ from the closed form by >= 5e-3 (threshold flips allow 4)");
        assertTrue(maxErr < 1e-5, "max error " + maxErr);
    }

    @Test
    void twoGaussiansCompositeInDepthOrderWhateverTheirIndexOrder() {
        double[] near = {0.1, 0.05, 2.0}, far = {0.12, 0.02, 4.0};
        for (boolean nearFirst : new boolean[] {true, false}) {
            GaussianCloud c = GaussianCloud.create(2, 0);
            set(c, nearFirst ? 0 : 1, near, 0.05, 0.7, new double[] {1, 0, 0}, null);
            set(c, nearFirst ? 1 : 0, far, 0.12, 0.9, new double[] {0, 0, 1}, null);
            viewer.setScene(new StaticSceneSource("two", c));
            FloatImage img = viewer.render(identityCamera(), 0);
            double[] bg = {0.2, 0.3, 0.4};
            double maxErr = 0;
            for (int row = 20; row < 50; row++) {
                for (int col = 35; col < 75; col++) {
                    double[] f = expectedPixel(far, 0.12, 0.9, new double[] {0, 0, 1}, bg, row, col);
                    double[] nn = expectedPixel(near, 0.05, 0.7, new double[] {1, 0, 0}, new double[] {f[0], f[1], f[2]}, row, col);
                    for (int ch = 0; ch < 3; ch++) {
                        maxErr = Math.max(maxErr, Math.abs(img.get(col, row, ch) - nn[ch]));
                    }
                }
            }
            System.out.printf("two Gaussians (near first in memory: %b): max error %.2e%n", nearFirst, maxErr);
            assertTrue(maxErr < 1e-5, "near over far, whatever the index order: max error " + maxErr);
        }
    }

    /** Alpha-weighted centroid of a single Gaussian's image, {u, v} in pixels (centres at +0.5). */
    static double[] centroid(FloatImage img) {
        double sw = 0, su = 0, sv = 0;
        for (int row = 0; row < img.height(); row++) {
            for (int col = 0; col < img.width(); col++) {
                double a = img.get(col, row, 3);
                sw += a;
                su += a * (col + 0.5);
                sv += a * (row + 0.5);
            }
        }
        return new double[] {su / sw, sv / sw, sw};
    }

    @Test
    void scriptedOrbitMovesASplatWhereTheCamerasProjectIt(@TempDir Path dir) throws Exception {
        // A small Gaussian off the orbit centre: as the camera orbits, its image must follow
        // the projection of its mean by each frame's camera, and between frames move the
        // way those projections move.
        double[] mean = {0.6, 0.2, 0.1};
        GaussianCloud c = GaussianCloud.create(1, 0);
        set(c, 0, mean, 0.03, 0.95, new double[] {1, 1, 1}, null);
        viewer.setScene(new StaticSceneSource("marker", c));
        int frames = 6;
        CameraPath orbit = CameraPath.orbit(new double[] {0, 0, 0}, 3, Math.toRadians(25), new double[] {0, 0, 1},
                Math.toRadians(45));
        double[] prev = null, prevPred = null;
        for (int k = 0; k < frames; k++) {
            Camera cam = orbit.camera(k, frames, W, H);
            FloatImage img = viewer.render(cam, 0);
            double[] got = centroid(img);
            double[] pred = project(cam, mean);
            System.out.printf("orbit frame %d: splat at (%.2f, %.2f), camera projects (%.2f, %.2f)%n", k, got[0], got[1],
                    pred[0], pred[1]);
            assertTrue(got[2] > 1, "the splat is visible in frame " + k);
            assertEquals(pred[0], got[0], 0.3, "u in frame " + k);
            assertEquals(pred[1], got[1], 0.3, "v in frame " + k);
            if (prev != null) {
                double du = got[0] - prev[0], pu = pred[0] - prevPred[0];
                assertTrue(Math.abs(pu) < 2 || Math.signum(du) == Math.signum(pu),
                        "frame " + k + " moved the splat by " + du + " px, the cameras say " + pu);
            }
            prev = got;
            prevPred = pred;
        }
        // The same path through the headless frames mode: frames are written and match render().
        FrameReport r = viewer.runFrames(orbit, 3, k -> 0, dir, true);
        assertEquals(3, r.frames());
        assertEquals(3, r.frameMs().count());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("frame-00000.png", "frame-00001.png", "frame-00002.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        BufferedImage png = ImageIO.read(dir.resolve("frame-00001.png").toFile());
        FloatImage direct = viewer.render(orbit.camera(1, 3, 100, 70), 0);
        int worst = 0;
        for (int row = 0; row < png.getHeight(); row++) {
            for (int col = 0; col < png.getWidth(); col++) {
                int rgb = png.getRGB(col, row);
                worst = Math.max(worst, Math.abs(((rgb >> 16) & 255) - Math.round(direct.get(col, row, 0) * 255)));
            }
        }
        assertTrue(worst <= 1, "the screenshot is the rendered frame (8-bit), worst red difference " + worst);
    }

    @Test
    void dynamicSceneDiffersWhereItMovesAndOnlyThere() {
        // Gaussian 0 moves by +0.6 along x over the time range; Gaussian 1 stays.
        GaussianCloud c = GaussianCloud.create(2, 0);
        double[] moving = {-0.4, -0.15, 3.0}, still = {0.3, 0.25, 3.0};
        set(c, 0, moving, 0.05, 0.9, new double[] {1, 0.2, 0.2}, null);
        set(c, 1, still, 0.05, 0.9, new double[] {0.2, 1, 0.2}, null);
        viewer.setScene(new LinearMotionSource("moving", c, new float[] {0.6f, 0, 0, 0, 0, 0}));
        Camera cam = identityCamera();
        FloatImage a = viewer.render(cam, 0), b = viewer.render(cam, 1);
        double[] stillUv = project(cam, still);
        double maxStill = 0, maxMoving = 0;
        for (int row = 0; row < H; row++) {
            for (int col = 0; col < W; col++) {
                double d = Math.abs(a.get(col, row, 0) - b.get(col, row, 0)) + Math.abs(a.get(col, row, 1) - b.get(col, row, 1));
                double du = col + 0.5 - stillUv[0], dv = row + 0.5 - stillUv[1];
                if (du * du + dv * dv < 36) {
                    maxStill = Math.max(maxStill, d);
                } else {
                    maxMoving = Math.max(maxMoving, d);
                }
            }
        }
        System.out.printf("dynamic: change near the still Gaussian %.2e, elsewhere up to %.3f%n", maxStill, maxMoving);
        assertEquals(0, maxStill, 1e-6, "the still Gaussian does not change between t=0 and t=1");
        assertTrue(maxMoving > 0.3, "the moving Gaussian changes the image");
        // Where it went: its image follows the projection of mean + t * velocity.
        for (double t : new double[] {0, 0.5, 1}) {
            FloatImage img = viewer.render(cam, t);
            double[] m = {moving[0] + 0.6 * t, moving[1], moving[2]};
            double[] pred = project(cam, m);
            double[] got = redCentroid(img);
            System.out.printf("dynamic t=%.1f: moving splat at (%.2f, %.2f), predicted (%.2f, %.2f)%n", t, got[0], got[1],
                    pred[0], pred[1]);
            assertEquals(pred[0], got[0], 0.5, "u at t=" + t);
            assertEquals(pred[1], got[1], 0.5, "v at t=" + t);
        }
    }

    /** Centroid of the red excess over the background (the moving, red Gaussian). */
    static double[] redCentroid(FloatImage img) {
        double sw = 0, su = 0, sv = 0;
        for (int row = 0; row < img.height(); row++) {
            for (int col = 0; col < img.width(); col++) {
                double w = Math.max(0, img.get(col, row, 0) - img.get(col, row, 1));
                sw += w;
                su += w * (col + 0.5);
                sv += w * (row + 0.5);
            }
        }
        return new double[] {su / sw, sv / sw};
    }

    static double[] project(Camera c, double[] p) {
        double[] t = new double[3];
        for (int r = 0; r < 3; r++) {
            t[r] = c.view(r, 0) * p[0] + c.view(r, 1) * p[1] + c.view(r, 2) * p[2] + c.view(r, 3);
        }
        return new double[] {c.fx() * t[0] / t[2] + c.cx(), c.fy() * t[1] / t[2] + c.cy()};
    }
}
