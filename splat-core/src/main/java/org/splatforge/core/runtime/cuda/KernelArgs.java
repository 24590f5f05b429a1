package org.splatforge.core.runtime.cuda;

import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryUtil;

/**
 * The {@code void** kernelParams} of {@code cuLaunchKernel}: one 8-byte slot per argument in
 * off-heap memory, and an array of pointers to the slots. Reused across launches
 * ({@link #clear()}), so launching allocates nothing. Arguments are appended in the kernel's
 * parameter order; each must have the C type the kernel declares (a device pointer is 8 bytes,
 * {@code int}/{@code unsigned int}/{@code float} 4, {@code double} 8).
 *
 * <p>Native memory: owned by this object; {@link #close()} frees it. Not thread-safe.
 */
public final class KernelArgs implements AutoCloseable {

    /** Most arguments one kernel takes. */
    public static final int MAX_ARGS = 48;

    private final long slots;
    private final PointerBuffer pointers;
    private int count;

    public KernelArgs() {
        slots = MemoryUtil.nmemCallocChecked(MAX_ARGS, 8);
        pointers = MemoryUtil.memAllocPointer(MAX_ARGS);
    }

    /** Forgets the arguments (keeps the memory). */
    public KernelArgs clear() {
        count = 0;
        return this;
    }

    private long next() {
        if (count == MAX_ARGS) {
            throw new IllegalStateException("more than " + MAX_ARGS + " kernel arguments");
        }
        long a = slots + 8L * count;
        MemoryUtil.memPutLong(a, 0L);
        pointers.limit(MAX_ARGS); // pointers() narrowed it for the last launch
        pointers.put(count, a);
        count++;
        return a;
    }

    /** A device pointer (the buffer's address; 0 for a C null pointer). */
    public KernelArgs ptr(long devicePointer) {
        MemoryUtil.memPutLong(next(), devicePointer);
        return this;
    }

    /** A device buffer's address, or a null pointer when {@code b} is null. */
    public KernelArgs ptr(DeviceBuffer b) {
        return ptr(b == null ? 0L : b.address());
    }

    /** A C {@code int} or {@code unsigned int}. */
    public KernelArgs i32(int v) {
        MemoryUtil.memPutInt(next(), v);
        return this;
    }

    public KernelArgs f32(float v) {
        MemoryUtil.memPutFloat(next(), v);
        return this;
    }

    public KernelArgs f64(double v) {
        MemoryUtil.memPutDouble(next(), v);
        return this;
    }

    public int count() {
        return count;
    }

    /** The pointer array, positioned at 0 with {@link #count()} entries, for {@code cuLaunchKernel}. */
    public PointerBuffer pointers() {
        pointers.position(0).limit(Math.max(1, count));
        return pointers;
    }

    /** Address of argument {@code i}'s slot (for tests and debugging). */
    public long slot(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("argument " + i + " of " + count);
        }
        return slots + 8L * i;
    }

    @Override
    public void close() {
        MemoryUtil.nmemFree(slots);
        MemoryUtil.memFree(pointers);
    }
}
