package org.splatforge.compress.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.order.SpaceFillingCurve;
import org.splatforge.compress.sh.ShBandMode;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

class SceneCodecRoundTripTest {

    private static final long SEED = 42;

    static GaussianCloud cloud(int n, int degree) {
        System.out.println("synthetic cloud n=" + n + " degree=" + degree + " seed " + SEED);
        return SyntheticCloud.scene(n, degree, SEED);
    }

    /** Decoded Gaussian j must equal the plan's projection of its source, bit for bit. */
    static void assertDecodeEqualsProjection(GaussianCloud src, EncodeResult r, GaussianCloud dec, CpuDevice dev) {
        int[] kept = r.sourceIndex().clone();
        Arrays.sort(kept);
        GaussianCloud work = src.subset(kept);
        GaussianCloud proj = r.plan().project(work, dev);
        assertEquals(r.count(), dec.size());
        assertEquals(proj.shDegree(), dec.shDegree(), "SH degree");
        int k3 = dec.shCoeffs() * 3;
        for (int j = 0; j < dec.size(); j++) {
            int p = Arrays.binarySearch(kept, r.sourceIndex()[j]);
            String at = "Gaussian " + j + " (source " + r.sourceIndex()[j] + ")";
            assertArrayEquals(Arrays.copyOfRange(proj.means(), p * 3, p * 3 + 3), Arrays.copyOfRange(dec.means(), j * 3, j * 3 + 3), at + " means");
            assertArrayEquals(Arrays.copyOfRange(proj.logScales(), p * 3, p * 3 + 3), Arrays.copyOfRange(dec.logScales(), j * 3, j * 3 + 3), at + " scales");
            assertArrayEquals(Arrays.copyOfRange(proj.quats(), p * 4, p * 4 + 4), Arrays.copyOfRange(dec.quats(), j * 4, j * 4 + 4), at + " quats");
            assertEquals(proj.opacityLogits()[p], dec.opacityLogits()[j], at + " opacity");
            assertArrayEquals(Arrays.copyOfRange(proj.sh(), p * k3, p * k3 + k3), Arrays.copyOfRange(dec.sh(), j * k3, j * k3 + k3), at + " sh");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Quality.class, names = {"HIGH", "MEDIUM", "SMALL"})
    void lossyDecodeIsExactlyThePlansProjectionAndWithinBounds(Quality q) throws IOException {
        GaussianCloud src = cloud(3001, 3);
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            CodecOptions o = CodecOptions.preset(q).withBlockSize(1024); // several blocks
            EncodeResult r = codec.encodeWithStats(src, o);
            GaussianCloud dec = codec.decode(r.bytes());
            assertDecodeEqualsProjection(src, r, dec, dev);
            int visible = 0;
            for (int i = 0; i < src.size(); i++) {
                visible += src.opacity(i) >= 1 / 255.0 ? 1 : 0;
            }
            assertTrue(visible < src.size(), "the synthetic scene has invisible Gaussians to prune");
            assertEquals(visible - (int) Math.floor(o.pruneFraction() * visible), r.count(), "kept count");
            for (int j = 0; j < r.count(); j++) {
                assertTrue(src.opacity(r.sourceIndex()[j]) >= 1 / 255.0, "an invisible Gaussian was kept");
            }
            // Per-attribute bounds that follow from the steps.
            double step = r.plan().grid().step();
            for (int j = 0; j < dec.size(); j++) {
                int i = r.sourceIndex()[j];
                for (int a = 0; a < 3; a++) {
                    assertTrue(Math.abs(src.means()[i * 3 + a] - dec.means()[j * 3 + a]) <= step * 0.5 + 1e-6,
                            "position error beyond half a cell");
                }
                assertTrue(Math.abs(src.opacity(i) - dec.opacity(j)) <= 0.5 / o.opacityLevels() + 1e-6, "opacity");
                for (int c = 0; c < 3; c++) {
                    double e = CodecOptions.SH_C0 * Math.abs(src.sh()[i * src.shCoeffs() * 3 + c]
                            - dec.sh()[j * dec.shCoeffs() * 3 + c]);
                    assertTrue(e <= o.colorStep() * 0.5 + 1e-6, "DC colour error " + e);
                }
                float[] a = sorted(src.logScales(), i), b = sorted(dec.logScales(), j);
                for (int k = 0; k < 3; k++) {
                    assertTrue(Math.abs(a[k] - b[k]) <= o.scaleStep() * 0.5 + 1e-5, "log-scale error");
                }
            }
        }
    }

    private static float[] sorted(float[] ls, int i) {
        float[] s = Arrays.copyOfRange(ls, i * 3, i * 3 + 3);
        Arrays.sort(s);
        return s;
    }

    @Test
    void losslessIsBitExactIncludingAwkwardFloats() throws IOException {
        GaussianCloud src = cloud(517, 2);
        float[] odd = {-0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, 3.4e38f};
        for (int i = 0; i < odd.length; i++) {
            src.sh()[(i * src.shCoeffs() + 1) * 3] = odd[i];
            src.quats()[i * 4 + 2] = odd[i];
            src.logScales()[i * 3 + 1] = odd[i];
        }
        src.quats()[40] = src.quats()[41] = src.quats()[42] = src.quats()[43] = 0; // a zero quaternion stays zero
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            EncodeResult r = codec.encodeWithStats(src, CodecOptions.preset(Quality.LOSSLESS).withBlockSize(256));
            GaussianCloud dec = codec.decode(r.bytes());
            assertEquals(src.size(), dec.size());
            assertEquals(src.shDegree(), dec.shDegree());
            GaussianCloud expect = src.subset(r.sourceIndex());
            assertBitEqual(expect, dec);
            // And with the order kept, the input comes back as it was.
            byte[] ordered = codec.encode(src, CodecOptions.preset(Quality.LOSSLESS).withKeepOrder(true));
            assertBitEqual(src, codec.decode(ordered));
        }
    }

    static void assertBitEqual(GaussianCloud a, GaussianCloud b) {
        assertEquals(a.size(), b.size());
        int n = a.size(), k3 = a.shCoeffs() * 3;
        assertArrayEquals(bits(a.means(), n * 3), bits(b.means(), n * 3), "means");
        assertArrayEquals(bits(a.logScales(), n * 3), bits(b.logScales(), n * 3), "scales");
        assertArrayEquals(bits(a.quats(), n * 4), bits(b.quats(), n * 4), "quats");
        assertArrayEquals(bits(a.opacityLogits(), n), bits(b.opacityLogits(), n), "opacity");
        assertArrayEquals(bits(a.sh(), n * k3), bits(b.sh(), n * k3), "sh");
    }

    private static int[] bits(float[] f, int n) {
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    @Test
    void encodingIsDeterministicAcrossRunsAndThreadCounts() {
        GaussianCloud src = cloud(2500, 3);
        for (Quality q : new Quality[] {Quality.MEDIUM, Quality.SMALL, Quality.LOSSLESS}) {
            // Force the VECTOR path too, so k-means is covered.
            CodecOptions o = CodecOptions.preset(q).withBlockSize(700);
            CodecOptions vq = o.withShModes(EnumSet.of(ShBandMode.VECTOR), 64);
            for (CodecOptions opt : new CodecOptions[] {o, vq}) {
                byte[] ref = null;
                for (int threads : new int[] {1, 2, 3, 1}) {
                    try (CpuDevice dev = new CpuDevice(threads)) {
                        byte[] b = new SceneCodec(dev).encode(src, opt);
                        if (ref == null) {
                            ref = b;
                        } else {
                            assertArrayEquals(ref, b, q + " with " + threads + " threads");
                        }
                    }
                }
            }
        }
    }

    @Test
    void vectorQuantizedBandsRoundTrip() throws IOException {
        GaussianCloud src = cloud(2049, 3);
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            CodecOptions o = CodecOptions.preset(Quality.MEDIUM).withShModes(EnumSet.of(ShBandMode.VECTOR), 128);
            EncodeResult r = codec.encodeWithStats(src, o);
            for (ShDecision d : r.shDecisions()) {
                assertTrue(d.chosen() == ShBandMode.VECTOR || d.chosen() == ShBandMode.DROP, d.toString());
            }
            assertDecodeEqualsProjection(src, r, codec.decode(r.bytes()), dev);
        }
    }

    @Test
    void edgeSizesAndDegrees() throws IOException {
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            for (int degree = 0; degree <= 3; degree++) {
                for (int n : new int[] {0, 1, 2, 15, 16, 17, 257}) {
                    GaussianCloud src = SyntheticCloud.scene(n, degree, SEED + n);
                    for (Quality q : Quality.values()) {
                        CodecOptions o = CodecOptions.preset(q).withBlockSize(256);
                        EncodeResult r = codec.encodeWithStats(src, o);
                        GaussianCloud dec = codec.decode(r.bytes());
                        assertEquals(r.count(), dec.size(), q + " n=" + n + " degree " + degree);
                        if (q == Quality.LOSSLESS) {
                            assertBitEqual(src.subset(r.sourceIndex()), dec);
                        } else {
                            assertDecodeEqualsProjection(src, r, dec, dev);
                        }
                    }
                }
            }
        }
    }

    @Test
    void keepOrderRestoresTheInputOrderAfterPruning() throws IOException {
        GaussianCloud src = cloud(1000, 1);
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            EncodeResult r = codec.encodeWithStats(src, CodecOptions.preset(Quality.SMALL).withKeepOrder(true));
            assertEquals(src.size(), codec.encodeWithStats(src, CodecOptions.preset(Quality.MEDIUM)
                    .withPruneInvisible(false)).count(), "nothing pruned when asked not to");
            for (int j = 1; j < r.count(); j++) {
                assertTrue(r.sourceIndex()[j] > r.sourceIndex()[j - 1], "kept order ascending");
            }
            GaussianCloud dec = codec.decode(r.bytes());
            assertDecodeEqualsProjection(src, r, dec, dev);
            // Without restoring, the same Gaussians come back in curve order.
            GaussianCloud curve = codec.decode(new ByteArrayInputStream(r.bytes()), "mem",
                    DecodeOptions.defaults().withRestoreOrder(false));
            assertEquals(dec.size(), curve.size());
        }
    }

    @Test
    void curvesAndFineTuneHookAreHonoured() throws IOException {
        GaussianCloud src = cloud(800, 2);
        try (CpuDevice dev = new CpuDevice(1)) {
            SceneCodec codec = new SceneCodec(dev);
            for (SpaceFillingCurve c : SpaceFillingCurve.values()) {
                EncodeResult r = codec.encodeWithStats(src, CodecOptions.preset(Quality.MEDIUM).withCurve(c));
                assertDecodeEqualsProjection(src, r, codec.decode(r.bytes()), dev);
            }
            // The hook sees the plan and its result is what gets coded: make every Gaussian opaque.
            AtomicInteger calls = new AtomicInteger();
            CodecOptions o = CodecOptions.preset(Quality.MEDIUM).withFineTune((cloud, plan) -> {
                calls.incrementAndGet();
                assertEquals(cloud.size(), plan.project(cloud, dev).size());
                Arrays.fill(cloud.opacityLogits(), 0, cloud.size(), 8f);
                return cloud;
            });
            GaussianCloud dec = codec.decode(codec.encode(src, o));
            assertEquals(1, calls.get());
            for (int i = 0; i < dec.size(); i++) {
                assertTrue(dec.opacity(i) > 0.99, "fine-tuned opacity reached the archive");
            }
            CodecOptions broken = CodecOptions.preset(Quality.MEDIUM).withFineTune((cloud, plan) -> cloud.subset(new int[] {0}));
            assertThrows(IllegalStateException.class, () -> codec.encode(src, broken));
        }
    }

    @Test
    void stepScaleIsARateKnobAndEncodeToSizeMeetsTheBudget() throws IOException {
        GaussianCloud src = cloud(4000, 3);
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            CodecOptions o = CodecOptions.preset(Quality.MEDIUM);
            int fine = codec.encode(src, o.withStepScale(0.5)).length;
            int mid = codec.encode(src, o).length;
            int coarse = codec.encode(src, o.withStepScale(2)).length;
            System.out.println("step scale 0.5 / 1 / 2: " + fine + " / " + mid + " / " + coarse + " bytes");
            assertTrue(fine > mid && mid > coarse, "sizes fall as steps grow");
            long budget = (mid + coarse) / 2;
            EncodeResult r = codec.encodeToSize(src, o, budget);
            assertTrue(r.bytes().length <= budget, r.bytes().length + " > " + budget);
            assertTrue(r.bytes().length > coarse, "the search found a finer setting than the coarse one");
            assertDecodeEqualsProjection(src, r, codec.decode(r.bytes()), dev);
            assertThrows(IllegalArgumentException.class, () -> codec.encodeToSize(src, o, 100));

            // With a fine-tuner the search runs without it, and it runs once, at the chosen scale
            // (when its archive fits).
            AtomicInteger calls = new AtomicInteger();
            EncodeResult tuned = codec.encodeToSize(src, o.withFineTune((cloud, plan) -> {
                calls.incrementAndGet();
                return cloud;
            }), budget);
            assertEquals(1, calls.get(), "one fine-tuned encode");
            assertArrayEquals(r.bytes(), tuned.bytes(), "an identity fine-tuner gives the plain search's archive");
            // A fine-tuner whose result never fits: coarser tries while some plain setting still
            // fits the shrunk budget (three at most), then the plain archive.
            AtomicInteger noisy = new AtomicInteger();
            EncodeResult over = codec.encodeToSize(src, o.withFineTune((cloud, plan) -> {
                noisy.incrementAndGet();
                return noisy(cloud, 1);
            }), budget);
            assertTrue(noisy.get() >= 1 && noisy.get() <= 3, "one to three fine-tuned tries: " + noisy.get());
            assertArrayEquals(r.bytes(), over.bytes(), "over budget after fine-tuning: the plain archive");
            // One that overshoots only the first time (SH noise of a few steps): later tries, aimed
            // lower and then by the secant, fit; the largest fitting one is kept.
            AtomicInteger once = new AtomicInteger();
            EncodeResult retried = codec.encodeToSize(src, o.withFineTune((cloud, plan) ->
                    once.incrementAndGet() == 1 ? noisy(cloud, 0.05f) : cloud), budget);
            assertTrue(once.get() >= 2 && once.get() <= 3, "a second (and maybe third) try: " + once.get());
            assertTrue(retried.bytes().length <= budget && retried.bytes().length <= r.bytes().length,
                    "within budget, and no larger than the plain search's choice: " + retried.bytes().length);
            assertDecodeEqualsProjection(src, retried, codec.decode(retried.bytes()), dev);
        }
    }

    /** Gaussian SH noise of standard deviation {@code sigma} (seed 3): the archive grows. */
    private static GaussianCloud noisy(GaussianCloud cloud, float sigma) {
        Random rnd = new Random(3);
        for (int i = 0; i < cloud.sh().length; i++) {
            cloud.sh()[i] += sigma * (float) rnd.nextGaussian();
        }
        return cloud;
    }

    @Test
    void nonFiniteInputIsRefusedWithTheIndex() {
        GaussianCloud src = cloud(50, 1);
        src.means()[17 * 3 + 1] = Float.NaN;
        try (CpuDevice dev = new CpuDevice(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SceneCodec(dev).encode(src, CodecOptions.preset(Quality.HIGH)));
            assertTrue(e.getMessage().contains("Gaussian 17"), e.getMessage());
        }
    }
}
