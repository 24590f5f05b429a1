package org.splatforge.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;

/**
 * SSIM and PSNR against values computed independently, against analytic cases, and the fast
 * SSIM against its reference twin.
 */
class SsimTest {

    private static CpuDevice device;

    @BeforeAll
    static void open() {
        device = new CpuDevice(2);
    }

    @AfterAll
    static void close() {
        device.close();
    }

    /** a(x, y, c) = ((31x + 17y + 7c) mod 97) / 96, as float32 (same formula in the Python script). */
    static FloatImage imgA(int w, int h, int c) {
        FloatImage a = new FloatImage(w, h, c);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    a.set(x, y, ch, (float) ((x * 31 + y * 17 + ch * 7) % 97) / 96f);
                }
            }
        }
        return a;
    }

    /** b = min(1, 0.8a + 0.1 + ((xy + c) mod 13) / 100), float32 step by step. */
    static FloatImage imgB(FloatImage a) {
        FloatImage b = new FloatImage(a.width(), a.height(), a.channels());
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                for (int ch = 0; ch < a.channels(); ch++) {
                    float v = a.get(x, y, ch) * 0.8f + 0.1f + (float) ((x * y + ch) % 13) / 100f;
                    b.set(x, y, ch, Math.min(1f, v));
                }
            }
        }
        return b;
    }

    static FloatImage imgC(int w, int h, int c) {
        FloatImage a = new FloatImage(w, h, c);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    a.set(x, y, ch, (float) ((x * 13 + y * 29 + ch * 5) % 89) / 88f);
                }
            }
        }
        return a;
    }

    /*
     * Known values: computed with numpy 2.4.6 / scipy 1.17.1 by an independent implementation of
     * the 3DGS SSIM (utils/loss_utils.py): the window np.outer(g, g) with g the 11-tap Gaussian
     * (sigma 1.5) normalised to sum 1, scipy.signal.correlate2d(mode='same', boundary='fill',
     * fillvalue=0) per channel in float64, C1 = 0.01^2, C2 = 0.03^2, np.mean over pixels and
     * channels; PSNR = 20*log10(1/sqrt(mean((a-b)^2))). Images built with the formulas above in
     * np.float32. Script: the test's Javadoc formulas, run once; no Python is needed at test time.
     */
    private static final Object[][] KNOWN = {
            // w, h, c, pair, ssim, psnr
            {37, 23, 3, "AB", 0.964885994293999, 21.01486369534486},
            {16, 16, 1, "AB", 0.9675962933804513, 21.189018793701816},
            {5, 7, 3, "AB", 0.9781128336725282, 21.565747107505125},   // smaller than the window
            {64, 48, 4, "AB", 0.9627477578549232, 20.98313941839698},
            {37, 23, 3, "AC", 0.14315382057929144, 7.762644716658363},
            {20, 33, 1, "AC", 0.1609450100328318, 7.736785880470678},
    };

    @Test
    void referenceAndFastMatchIndependentlyComputedValues() {
        Ssim serial = new Ssim(null);
        Ssim parallel = new Ssim(device);
        for (Object[] k : KNOWN) {
            int w = (int) k[0], h = (int) k[1], c = (int) k[2];
            FloatImage a = imgA(w, h, c);
            FloatImage b = k[3].equals("AB") ? imgB(a) : imgC(w, h, c);
            double ssim = (double) k[4], psnr = (double) k[5];
            String what = w + "x" + h + "x" + c + " " + k[3];
            assertEquals(ssim, SsimReference.ssim(a, b), 1e-9, "reference SSIM " + what);
            assertEquals(ssim, serial.ssim(a, b), 2e-6, "fast SSIM (1 thread) " + what);
            assertEquals(ssim, parallel.ssim(a, b), 2e-6, "fast SSIM (2 threads) " + what);
            assertEquals(psnr, Psnr.psnr(a, b), 1e-9, "PSNR " + what);
        }
    }

    @Test
    void identicalImagesGiveOneAndInfinity() {
        FloatImage a = imgA(19, 17, 3);
        assertEquals(1.0, SsimReference.ssim(a, a), 1e-12);
        assertEquals(1.0, new Ssim(device).ssim(a, a), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.psnr(a, a));
    }

    /** A constant offset d gives MSE d^2, PSNR -20 log10(d). */
    @Test
    void psnrOfConstantOffsetIsAnalytic() {
        FloatImage a = new FloatImage(33, 17, 3);
        FloatImage b = new FloatImage(33, 17, 3);
        java.util.Arrays.fill(a.data(), 0.25f);
        java.util.Arrays.fill(b.data(), 0.375f); // d = 1/8 exactly in float
        assertEquals(-20 * Math.log10(0.125), Psnr.psnr(a, b), 1e-12);
        assertEquals(0.015625, Psnr.mse(a, b), 1e-15);
    }

    /**
     * Flat images p and q: away from the border (5 pixels in) both variances and the
     * covariance vanish, so SSIM = (2pq + C1) / (p^2 + q^2 + C1) exactly; at the border the
     * zero padding makes it differ, which is why the 3DGS value depends on image size.
     */
    @Test
    void flatImagesFollowTheLuminanceTermInside() {
        int w = 40, h = 30;
        float p = 0.3f, q = 0.7f;
        FloatImage a = new FloatImage(w, h, 1), b = new FloatImage(w, h, 1);
        java.util.Arrays.fill(a.data(), p);
        java.util.Arrays.fill(b.data(), q);
        double expect = (2.0 * p * q + SsimReference.C1) / ((double) p * p + (double) q * q + SsimReference.C1);
        double[] ref = SsimReference.map(a, b);
        float[] fast = new float[w * h];
        new Ssim(device).map(a, b, fast);
        for (int y = 5; y < h - 5; y++) {
            for (int x = 5; x < w - 5; x++) {
                assertEquals(expect, ref[y * w + x], 1e-9);
                // float32: E[x^2] - mu^2 leaves ~1e-8 where it should be 0, against C2 = 9e-4
                assertEquals(expect, fast[y * w + x], 1e-4);
            }
        }
        assertTrue(Math.abs(ref[0] - expect) > 1e-4, "the corner must feel the zero padding");
    }

    /** Random images at sizes around the vector width and tile size: fast map == reference map. */
    @Test
    void fastMatchesReferenceOnRandomImages() {
        long seed = SharedData.seed("SsimTest.fastMatchesReferenceOnRandomImages", 20240611L);
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] sizes = {{1, 1, 1}, {15, 16, 3}, {16, 17, 3}, {17, 15, 1}, {31, 33, 3}, {47, 12, 4}, {11, 11, 2}};
        Ssim fast = new Ssim(device);
        for (int[] s : sizes) {
            FloatImage a = new FloatImage(s[0], s[1], s[2]), b = new FloatImage(s[0], s[1], s[2]);
            for (int i = 0; i < a.data().length; i++) {
                a.data()[i] = (float) rnd.nextDouble();
                b.data()[i] = Math.min(1f, Math.max(0f, a.data()[i] + (float) (rnd.nextDouble() - 0.5) * 0.4f));
            }
            double[] ref = SsimReference.map(a, b);
            float[] map = new float[a.data().length];
            fast.map(a, b, map);
            double worst = 0;
            for (int i = 0; i < ref.length; i++) {
                worst = Math.max(worst, Math.abs(ref[i] - map[i]));
            }
            assertTrue(worst < 2e-5, "max |fast - reference| = " + worst + " at " + java.util.Arrays.toString(s));
            assertEquals(SsimReference.ssim(a, b), fast.ssim(a, b), 2e-6, java.util.Arrays.toString(s));
        }
    }

    /** The parallel result is bit-identical from run to run and to the single-thread one. */
    @Test
    void fastIsDeterministic() {
        FloatImage a = imgA(123, 77, 3), b = imgB(a);
        double one = new Ssim(null).ssim(a, b);
        Ssim par = new Ssim(device);
        for (int i = 0; i < 5; i++) {
            assertEquals(one, par.ssim(a, b), 0.0);
        }
    }

    @Test
    void shapesMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> new Ssim(null).ssim(new FloatImage(4, 4, 3), new FloatImage(4, 5, 3)));
        assertThrows(IllegalArgumentException.class, () -> Psnr.psnr(new FloatImage(4, 4, 3), new FloatImage(4, 4, 1)));
    }
}
