package org.splatforge.render.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The levels of the device exclusive scan (scan.cu): level 0 scans the input in blocks of
 * {@link #TILE} elements and writes one sum per block; each next level scans those sums the
 * same way, until one block covers them; then the block offsets are added back level by level.
 */
public final class ScanPlan {

    /** Elements one scan block handles (scan.cu: SCAN_THREADS * SCAN_ITEMS). */
    public static final int TILE = 1024;
    /** Threads of a scan block (scan.cu: SCAN_THREADS). */
    public static final int THREADS = 256;

    private ScanPlan() {
    }

    /**
     * Element counts scanned at each level for an input of {@code n}: {@code [n, ceil(n/1024), ...]}
     * ending with the first count that fits one block.
     */
    public static List<Integer> levels(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("scan of " + n + " elements");
        }
        List<Integer> l = new ArrayList<>();
        int m = n;
        l.add(m);
        while (m > TILE) {
            m = (m + TILE - 1) / TILE;
            l.add(m);
        }
        return l;
    }

    /** Blocks of the scan at a level scanning {@code count} elements. */
    public static int blocks(int count) {
        return Math.max(1, (count + TILE - 1) / TILE);
    }
}
