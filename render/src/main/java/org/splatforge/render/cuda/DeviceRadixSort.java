package org.splatforge.render.cuda;

import org.lwjgl.cuda.CU;
import org.splatforge.core.runtime.cuda.CudaCheck;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.DeviceInts;
import org.splatforge.core.runtime.cuda.DeviceLongs;
import org.splatforge.core.runtime.cuda.KernelArgs;
import org.splatforge.core.runtime.cuda.LaunchGeometry;

/**
 * Stable LSD radix sort of (64-bit key, 32-bit value) pairs on the device (radix_sort.cu), our
 * own simple and correct one: per 8-bit pass, a per-block digit histogram, one exclusive scan
 * of all counts ({@link DeviceScan}), and a stable scatter. Owns the count scratch. Not thread-safe.
 */
final class DeviceRadixSort implements AutoCloseable {

    private final CudaDevice device;
    private final CudaKernels kernels;
    private final DeviceScan scan;
    private final KernelArgs args = new KernelArgs();
    private final DeviceInts counts;

    DeviceRadixSort(CudaDevice device, CudaKernels kernels, DeviceScan scan) {
        this.device = device;
        this.kernels = kernels;
        this.scan = scan;
        this.counts = device.ints("radix digit counts", 0);
    }

    /**
     * Sorts {@code keys[0, n)} (with {@code vals}) by their low {@code keyBits} bits, using
     * {@code keysTmp}/{@code valsTmp} (at least n each) as the other half of the ping-pong; the
     * result ends in {@code keys}/{@code vals}.
     */
    void sort(DeviceLongs keys, DeviceInts vals, DeviceLongs keysTmp, DeviceInts valsTmp, int n, int keyBits) {
        if (n <= 1) {
            return;
        }
        RadixSortPlan plan = RadixSortPlan.of(n, keyBits);
        counts.ensure(plan.counts());
        LaunchGeometry g = new LaunchGeometry(plan.blocks(), 1, 1, RadixSortPlan.THREADS, 1, 1, 0);
        DeviceLongs kIn = keys, kOut = keysTmp;
        DeviceInts vIn = vals, vOut = valsTmp;
        for (int p = 0; p < plan.passes(); p++) {
            int shift = plan.shift(p);
            kernels.radixHistogram.launch(g, args.clear().ptr(kIn).i32(n).i32(shift).ptr(counts).i32(plan.blocks()));
            scan.exclusive(counts, counts, plan.counts());
            kernels.radixScatter.launch(g, args.clear().ptr(kIn).ptr(vIn).ptr(kOut).ptr(vOut).i32(n).i32(shift)
                    .ptr(counts).i32(plan.blocks()));
            DeviceLongs tk = kIn;
            kIn = kOut;
            kOut = tk;
            DeviceInts tv = vIn;
            vIn = vOut;
            vOut = tv;
        }
        if (kIn != keys) { // odd number of passes: copy the result home
            long s = device.stream().handle();
            CudaCheck.cu(CU.cuMemcpyDtoDAsync(keys.address(), kIn.address(), 8L * n, s), "cuMemcpyDtoDAsync(sorted keys)");
            CudaCheck.cu(CU.cuMemcpyDtoDAsync(vals.address(), vIn.address(), 4L * n, s), "cuMemcpyDtoDAsync(sorted values)");
        }
    }

    @Override
    public void close() {
        counts.close();
        args.close();
    }
}
