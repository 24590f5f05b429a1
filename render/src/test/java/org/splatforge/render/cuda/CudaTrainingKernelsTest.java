package org.splatforge.render.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.DeviceFloats;
import org.splatforge.core.runtime.cuda.DeviceInts;
import org.splatforge.core.runtime.cuda.DeviceLongs;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.testing.SharedData;
import org.splatforge.render.raster.GaussianGradients;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.RandomScenes;

/**
 * The device building blocks against plain host twins: exclusive scan and the stable radix
 * sort (sizes straddling their block sizes), Adam against the textbook scalar update, and the
 * densification statistics against {@link CudaDensifyStats#accumulateReference}. Skips without
 * a GPU. NOT YET RUN ON A GPU (issue 9).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaTrainingKernelsTest {

    private CudaDevice device;
    private CudaRasterizer rasterizer;

    @BeforeAll
    void open() {
        device = CudaTestDevice.openOrNull();
        rasterizer = device == null ? null : new CudaRasterizer(device);
    }

    @BeforeEach
    void requireGpu() {
        CudaTestDevice.assumeGpu();
    }

    @AfterAll
    void close() {
        if (rasterizer != null) {
            rasterizer.close();
        }
        if (device != null) {
            device.close();
        }
    }

    @Test
    void exclusiveScan() {
        long seed = SharedData.seed("CudaTrainingKernelsTest scan", 7);
        Random r = new Random(seed);
        try (DeviceScan scan = new DeviceScan(device, rasterizer.kernels());
             DeviceInts buf = device.ints("scan test", 0)) {
            for (int n : new int[] {1, 255, 1023, 1024, 1025, 4097, 1024 * 1024 + 3, 2_500_000}) {
                int[] in = new int[n];
                for (int i = 0; i < n; i++) {
                    in[i] = r.nextInt(50);
                }
                buf.ensure(n);
                buf.upload(in, 0, 0, n);
                scan.exclusive(buf, buf, n);
                int[] out = new int[n];
                buf.download(0, out, 0, n);
                int run = 0;
                for (int i = 0; i < n; i++) {
                    assertEquals(run, out[i], "scan of " + n + " at " + i + ", seed " + seed);
                    run += in[i];
                }
            }
        }
    }

    @Test
    void radixSortIsStable() {
        long seed = SharedData.seed("CudaTrainingKernelsTest sort", 8);
        Random r = new Random(seed);
        try (DeviceScan scan = new DeviceScan(device, rasterizer.kernels());
             DeviceRadixSort sort = new DeviceRadixSort(device, rasterizer.kernels(), scan);
             DeviceLongs k = device.longs("k", 0); DeviceLongs k2 = device.longs("k2", 0);
             DeviceInts v = device.ints("v", 0); DeviceInts v2 = device.ints("v2", 0)) {
            for (int n : new int[] {2, 2047, 2048, 2049, 100_003, 3_000_000}) {
                long[] keys = new long[n];
                for (int i = 0; i < n; i++) {
                    keys[i] = i % 3 == 0 ? keys[Math.max(0, i - 1)] : r.nextLong() >>> r.nextInt(40); // duplicates
                }
                int[] vals = IntStream.range(0, n).toArray();
                for (var b : new org.splatforge.core.runtime.cuda.DeviceBuffer[] {k, k2, v, v2}) {
                    b.ensure(n);
                }
                k.upload(keys, 0, 0, n);
                v.upload(vals, 0, 0, n);
                sort.sort(k, v, k2, v2, n, 64);
                long[] gotK = new long[n];
                int[] gotV = new int[n];
                k.download(0, gotK, 0, n);
                v.download(0, gotV, 0, n);
                Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
                Arrays.sort(order, Comparator.comparingLong((Integer i) -> keys[i] ^ Long.MIN_VALUE)); // stable, unsigned
                for (int i = 0; i < n; i++) {
                    assertEquals(order[i].intValue(), gotV[i], "value at " + i + " of " + n + ", seed " + seed);
                    assertEquals(keys[order[i]], gotK[i]);
                }
            }
        }
    }

    @Test
    void adamMatchesTheScalarUpdate() {
        long seed = SharedData.seed("CudaTrainingKernelsTest adam", 9);
        GaussianCloud cloud = RandomScenes.cloud(RandomScenes.Kind.MIXED, 1000, 3, seed);
        GaussianCloud expected = cloud.copy();
        float b1 = 0.9f, b2 = 0.999f, eps = 1e-15f;
        CudaAdam.Rates lr = new CudaAdam.Rates(1.6e-4f, 5e-3f, 1e-3f, 5e-2f, 2.5e-3f, 2.5e-3f / 20);
        try (CudaGaussians p = new CudaGaussians(device); CudaGradients g = new CudaGradients(device);
             CudaAdam adam = new CudaAdam(rasterizer, b1, b2, eps)) {
            p.upload(cloud);
            Random r = new Random(seed + 1);
            float[][] host = {expected.means(), expected.logScales(), expected.quats(), expected.opacityLogits(), expected.sh()};
            float[][] mom = new float[10][];
            for (int s = 1; s <= 5; s++) {
                GaussianGradients gh = new GaussianGradients();
                gh.reset(1000, cloud.shCoeffs());
                float[][] gr = {gh.means(), gh.logScales(), gh.quats(), gh.opacityLogits(), gh.sh()};
                for (float[] a : gr) {
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) r.nextGaussian();
                    }
                }
                g.ensure(1000, cloud.shCoeffs());
                g.means.upload(gh.means(), 0, 0, 3000);
                g.logScales.upload(gh.logScales(), 0, 0, 3000);
                g.quats.upload(gh.quats(), 0, 0, 4000);
                g.opacityLogits.upload(gh.opacityLogits(), 0, 0, 1000);
                g.sh.upload(gh.sh(), 0, 0, 48 * 1000);
                adam.step(p, g, lr);
                double bc1 = 1 - Math.pow(b1, s), bc2 = 1 - Math.pow(b2, s);
                for (int q = 0; q < 5; q++) {
                    int len = q == 4 ? 48000 : q == 3 ? 1000 : q == 2 ? 4000 : 3000;
                    if (mom[2 * q] == null) {
                        mom[2 * q] = new float[len];
                        mom[2 * q + 1] = new float[len];
                    }
                    for (int i = 0; i < len; i++) {
                        float rate = q == 0 ? lr.means() : q == 1 ? lr.logScales() : q == 2 ? lr.quats()
                                : q == 3 ? lr.opacityLogits() : (i % 48) < 3 ? lr.shDc() : lr.shRest();
                        float gi = gr[q][i];
                        mom[2 * q][i] = b1 * mom[2 * q][i] + (1 - b1) * gi;
                        mom[2 * q + 1][i] = b2 * mom[2 * q + 1][i] + (1 - b2) * gi * gi;
                        host[q][i] -= (float) (rate * (mom[2 * q][i] / bc1) / (Math.sqrt(mom[2 * q + 1][i] / bc2) + eps));
                    }
                }
            }
            GaussianCloud got = cloud.copy();
            p.download(got);
            float[][] dev = {got.means(), got.logScales(), got.quats(), got.opacityLogits(), got.sh()};
            for (int q = 0; q < 5; q++) {
                for (int i = 0; i < host[q].length; i++) {
                    assertEquals(host[q][i], dev[q][i], 1e-5f * Math.max(1f, Math.abs(host[q][i])),
                            "group " + q + " element " + i + ", seed " + seed);
                }
            }
        }
    }

    @Test
    void densificationStatisticsMatchTheHostTwin() {
        long seed = SharedData.seed("CudaTrainingKernelsTest densify", 10);
        int n = 3000, w = 200, h = 150;
        GaussianCloud cloud = RandomScenes.cloud(RandomScenes.Kind.CULLING, n, 1, seed);
        float[] gs = new float[n], as = new float[n], mr = new float[n];
        int[] vs = new int[n];
        try (CudaDensifyStats stats = new CudaDensifyStats(rasterizer)) {
            stats.reset(n);
            for (int view = 0; view < 3; view++) {
                var cam = RandomScenes.camera(w + 16 * view, h);
                RasterFrame f = rasterizer.forward(cloud, cam, RasterSettings.defaults());
                float[] dImage = RandomScenes.weights(3 * cam.width() * h, seed + view);
                GaussianGradients gh = new GaussianGradients();
                rasterizer.backward(f, dImage, null, null, gh);
                try (CudaGradients g = new CudaGradients(device)) {
                    g.ensure(n, cloud.shCoeffs());
                    g.means2d.upload(gh.means2d(), 0, 0, 2 * n);
                    g.means2dAbs.upload(gh.means2dAbs(), 0, 0, 2 * n);
                    stats.accumulate(rasterizer, f, g);
                }
                CudaDensifyStats.accumulateReference(n, gh.means2d(), gh.means2dAbs(), f.radii(), cam.width(), h, gs, as,
                        vs, mr);
            }
            float[] dg = new float[n], da = new float[n], dm = new float[n];
            int[] dv = new int[n];
            stats.download(dg, da, dv, dm);
            assertArrayEquals(vs, dv, "views, seed " + seed);
            assertArrayEquals(mr, dm, "max radius, seed " + seed);
            for (int i = 0; i < n; i++) {
                assertEquals(gs[i], dg[i], 1e-6f * Math.max(1f, gs[i]), "grad sum " + i);
                assertEquals(as[i], da[i], 1e-6f * Math.max(1f, as[i]), "abs sum " + i);
            }
        }
    }
}
