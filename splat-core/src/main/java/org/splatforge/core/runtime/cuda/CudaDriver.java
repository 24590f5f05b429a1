package org.splatforge.core.runtime.cuda;

import java.nio.IntBuffer;
import org.lwjgl.cuda.CU;
import org.lwjgl.cuda.NVRTC;
import org.lwjgl.system.MemoryStack;

/**
 * Loads and initialises the CUDA driver once per process, and says precisely why not when it
 * cannot: no driver library, {@code cuInit} failing (with its code and name), or no device.
 * Never throws from {@link #probe()}: the answer is cached, so asking is cheap.
 */
public final class CudaDriver {

    /** What the probe found: a reason (null when usable), the driver version and the device count. */
    public record Probe(String unavailableReason, int driverVersion, int deviceCount) {
        public boolean available() {
            return unavailableReason == null;
        }

        /** "13.0" from 13000. */
        public String driverVersionText() {
            return driverVersion / 1000 + "." + (driverVersion % 1000) / 10;
        }
    }

    private static volatile Probe probe;
    private static volatile boolean loaded;
    private static volatile String nvrtcReason;
    private static volatile boolean nvrtcChecked;

    private CudaDriver() {
    }

    /** Loads libcuda, runs {@code cuInit(0)} and counts devices, once. */
    public static Probe probe() {
        Probe p = probe;
        if (p == null) {
            synchronized (CudaDriver.class) {
                p = probe;
                if (p == null) {
                    p = doProbe();
                    probe = p;
                }
            }
        }
        return p;
    }

    /** Whether libcuda is loaded (its functions may be called). */
    static boolean loaded() {
        return loaded;
    }

    private static Probe doProbe() {
        try {
            CudaLibraries.configureLwjgl();
        } catch (RuntimeException | LinkageError e) {
            return new Probe("could not configure LWJGL's CUDA bindings: " + e, 0, 0);
        }
        if (org.lwjgl.system.Configuration.CUDA_LIBRARY_NAME.get() == null
                && CudaLibraries.findDriver(System.getenv(), CudaLibraries.DRIVER_DIRS) == null
                && !CudaLibraries.inLinkerCache(java.nio.file.Path.of("/etc/ld.so.cache"), "libcuda.so")
                && !CudaLibraries.inLinkerCache(java.nio.file.Path.of("/etc/ld.so.cache"), "libcuda.so.1")) {
            // Say so without asking LWJGL, whose failed load prints a generic banner on stderr.
            return new Probe("no CUDA driver library: libcuda.so / libcuda.so.1 is not in LD_LIBRARY_PATH, "
                    + String.join(", ", CudaLibraries.DRIVER_DIRS.subList(0, 3)) + " or the linker cache;"
                    + " install the NVIDIA driver", 0, 0);
        }
        try {
            CU.getLibrary(); // class init loads libcuda (and LWJGL's own natives)
        } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError
            return new Probe("no CUDA driver library (libcuda.so / libcuda.so.1) could be loaded: " + rootMessage(t)
                    + "; install the NVIDIA driver", 0, 0);
        }
        loaded = true;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            int r = CU.cuInit(0);
            if (r != 0) {
                return new Probe("cuInit failed: " + CudaCheck.cuName(r) + " (" + r + ")" + describe(r), 0, 0);
            }
            IntBuffer v = stack.mallocInt(1);
            r = CU.cuDriverGetVersion(v);
            int version = r == 0 ? v.get(0) : 0;
            IntBuffer n = stack.mallocInt(1);
            r = CU.cuDeviceGetCount(n);
            if (r != 0) {
                return new Probe("cuDeviceGetCount failed: " + CudaCheck.cuName(r) + " (" + r + ")" + describe(r),
                        version, 0);
            }
            if (n.get(0) == 0) {
                return new Probe("the CUDA driver found no device (cuDeviceGetCount = 0)", version, 0);
            }
            return new Probe(null, version, n.get(0));
        } catch (Throwable t) {
            return new Probe("CUDA driver initialisation failed: " + rootMessage(t), 0, 0);
        }
    }

    private static String describe(int code) {
        String d = CudaCheck.driverDescription(code);
        return d == null ? "" : ": " + d;
    }

    /**
     * Why run-time compilation (NVRTC) is unavailable, or null when libnvrtc loads. Checked once;
     * needs no GPU.
     */
    public static String nvrtcUnavailableReason() {
        if (!nvrtcChecked) {
            synchronized (CudaDriver.class) {
                if (!nvrtcChecked) {
                    try {
                        CudaLibraries.configureLwjgl();
                        NVRTC.getLibrary();
                        nvrtcReason = null;
                    } catch (Throwable t) {
                        nvrtcReason = "NVRTC (libnvrtc.so) could not be loaded: " + rootMessage(t)
                                + "; install the CUDA toolkit's NVRTC or set CUDA_HOME";
                    }
                    nvrtcChecked = true;
                }
            }
        }
        return nvrtcReason;
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
