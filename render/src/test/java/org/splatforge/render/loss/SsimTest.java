package org.splatforge.render.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;

class SsimTest {

    private static final long SEED = 77L;

    /** A smooth random image plus noise, so SSIM is neither ~1 nor ~0. */
    static float[] image(Random rnd, int w, int h, int c, float noise) {
        float[] a = new float[w * h * c];
        double fx = rnd.nextDouble() * 0.5, fy = rnd.nextDouble() * 0.5;
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
                for (int ch = 0; ch < c; ch++) {
                    double v = 0.5 + 0.3 * Math.sin(fx * col + ch) * Math.cos(fy * r) + noise * rnd.nextGaussian();
                    a[(r * w + col) * c + ch] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return a;
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"17,13,3", "16,16,3", "33,20,1", "7,9,3", "40,31,3"})
    void fastMatchesReferenceValueAndGradient(int w, int h, int c) {
        System.out.println("[seed] SsimTest = " + SEED);
        Random rnd = new Random(SEED + w * 31 + h);
        float[] x = image(rnd, w, h, c, 0.1f);
        float[] y = image(rnd, w, h, c, 0.05f);
        double[] gRef = new double[x.length];
        double ref = SsimReference.ssim(x, y, w, h, c, gRef);
        try (Device dev = new CpuDevice(2)) {
            Ssim fast = new Ssim(dev);
            float[] g = new float[x.length];
            double s = fast.forwardBackward(x, y, w, h, c, 1f, g);
            assertEquals(ref, s, 2e-6, "mean SSIM");
            double maxG = 0;
            for (double v : gRef) {
                maxG = Math.max(maxG, Math.abs(v));
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(gRef[i], g[i], 1e-4 * maxG + 1e-9, "gradient at " + i);
            }
        }
    }

    @Test
    void referenceGradientMatchesFiniteDifferences() {
        Random rnd = new Random(SEED);
        int w = 14, h = 12, c = 3;
        float[] x = image(rnd, w, h, c, 0.1f);
        float[] y = image(rnd, w, h, c, 0.1f);
        double[] grad = new double[x.length];
        SsimReference.ssim(x, y, w, h, c, grad);
        int[] probes = {0, 5, 3 * (w * 6 + 7) + 1, x.length - 1, 3 * (w * (h - 1)) + 2, 3 * 13};
        for (int i : probes) {
            float orig = x[i];
            x[i] = orig + 1e-3f;
            float up = x[i];
            double sp = SsimReference.ssim(x, y, w, h, c, null);
            x[i] = orig - 1e-3f;
            float dn = x[i];
            double sm = SsimReference.ssim(x, y, w, h, c, null);
            x[i] = orig;
            double fd = (sp - sm) / ((double) up - dn);
            assertEquals(fd, grad[i], 1e-4 * Math.abs(fd) + 1e-8, "d SSIM / d x[" + i + "]");
        }
    }

    @Test
    void trainingSsimAgreesWithTheEvaluationMetric() {
        // The loss's SSIM must be the very quantity the evaluation reports (core.metrics).
        Random rnd = new Random(SEED + 9);
        int w = 45, h = 38, c = 3;
        float[] x = image(rnd, w, h, c, 0.1f), y = image(rnd, w, h, c, 0.1f);
        try (Device dev = new CpuDevice(2)) {
            double mine = new Ssim(dev).forward(x, y, w, h, c);
            double metric = new org.splatforge.core.metrics.Ssim(dev).ssim(
                    new org.splatforge.core.image.FloatImage(w, h, c, x), new org.splatforge.core.image.FloatImage(w, h, c, y));
            assertEquals(metric, mine, 1e-6);
        }
    }

    @Test
    void identicalImagesGiveOneAndZeroGradient() {
        Random rnd = new Random(SEED);
        float[] x = image(rnd, 23, 19, 3, 0.1f);
        try (Device dev = new CpuDevice(2)) {
            float[] g = new float[x.length];
            double s = new Ssim(dev).forwardBackward(x, x.clone(), 23, 19, 3, 1f, g);
            assertEquals(1.0, s, 1e-6);
            for (float v : g) {
                assertEquals(0f, v, 1e-6f);
            }
        }
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        Random rnd = new Random(SEED);
        int w = 50, h = 37, c = 3;
        float[] x = image(rnd, w, h, c, 0.1f), y = image(rnd, w, h, c, 0.1f);
        float[] g1 = new float[x.length], g2 = new float[x.length];
        double s1, s2;
        try (Device d1 = new CpuDevice(1); Device d2 = new CpuDevice(2)) {
            s1 = new Ssim(d1).forwardBackward(x, y, w, h, c, -0.2f, g1);
            s2 = new Ssim(d2).forwardBackward(x, y, w, h, c, -0.2f, g2);
        }
        assertEquals(s1, s2, 0.0);
        assertArrayEquals(g1, g2);
    }

    @Test
    void photometricLossGradientMatchesFiniteDifferences() {
        Random rnd = new Random(SEED + 1);
        int w = 18, h = 17, c = 3;
        float[] x = image(rnd, w, h, c, 0.1f), y = image(rnd, w, h, c, 0.1f);
        try (Device dev = new CpuDevice(2)) {
            PhotometricLoss loss = new PhotometricLoss(dev, 0.2f);
            float[] g = new float[x.length];
            double l = loss.evaluate(x, y, w, h, c, g);
            double ssim = SsimReference.ssim(x, y, w, h, c, null);
            double l1 = 0;
            for (int i = 0; i < x.length; i++) {
                l1 += Math.abs(x[i] - y[i]);
            }
            l1 /= x.length;
            assertEquals(0.8 * l1 + 0.2 * (1 - ssim), l, 1e-6);
            float[] scratch = new float[x.length];
            for (int i : new int[] {0, 17, 200, x.length - 1, 3 * (w * 8 + 9)}) {
                if (Math.abs(x[i] - y[i]) < 1e-2) {
                    continue; // the L1 kink
                }
                float orig = x[i];
                x[i] = orig + 1e-3f;
                float up = x[i];
                double lp = 0.8 * l1Of(x, y) + 0.2 * (1 - SsimReference.ssim(x, y, w, h, c, null));
                x[i] = orig - 1e-3f;
                float dn = x[i];
                double lm = 0.8 * l1Of(x, y) + 0.2 * (1 - SsimReference.ssim(x, y, w, h, c, null));
                x[i] = orig;
                double fd = (lp - lm) / ((double) up - dn);
                assertEquals(fd, g[i], 2e-3 * Math.abs(fd) + 1e-7, "dL/dx[" + i + "]");
            }
            assertEquals(l, loss.evaluate(x, y, w, h, c, scratch), 0.0, "repeatable");
        }
    }

    private static double l1Of(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return s / x.length;
    }
}
