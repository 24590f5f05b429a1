package org.splatforge.render.raster;

import jdk.incubator.vector.FloatVector;
import org.splatforge.core.runtime.Device;

/**
 * Builds {@link CpuRasterizer}'s per-tile lists in O(N + E) without sorting the E
 * (tile, Gaussian) pairs: the N visible Gaussians are sorted once by depth (LSD radix on
 * the float32 bits, stable so ties stay in index order; runs of equal float depth are then
 * ordered by their double depth, which makes the order exactly the reference's), and then
 * binned in that order, so every tile's list comes out depth-sorted.
 *
 * <p>Binning is parallel and deterministic: worker w takes a fixed slice of the depth order
 * ({@link Device#parallelForStatic}), counts its entries per tile, and writes them after
 * those of workers before it. Sorting by depth first instead of sorting per tile (as the
 * CUDA rasterizers sort tile|depth keys) is what keeps sorting a small part of the frame.
 */
final class TileBinner {

    private TileBinner() {
    }

    /**
     * Fills {@code s.order}, {@code s.gaussOffset}, {@code s.tileStart}, {@code s.tileList}
     * and {@code s.entrySlot} from the rectangles and depths the projection wrote.
     */
    static void bin(CpuFrameState s, int n, int tiles, boolean contributions, Device device) {
        sortByDepth(s, n);
        // Entries per Gaussian, in index order: where each Gaussian's entry positions live.
        int[] off = s.gaussOffset, rects = s.rects;
        long total = 0;
        for (int i = 0; i < n; i++) {
            off[i] = (int) total;
            total += (long) (rects[i * 4 + 1] - rects[i * 4]) * (rects[i * 4 + 3] - rects[i * 4 + 2]);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many (tile, Gaussian) pairs: " + total
                    + "; render at a lower resolution or with fewer Gaussians");
        }
        off[n] = (int) total;
        s.entries = (int) total;
        int workers = device.parallelism();
        s.ensureTiles(tiles, workers);
        s.ensureEntries(s.entries, contributions);
        int[][] cursor = s.workerCursor;
        int[] order = s.order;
        int tilesX = s.tilesX;
        device.parallelForStatic(s.validCount, (start, end, w) -> {
            int[] c = cursor[w];
            java.util.Arrays.fill(c, 0, tiles, 0);
            for (int k = start; k < end; k++) {
                int g = order[k];
                int x0 = rects[g * 4], x1 = rects[g * 4 + 1], y0 = rects[g * 4 + 2], y1 = rects[g * 4 + 3];
                for (int ty = y0; ty < y1; ty++) {
                    for (int tx = x0; tx < x1; tx++) {
                        c[ty * tilesX + tx]++;
                    }
                }
            }
        });
        // Workers whose slice is empty never ran: clear their counts.
        for (int w = 0; w < workers; w++) {
            long s0 = (long) s.validCount * w / workers, s1 = (long) s.validCount * (w + 1) / workers;
            if (s0 >= s1) {
                java.util.Arrays.fill(cursor[w], 0, tiles, 0);
            }
        }
        int[] tileStart = s.tileStart;
        int run = 0;
        for (int t = 0; t < tiles; t++) {
            tileStart[t] = run;
            for (int w = 0; w < workers; w++) {
                int c = cursor[w][t];
                cursor[w][t] = run;
                run += c;
            }
        }
        tileStart[tiles] = run;
        device.parallelForStatic(s.validCount, (start, end, w) -> fill(s, cursor[w], start, end));
    }

    /**
     * Writes the entries of depth-order positions {@code [start, end)}: Gaussian id, slot and a
     * copy of the packed record, so the tile kernels read their lists' records sequentially
     * rather than gather them from all over the cloud (one cache miss per Gaussian here instead
     * of one per entry in each of forward and backward).
     */
    private static void fill(CpuFrameState s, int[] cursor, int start, int end) {
        int[] order = s.order, rects = s.rects, off = s.gaussOffset, list = s.tileList, slot = s.entrySlot;
        float[] packed = s.packed, entryPack = s.entryPack;
        int tilesX = s.tilesX;
        for (int k = start; k < end; k++) {
            int g = order[k];
            int x0 = rects[g * 4], x1 = rects[g * 4 + 1], y0 = rects[g * 4 + 2], y1 = rects[g * 4 + 3];
            int j = off[g];
            for (int ty = y0; ty < y1; ty++) {
                for (int tx = x0; tx < x1; tx++) {
                    int p = cursor[ty * tilesX + tx]++;
                    list[p] = g;
                    slot[p] = j++;
                    for (int c = 0; c < CpuFrameState.PACK; c += TileVectors.LANES) {
                        FloatVector.fromArray(TileVectors.SPECIES, packed, g * CpuFrameState.PACK + c)
                                .intoArray(entryPack, p * CpuFrameState.PACK + c);
                    }
                }
            }
        }
    }

    /** Sorts the valid Gaussians (positive depth) by (depth, index) into {@code s.order}. */
    static void sortByDepth(CpuFrameState s, int n) {
        int[] keys = s.sortKeys, vals = s.order;
        int m = 0;
        float[] packed = s.packed;
        for (int i = 0; i < n; i++) {
            if (s.rects[i * 4 + 1] > s.rects[i * 4]) {
                vals[m] = i;
                // Positive floats order like their bit patterns.
                keys[m] = Float.floatToRawIntBits(packed[i * CpuFrameState.PACK + CpuFrameState.P_DEPTH]);
                m++;
            }
        }
        s.validCount = m;
        radixSort(keys, vals, m, s.sortScratchKeys, s.sortScratch, s.radixCount);
        // Equal float depths: order by the double depth (then index, kept by stability).
        double[] d64 = s.depth64;
        for (int a = 0; a < m; ) {
            int b = a + 1;
            while (b < m && keys[b] == keys[a]) {
                b++;
            }
            for (int i = a + 1; i < b; i++) { // insertion sort: runs are short and rare
                int v = vals[i];
                int j = i - 1;
                while (j >= a && d64[vals[j]] > d64[v]) {
                    vals[j + 1] = vals[j];
                    j--;
                }
                vals[j + 1] = v;
            }
            a = b;
        }
    }

    /**
     * Stable LSD radix sort of non-negative int keys with values, 8 bits a pass ({@code count}: 256 ints of scratch); passes in
     * which every key has the same digit are skipped.
     */
    static void radixSort(int[] keys, int[] vals, int n, int[] tmpKeys, int[] tmpVals, int[] count) {
        int[] k = keys, v = vals, k2 = tmpKeys, v2 = tmpVals;
        for (int shift = 0; shift < 32; shift += 8) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(k[i] >>> shift) & 0xFF]++;
            }
            if (n == 0 || count[(k[0] >>> shift) & 0xFF] == n) {
                continue;
            }
            int sum = 0;
            for (int d = 0; d < 256; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int d = (k[i] >>> shift) & 0xFF;
                int p = count[d]++;
                k2[p] = k[i];
                v2[p] = v[i];
            }
            int[] t = k;
            k = k2;
            k2 = t;
            t = v;
            v = v2;
            v2 = t;
        }
        if (k != keys) {
            System.arraycopy(k, 0, keys, 0, n);
            System.arraycopy(v, 0, vals, 0, n);
        }
    }
}
