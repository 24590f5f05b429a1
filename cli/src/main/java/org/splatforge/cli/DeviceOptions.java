package org.splatforge.cli;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.runtime.Devices;
import picocli.CommandLine.Option;

/** Shared {@code --device} and {@code --threads} options (a picocli mixin). */
public final class DeviceOptions {

    @Option(names = "--device", paramLabel = "SPEC", defaultValue = "cpu",
            description = "Where to compute: cpu, cpu:N, cuda, cuda:K or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "CPU threads (0 = all processors; default: ${DEFAULT-VALUE}). Results are deterministic for a fixed seed and thread count.")
    int threads;

    /** Opens the chosen device; the caller closes it. */
    public Device open() {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
        }
        return Devices.open(device, threads);
    }

    /**
     * Opens one of {@code share} devices that run at the same time (batch jobs): each gets
     * {@code --threads} (or all processors) divided by {@code share}, at least one.
     */
    public Device openShare(int share) {
        if (share < 1) {
            throw new IllegalArgumentException("share must be >= 1, got " + share);
        }
        int total = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return Devices.open(device, Math.max(1, total / share));
    }
}
