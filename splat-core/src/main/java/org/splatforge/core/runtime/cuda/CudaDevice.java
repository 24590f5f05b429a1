package org.splatforge.core.runtime.cuda;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lwjgl.PointerBuffer;
import org.lwjgl.cuda.CU;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.DeviceKind;
import org.splatforge.core.runtime.DeviceUnavailableException;
import org.splatforge.core.runtime.RangeTask;

/**
 * The {@code cuda} device: one NVIDIA GPU through LWJGL's CUDA driver API bindings. Owns the
 * GPU's primary context, one stream on which every kernel and copy of this device runs in
 * order, a pinned staging buffer for host copies, the loaded modules, and a {@link CpuDevice}
 * for host-side loops ({@link #parallelFor}). Buffers made by {@link #floats} etc. belong to the
 * caller, who closes them before the device.
 *
 * <p>The driver API binds a context to a thread: every entry point here makes the context
 * current first, so the device may be used from any one thread at a time. Not thread-safe.
 */
public final class CudaDevice implements Device {

    private final int ordinal;
    private final int handle;
    private final long context;
    private final String gpuName;
    private final int ccMajor;
    private final int ccMinor;
    private final int multiprocessors;
    private final long totalMemory;
    private final int driverVersion;
    private final CpuDevice host;
    private final CudaStream stream;
    private final HostStaging staging;
    private final Map<String, CudaModule> modules = new LinkedHashMap<>();
    private boolean closed;

    private CudaDevice(int ordinal, int hostThreads) {
        CudaDriver.Probe probe = CudaDriver.probe();
        if (!probe.available()) {
            throw new DeviceUnavailableException("cuda:" + ordinal + ": " + probe.unavailableReason());
        }
        if (ordinal >= probe.deviceCount()) {
            throw new DeviceUnavailableException("cuda:" + ordinal + ": this machine has " + probe.deviceCount()
                    + " CUDA device" + (probe.deviceCount() == 1 ? "" : "s") + " (cuda:0"
                    + (probe.deviceCount() > 1 ? "..cuda:" + (probe.deviceCount() - 1) : "") + ")");
        }
        this.ordinal = ordinal;
        this.driverVersion = probe.driverVersion();
        try (MemoryStack stack = MemoryStack.stackPush()) {
            IntBuffer d = stack.mallocInt(1);
            CudaCheck.cu(CU.cuDeviceGet(d, ordinal), "cuDeviceGet(" + ordinal + ")");
            handle = d.get(0);
            ByteBuffer name = stack.malloc(256);
            CudaCheck.cu(CU.cuDeviceGetName(name, handle), "cuDeviceGetName");
            gpuName = MemoryUtil.memUTF8(MemoryUtil.memAddress(name));
            IntBuffer v = stack.mallocInt(1);
            CudaCheck.cu(CU.cuDeviceGetAttribute(v, 75, handle), "cuDeviceGetAttribute(COMPUTE_CAPABILITY_MAJOR)");
            ccMajor = v.get(0);
            CudaCheck.cu(CU.cuDeviceGetAttribute(v, 76, handle), "cuDeviceGetAttribute(COMPUTE_CAPABILITY_MINOR)");
            ccMinor = v.get(0);
            CudaCheck.cu(CU.cuDeviceGetAttribute(v, 16, handle), "cuDeviceGetAttribute(MULTIPROCESSOR_COUNT)");
            multiprocessors = v.get(0);
            PointerBuffer mem = stack.mallocPointer(1);
            CudaCheck.cu(CU.cuDeviceTotalMem(mem, handle), "cuDeviceTotalMem");
            totalMemory = mem.get(0);
            PointerBuffer ctx = stack.mallocPointer(1);
            CudaCheck.cu(CU.cuDevicePrimaryCtxRetain(ctx, handle), "cuDevicePrimaryCtxRetain(" + ordinal + ")");
            context = ctx.get(0);
        }
        makeCurrent();
        stream = new CudaStream();
        staging = new HostStaging();
        host = new CpuDevice(hostThreads > 0 ? hostThreads : Runtime.getRuntime().availableProcessors());
    }

    /** Opens GPU {@code ordinal}; {@code hostThreads} (0 = all processors) run the host-side loops. */
    public static CudaDevice open(int ordinal, int hostThreads) {
        return new CudaDevice(ordinal, hostThreads);
    }

    /** Binds this device's context to the calling thread (cheap when already bound). */
    public void makeCurrent() {
        if (closed) {
            throw new IllegalStateException(name() + " is closed");
        }
        CudaCheck.cu(CU.cuCtxSetCurrent(context), "cuCtxSetCurrent(" + name() + ")");
    }

    /** The stream every operation of this device is queued on. */
    public CudaStream stream() {
        return stream;
    }

    HostStaging staging() {
        return staging;
    }

    /** Waits for all queued work; a kernel fault surfaces here as a {@link CudaException} naming {@code after}. */
    public void synchronize(String after) {
        makeCurrent();
        stream.synchronize(after);
    }

    public DeviceFloats floats(String label, long count) {
        return new DeviceFloats(this, label, count);
    }

    public DeviceInts ints(String label, long count) {
        return new DeviceInts(this, label, count);
    }

    public DeviceLongs longs(String label, long count) {
        return new DeviceLongs(this, label, count);
    }

    public DeviceDoubles doubles(String label, long count) {
        return new DeviceDoubles(this, label, count);
    }

    /**
     * The module {@code name}, loaded once per device from resources under {@code base} next to
     * {@code anchor} (see {@link ModuleLoader}: packaged PTX, else NVRTC from the packaged source).
     */
    public synchronized CudaModule module(Class<?> anchor, String base, String name, List<String> headers) {
        CudaModule m = modules.get(name);
        if (m == null) {
            m = ModuleLoader.load(this, anchor, base, name, headers);
            modules.put(name, m);
        }
        return m;
    }

    /** Compute capability as major*10 + minor (H100: 90). */
    public int computeCapability() {
        return ccMajor * 10 + ccMinor;
    }

    public String gpuName() {
        return gpuName;
    }

    public long totalMemory() {
        return totalMemory;
    }

    public int multiprocessors() {
        return multiprocessors;
    }

    @Override
    public String name() {
        return "cuda:" + ordinal;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.CUDA;
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "cuda:%d %s (compute %d.%d, %d SMs, %.1f GiB, driver %d.%d), %d host thread%s", ordinal, gpuName,
                ccMajor, ccMinor, multiprocessors, totalMemory / (double) (1L << 30), driverVersion / 1000,
                (driverVersion % 1000) / 10, host.parallelism(), host.parallelism() == 1 ? "" : "s");
    }

    @Override
    public int parallelism() {
        return host.parallelism();
    }

    @Override
    public void parallelFor(int count, int grain, RangeTask task) {
        host.parallelFor(count, grain, task);
    }

    @Override
    public void parallelForStatic(int count, RangeTask task) {
        host.parallelForStatic(count, task);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            makeCurrent();
            for (CudaModule m : modules.values()) {
                m.close();
            }
            modules.clear();
            staging.close();
            stream.close();
        } finally {
            closed = true;
            host.close();
            CudaCheck.cu(CU.cuDevicePrimaryCtxRelease(handle), "cuDevicePrimaryCtxRelease(" + ordinal + ")");
        }
    }
}
