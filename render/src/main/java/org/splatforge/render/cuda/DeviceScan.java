package org.splatforge.render.cuda;

import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.DeviceInts;
import org.splatforge.core.runtime.cuda.KernelArgs;
import org.splatforge.core.runtime.cuda.LaunchGeometry;

/**
 * Exclusive prefix sum of unsigned 32-bit values on the device (scan.cu), in the levels of
 * {@link ScanPlan}. Owns the per-level block-sum scratch. Not thread-safe.
 */
final class DeviceScan implements AutoCloseable {

    private final CudaDevice device;
    private final CudaKernels kernels;
    private final KernelArgs args = new KernelArgs();
    private final List<DeviceInts> sums = new ArrayList<>();

    DeviceScan(CudaDevice device, CudaKernels kernels) {
        this.device = device;
        this.kernels = kernels;
    }

    /** {@code out[i] = in[0] + ... + in[i-1]} for i in [0, n); {@code in} and {@code out} may be the same buffer. */
    void exclusive(DeviceInts in, DeviceInts out, int n) {
        if (n == 0) {
            return;
        }
        scanLevel(in.address(), out.address(), n, 0);
    }

    private void scanLevel(long in, long out, int n, int level) {
        int blocks = ScanPlan.blocks(n);
        while (sums.size() <= level) {
            sums.add(device.ints("scan block sums L" + sums.size(), 0));
        }
        DeviceInts s = sums.get(level);
        s.ensure(blocks);
        kernels.scanBlocks.launch(new LaunchGeometry(blocks, 1, 1, ScanPlan.THREADS, 1, 1, 0),
                args.clear().ptr(in).ptr(out).ptr(s).i32(n));
        if (blocks > 1) {
            scanLevel(s.address(), s.address(), blocks, level + 1);
            kernels.scanAdd.launch(new LaunchGeometry(blocks, 1, 1, ScanPlan.THREADS, 1, 1, 0),
                    args.clear().ptr(out).ptr(s).i32(n));
        }
    }

    @Override
    public void close() {
        for (DeviceInts s : sums) {
            s.close();
        }
        sums.clear();
        args.close();
    }
}
