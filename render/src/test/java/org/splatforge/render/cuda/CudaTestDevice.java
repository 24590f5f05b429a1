package org.splatforge.render.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.splatforge.core.runtime.cuda.CudaDevice;
import org.splatforge.core.runtime.cuda.CudaDeviceProvider;

/**
 * GPU tests: {@link #openOrNull()} in the class set-up (prints why there is no GPU), and
 * {@link #assumeGpu()} before each test, so every GPU test is reported as skipped with the
 * provider's reason rather than vanishing from the counts.
 */
public final class CudaTestDevice {

    private CudaTestDevice() {
    }

    /** Why there is no usable GPU here, or null. */
    public static String unavailableReason() {
        return new CudaDeviceProvider().unavailableReason();
    }

    /** cuda:0, or null (after printing the reason) when there is no GPU. */
    public static CudaDevice openOrNull() {
        String why = unavailableReason();
        if (why != null) {
            System.out.println("CUDA tests SKIPPED (no GPU): " + why);
            return null;
        }
        CudaDevice d = CudaDevice.open(0, 2);
        System.out.println("CUDA tests on " + d.describe());
        return d;
    }

    /** Skips the calling test with the reason when there is no GPU. */
    public static void assumeGpu() {
        String why = unavailableReason();
        assumeTrue(why == null, () -> "no CUDA GPU here: " + why);
    }
}
