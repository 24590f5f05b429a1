package org.splatforge.core.runtime.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.lwjgl.PointerBuffer;
import org.lwjgl.cuda.CU;
import org.lwjgl.system.MemoryStack;

/**
 * Device memory holding elements of one type; subclasses add typed copies to and from Java
 * arrays ({@link DeviceFloats}, {@link DeviceInts}, {@link DeviceLongs}, {@link DeviceDoubles}).
 * A buffer has one owner, who closes it; it grows ({@link #ensure}) by {@link BufferGrowth} and
 * never shrinks. Copies go through the device's pinned staging buffer on the device's stream and
 * wait for completion, so a Java array may be reused as soon as a copy returns.
 */
public abstract sealed class DeviceBuffer implements AutoCloseable
        permits DeviceFloats, DeviceInts, DeviceLongs, DeviceDoubles {

    protected final CudaDevice device;
    private final String label;
    private final int elementBytes;
    private long address;
    private long capacity;

    DeviceBuffer(CudaDevice device, String label, int elementBytes, long count) {
        this.device = device;
        this.label = label;
        this.elementBytes = elementBytes;
        if (count > 0) {
            allocate(count);
        }
    }

    /** Device address of element 0 (0 while the buffer is empty). */
    public long address() {
        if (address == 0 && capacity > 0) {
            throw new IllegalStateException(label + " is closed");
        }
        return address;
    }

    /** Device address of element {@code index}. */
    public long address(long index) {
        return address() + index * elementBytes;
    }

    /** Elements the buffer holds. */
    public long capacity() {
        return capacity;
    }

    public String label() {
        return label;
    }

    public int elementBytes() {
        return elementBytes;
    }

    /**
     * Makes room for {@code count} elements. Returns true when the buffer was reallocated, in
     * which case its contents are gone (callers rewrite them).
     */
    public boolean ensure(long count) {
        long c = BufferGrowth.capacity(capacity, count);
        if (c == capacity) {
            return false;
        }
        free();
        allocate(c);
        return true;
    }

    private void allocate(long count) {
        long bytes = BufferGrowth.bytes(count, elementBytes, label);
        device.makeCurrent();
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            CudaCheck.cu(CU.cuMemAlloc(p, bytes), "cuMemAlloc(" + label + ", " + bytes + " bytes)");
            address = p.get(0);
            capacity = count;
        }
    }

    /** Sets elements [0, count) to zero bits, asynchronously on the device's stream. */
    public void clear(long count) {
        if (count <= 0) {
            return;
        }
        checkRange(0, count);
        CudaCheck.cu(CU.cuMemsetD8Async(address, (byte) 0, count * elementBytes, device.stream().handle()),
                "cuMemsetD8Async(" + label + ", " + count * elementBytes + " bytes)");
    }

    void checkRange(long index, long count) {
        if (index < 0 || count < 0 || index + count > capacity) {
            throw new IndexOutOfBoundsException(label + ": elements [" + index + ", " + (index + count)
                    + ") outside its " + capacity);
        }
    }

    /** Copies {@code bytes} from pinned staging to the device at element {@code index}, then waits. */
    void fromStaging(long index, long bytes) {
        CudaCheck.cu(CU.ncuMemcpyHtoDAsync(address + index * elementBytes, device.staging().address(), bytes,
                device.stream().handle()), "cuMemcpyHtoDAsync(" + label + ", " + bytes + " bytes)");
        device.stream().synchronize("upload to " + label);
    }

    /** Copies {@code bytes} from element {@code index} into pinned staging, then waits. */
    void toStaging(long index, long bytes) {
        CudaCheck.cu(CU.ncuMemcpyDtoHAsync(device.staging().address(), address + index * elementBytes, bytes,
                device.stream().handle()), "cuMemcpyDtoHAsync(" + label + ", " + bytes + " bytes)");
        device.stream().synchronize("download from " + label);
    }

    /**
     * Copies {@code count} elements of a Java primitive array ({@code layout} its element type)
     * from {@code srcOff} to elements {@code [dstIndex, dstIndex+count)}, chunk by chunk.
     */
    void uploadArray(Object src, int srcOff, int srcLength, long dstIndex, int count, ValueLayout layout) {
        checkRange(dstIndex, count);
        java.util.Objects.checkFromIndexSize(srcOff, count, srcLength);
        device.makeCurrent();
        int chunk = HostStaging.CHUNK_BYTES / elementBytes;
        for (int done = 0; done < count; ) {
            int n = Math.min(chunk, count - done);
            MemorySegment.copy(src, srcOff + done, device.staging().segment(), layout, 0, n);
            fromStaging(dstIndex + done, (long) n * elementBytes);
            done += n;
        }
    }

    /** Copies elements {@code [srcIndex, srcIndex+count)} into a Java primitive array at {@code dstOff}. */
    void downloadArray(long srcIndex, Object dst, int dstOff, int dstLength, int count, ValueLayout layout) {
        checkRange(srcIndex, count);
        java.util.Objects.checkFromIndexSize(dstOff, count, dstLength);
        device.makeCurrent();
        int chunk = HostStaging.CHUNK_BYTES / elementBytes;
        for (int done = 0; done < count; ) {
            int n = Math.min(chunk, count - done);
            toStaging(srcIndex + done, (long) n * elementBytes);
            MemorySegment.copy(device.staging().segment(), layout, 0, dst, dstOff + done, n);
            done += n;
        }
    }

    private void free() {
        if (address != 0) {
            device.makeCurrent();
            long a = address;
            address = 0;
            capacity = 0;
            CudaCheck.cu(CU.cuMemFree(a), "cuMemFree(" + label + ")");
        }
    }

    @Override
    public void close() {
        free();
    }
}
