package org.splatforge.render.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.testing.SharedData;
import org.splatforge.render.raster.RasterSettings;

/** Host-side arithmetic of the CUDA rasterizer, checked without a GPU. */
class CudaHostPlansTest {

    @Test
    void tileBits() {
        assertEquals(1, TileKeys.tileBits(1));
        assertEquals(1, TileKeys.tileBits(2));
        assertEquals(2, TileKeys.tileBits(3));
        assertEquals(12, TileKeys.tileBits(50 * 50));      // 800x800
        assertEquals(13, TileKeys.tileBits(120 * 68));     // 1920x1080
        assertEquals(31, TileKeys.tileBits(Integer.MAX_VALUE)); // ids up to 2^31 - 2
        assertThrows(IllegalArgumentException.class, () -> TileKeys.tileBits(0));
    }

    /**
     * Entries keyed as emit_keys does (Gaussian-major, tiles row-major), stably sorted by key,
     * give every tile its Gaussians in (depth, index) order: the contract's per-tile order.
     */
    @Test
    void stableKeySortGivesTheContractOrder() {
        long seed = SharedData.seed("CudaHostPlansTest keys", 91);
        Random r = new Random(seed);
        int tilesX = 7, tilesY = 5, tiles = tilesX * tilesY, bits = TileKeys.tileBits(tiles), n = 600;
        double[] depth = new double[n];
        List<long[]> entries = new ArrayList<>(); // key, gaussian
        for (int g = 0; g < n; g++) {
            depth[g] = switch (g % 4) {
                case 0 -> 0.011 + r.nextDouble() * 100;
                case 1 -> depth[g - 1];                   // exact ties: index order
                case 2 -> depth[g - 1] * (1 + 1e-12);     // closer than float resolution: still ordered
                default -> 1e4 * r.nextDouble() + 1e-3;
            };
            int x0 = r.nextInt(tilesX), y0 = r.nextInt(tilesY);
            int x1 = x0 + 1 + r.nextInt(tilesX - x0), y1 = y0 + 1 + r.nextInt(tilesY - y0);
            for (int ty = y0; ty < y1; ty++) {
                for (int tx = x0; tx < x1; tx++) {
                    entries.add(new long[] {TileKeys.key(ty * tilesX + tx, depth[g], bits), g});
                }
            }
        }
        List<long[]> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((long[] e) -> e[0] ^ Long.MIN_VALUE)); // unsigned, stable
        List<long[]> expected = new ArrayList<>();
        for (long[] e : entries) {
            expected.add(new long[] {TileKeys.tile(e[0], bits), e[1]});
        }
        expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingDouble(e -> depth[(int) e[1]])
                .thenComparingLong(e -> e[1]));
        for (int i = 0; i < sorted.size(); i++) {
            assertEquals(expected.get(i)[0], TileKeys.tile(sorted.get(i)[0], bits), "tile of entry " + i + ", seed " + seed);
            assertEquals(expected.get(i)[1], sorted.get(i)[1], "Gaussian of entry " + i + ", seed " + seed);
        }
        assertEquals(tiles - 1, TileKeys.tile(TileKeys.key(tiles - 1, 1e30, bits), bits));
    }

    @Test
    void scanLevels() {
        assertEquals(List.of(0), ScanPlan.levels(0));
        assertEquals(List.of(1024), ScanPlan.levels(1024));
        assertEquals(List.of(1025, 2), ScanPlan.levels(1025));
        assertEquals(List.of(2_000_000, 1954, 2), ScanPlan.levels(2_000_000));
        assertEquals(1, ScanPlan.blocks(0));
        assertEquals(2, ScanPlan.blocks(1025));
    }

    @Test
    void radixPlan() {
        RadixSortPlan p = RadixSortPlan.of(5_000_000, 64);
        assertEquals(8, p.passes());
        assertEquals(2442, p.blocks());
        assertEquals(256 * 2442, p.counts());
        assertEquals(56, p.shift(7));
        assertEquals(1, RadixSortPlan.of(0, 64).blocks());
        assertEquals(6, RadixSortPlan.of(10, 45).passes());
    }

    @Test
    void rasterPlan() {
        CudaRasterPlan p = CudaRasterPlan.of(500_000, 16, 800, 800);
        assertEquals(50, p.tilesX());
        assertEquals(2500, p.tiles());
        assertEquals(12, p.tileBits());
        assertEquals("grid 50x50x1, block 16x16x1", p.perTile().toString());
        assertEquals(3907, p.perGaussian().gridX());
        CudaRasterPlan q = CudaRasterPlan.of(10, 1, 17, 33);
        assertEquals(2, q.tilesX());
        assertEquals(3, q.tilesY());
        // 500k SH3 Gaussians with 5M entries: ~0.7 GB, dominated by the per-entry records
        long bytes = p.deviceBytes(5_000_000);
        assertTrue(bytes > 500_000_000L && bytes < 1_000_000_000L, "bytes " + bytes);
        assertThrows(IllegalArgumentException.class, () -> CudaRasterPlan.of(1, 1, 0, 10));
    }

    @Test
    void cameraBlockMatchesTheCamera() {
        Camera cam = Camera.lookAt(new double[] {1.5, -0.7, 2.2}, new double[] {0.1, 0.2, -0.3},
                new double[] {0, 1, 0}, 97, 61, Math.toRadians(50));
        double[] b = new double[CudaCamera.DOUBLES];
        CudaCamera.pack(cam, RasterSettings.defaults().withNearPlane(0.2), b);
        double[] c = cam.center();
        for (int a = 0; a < 3; a++) {
            assertEquals(c[a], b[CudaCamera.CENTER + a], 1e-12, "camera centre " + a);
            for (int k = 0; k < 3; k++) {
                assertEquals(cam.view(a, k), b[a * 3 + k]);
            }
            assertEquals(cam.view(a, 3), b[CudaCamera.VT0 + a]);
        }
        double tanX = 0.5 * 97 / cam.fx();
        assertEquals(cam.cx() / cam.fx() + 0.3 * tanX, b[CudaCamera.LIM_X_NEG], 1e-15);
        assertEquals((97 - cam.cx()) / cam.fx() + 0.3 * tanX, b[CudaCamera.LIM_X_POS], 1e-15);
        assertEquals(0.2, b[CudaCamera.NEAR]);
        assertArrayEquals(new double[] {cam.fx(), cam.fy(), cam.cx(), cam.cy()},
                new double[] {b[CudaCamera.FX], b[CudaCamera.FY], b[CudaCamera.CX], b[CudaCamera.CY]});
    }
}
