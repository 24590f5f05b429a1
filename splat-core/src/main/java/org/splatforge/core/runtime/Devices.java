package org.splatforge.core.runtime;

import java.util.ServiceLoader;
import org.splatforge.core.util.Log;

/**
 * Opens devices from a user-given spec and logs, in one INFO line, which backend was
 * picked and why (plus a WARN saying how to get a faster one when we fell back).
 *
 * <p>Specs: {@code cpu}, {@code cpu:N} (N threads), {@code cuda}, {@code cuda:K}
 * (device K), {@code auto} (CUDA when available, else CPU).
 */
public final class Devices {

    private Devices() {
    }

    /**
     * @param spec    device spec as above
     * @param threads CPU thread count, or 0 for all processors (for CUDA: the host workers)
     * @throws DeviceUnavailableException when {@code cuda}/{@code cuda:K} was asked for and cannot be
     *         opened here (the message says why: no driver library, no device, init error)
     * @throws IllegalArgumentException for a malformed spec
     */
    public static Device open(String spec, int threads) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        int cpuThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (s.equals("cpu") || s.startsWith("cpu:")) {
            if (s.startsWith("cpu:")) {
                cpuThreads = parseIndex(spec, s.substring(4));
            }
            Device d = new CpuDevice(cpuThreads);
            Log.info("device: %s (asked for %s)", d.describe(), spec);
            return d;
        }
        if (s.equals("cuda") || s.startsWith("cuda:") || s.equals("auto")) {
            int index = s.startsWith("cuda:") ? parseIndex(spec, s.substring(5)) : 0;
            DeviceProvider cuda = provider(DeviceKind.CUDA);
            String why = cuda == null ? "no CUDA backend on the class path" : cuda.unavailableReason();
            if (why == null) {
                Device d = cuda.open(index, threads > 0 ? threads : 0);
                Log.info("device: %s (asked for %s)", d.describe(), spec);
                return d;
            }
            if (!s.equals("auto")) {
                throw new DeviceUnavailableException("--device " + spec + ": CUDA is not available here: " + why
                        + ". Use --device cpu (or auto, which falls back to the CPU).");
            }
            Device d = new CpuDevice(cpuThreads);
            Log.info("device: %s (auto: CUDA unavailable: %s)", d.describe(), why);
            Log.warn("a CUDA GPU with the NVIDIA driver makes training and rendering much faster (--device cuda)");
            return d;
        }
        throw new IllegalArgumentException("unknown device '" + spec + "': expected cpu, cpu:N, cuda, cuda:K or auto");
    }

    /** The provider registered for {@code kind}, or null. */
    public static DeviceProvider provider(DeviceKind kind) {
        for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class)) {
            if (p.kind() == kind) {
                return p;
            }
        }
        return null;
    }

    private static int parseIndex(String spec, String digits) {
        try {
            int v = Integer.parseInt(digits);
            if (v < 0 || v > 4096) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device spec '" + spec + "': '" + digits + "' is not a valid number");
        }
    }
}
