package org.splatforge.core.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.DeviceKind;
import org.splatforge.core.runtime.DeviceProvider;
import org.splatforge.core.runtime.DeviceUnavailableException;
import org.splatforge.core.runtime.Devices;

/**
 * The cuda provider through the real ServiceLoader and the real driver probe. On a machine
 * without the NVIDIA driver (the developer and CI machines) the reason must name the missing
 * library, {@code --device cuda} must fail with it, and {@code auto} must fall back to the CPU;
 * on a GPU machine the unavailable-path checks skip and the device opens.
 */
class CudaDeviceProviderTest {

    private static boolean driverAbsent() {
        return CudaLibraries.findDriver(System.getenv(), CudaLibraries.DRIVER_DIRS) == null
                && !CudaLibraries.inLinkerCache(Path.of("/etc/ld.so.cache"), "libcuda.so")
                && !CudaLibraries.inLinkerCache(Path.of("/etc/ld.so.cache"), "libcuda.so.1");
    }

    @Test
    void registeredThroughServiceLoader() {
        DeviceProvider p = Devices.provider(DeviceKind.CUDA);
        assertInstanceOf(CudaDeviceProvider.class, p);
        assertEquals(DeviceKind.CUDA, p.kind());
    }

    @Test
    void reasonNamesTheMissingDriverWithoutThrowing() {
        assumeTrue(driverAbsent(), "this machine has a CUDA driver library: the no-driver reason cannot be observed");
        String why = new CudaDeviceProvider().unavailableReason();
        System.out.println("cuda unavailable here: " + why);
        assertNotNull(why);
        assertTrue(why.contains("libcuda.so") && why.contains("install the NVIDIA driver"), why);
        assertEquals(why, new CudaDeviceProvider().unavailableReason(), "the probe is cached and stable");
    }

    @Test
    void explicitCudaFailsWithTheReasonAndAutoFallsBack() {
        String why = new CudaDeviceProvider().unavailableReason();
        assumeTrue(why != null, "CUDA is available here");
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> Devices.open("cuda", 1));
        assertTrue(e.getMessage().contains(why) && e.getMessage().contains("--device cpu"), e.getMessage());
        assertThrows(DeviceUnavailableException.class, () -> Devices.open("cuda:1", 1));
        try (Device d = Devices.open("auto", 1)) {
            assertInstanceOf(CpuDevice.class, d);
        }
    }

    @Test
    void opensOnAGpuMachine() {
        String why = new CudaDeviceProvider().unavailableReason();
        assumeTrue(why == null, "no GPU: " + why);
        try (Device d = Devices.open("cuda", 2)) {
            assertInstanceOf(CudaDevice.class, d);
            assertEquals("cuda:0", d.name());
            System.out.println(d.describe());
        }
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> Devices.open("cuda:4096", 1));
        assertTrue(e.getMessage().contains("CUDA device"), e.getMessage());
    }
}
