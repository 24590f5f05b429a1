package org.splatforge.render.viewer.gl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.metrics.Psnr;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.Devices;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;
import org.splatforge.render.viewer.GlTestSupport;
import org.splatforge.render.viewer.Viewer;
import org.splatforge.render.viewer.ViewerOptions;
import org.splatforge.render.viewer.scene.StaticSceneSource;

/**
 * The viewer's OpenGL picture against the CPU rasterizer's image of the same cloud and
 * camera (issue 7: PSNR >= 30 dB). The cloud is random but scene-like: thousands of
 * anisotropic, rotated, overlapping Gaussians with SH degree 3, many partly off screen,
 * some behind the camera; sizes are not multiples of the 16-pixel tile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerRasterComparisonTest {

    private static final int W = 181, H = 133;
    private Viewer viewer;
    private Device device;
    private Rasterizer cpu;

    @BeforeAll
    void open() {
        viewer = GlTestSupport.openOrSkip(new ViewerOptions().size(W, H).visible(false).background(0.1f, 0.2f, 0.3f));
        device = Devices.open("cpu", 0);
        cpu = Rasterizers.create(device);
    }

    @AfterAll
    void close() {
        if (viewer != null) {
            viewer.close();
        }
        if (cpu != null) {
            cpu.close();
        }
        if (device != null) {
            device.close();
        }
    }

    /** {@code n} random Gaussians around the origin, SH degree 3. */
    static GaussianCloud randomScene(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        GaussianCloud c = GaussianCloud.create(n, 3);
        int k = c.shCoeffs();
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) {
                c.means()[i * 3 + a] = (float) (1.2 * rnd.nextGaussian());
                c.logScales()[i * 3 + a] = (float) Math.log(0.02 + 0.12 * rnd.nextDouble());
            }
            for (int a = 0; a < 4; a++) {
                c.quats()[i * 4 + a] = (float) rnd.nextGaussian();
            }
            c.opacityLogits()[i] = (float) (2.5 * rnd.nextGaussian());
            for (int j = 0; j < k; j++) {
                for (int ch = 0; ch < 3; ch++) {
                    c.sh()[(i * k + j) * 3 + ch] = (float) (j == 0 ? 1.2 * rnd.nextGaussian() : 0.25 * rnd.nextGaussian() / j);
                }
            }
        }
        return c;
    }

    @ParameterizedTest(name = "n={0} seed={1} shDegree={2} antialiased={3}")
    @CsvSource({"3000, 11, 3, false", "3000, 12, 1, false", "1000, 13, 0, false", "3000, 14, 3, true"})
    void viewerMatchesTheCpuRasterizer(int n, long seed, int shDegree, boolean antialiased) {
        System.out.println("ViewerRasterComparisonTest seed " + seed + ", " + n + " Gaussians, SH degree " + shDegree
                + (antialiased ? ", antialiased" : ""));
        viewer.setAntialiased(antialiased);
        GaussianCloud cloud = randomScene(n, seed).withShDegree(shDegree);
        viewer.setScene(new StaticSceneSource("random", cloud));
        Camera[] cams = {
                Camera.lookAt(new double[] {0.5, -4.0, 1.5}, new double[] {0, 0, 0}, new double[] {0, 0, 1}, W, H,
                        Math.toRadians(55)),
                Camera.lookAt(new double[] {2.2, 1.0, -0.8}, new double[] {0.1, 0.2, 0}, new double[] {0, 1, 0}, W, H,
                        Math.toRadians(70))}; // inside the cloud's spread: Gaussians behind and beside the camera
        RasterSettings settings = RasterSettings.defaults().withBackground(0.1f, 0.2f, 0.3f).withAntialiased(antialiased);
        for (int ci = 0; ci < cams.length; ci++) {
            Camera cam = cams[ci];
            FloatImage gl = viewer.render(cam, 0);
            RasterFrame ref = cpu.forward(cloud, cam, settings);
            float[] img = ref.image(), alpha = ref.alpha();
            double se = 0, maxErr = 0, alphaErr = 0;
            int over = 0;
            for (int p = 0; p < W * H; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    double d = gl.data()[p * 4 + ch] - img[p * 3 + ch];
                    se += d * d;
                    maxErr = Math.max(maxErr, Math.abs(d));
                    over += Math.abs(d) > 1e-3 ? 1 : 0;
                }
                alphaErr = Math.max(alphaErr, Math.abs(gl.data()[p * 4 + 3] - alpha[p]));
            }
            double mse = se / (W * H * 3);
            double psnr = Psnr.fromMse(mse);
            System.out.printf("camera %d: PSNR %.1f dB, max |diff| %.2e, %d of %d values off by > 1e-3, max alpha diff %.2e%n",
                    ci, psnr, maxErr, over, W * H * 3, alphaErr);
            assertTrue(psnr >= 30, "camera " + ci + ": PSNR " + psnr + " dB < 30 dB (issue 7's bar)");
            // Tighter guards: both follow the same contract in float32, so what remains is
            // rounding, the rasterizer's early stop at T < 1e-4, and discrete flips at the
            // 1/255 alpha cut-off and tile edges. Next to the camera (camera 1 stands inside
            // the cloud) a huge, faint Gaussian can sit near 1/255 over a wide area, so a
            // last-bit difference in its conic moves that cut-off by many pixels; each such
            // pixel differs by at most about 1/255 of a colour. Measured here: 58-122 dB.
            assertTrue(psnr >= 45, "camera " + ci + ": PSNR " + psnr + " dB: the two disagree beyond rounding");
            assertTrue(maxErr < 0.05, "camera " + ci + ": max |diff| " + maxErr);
        }
    }
}
