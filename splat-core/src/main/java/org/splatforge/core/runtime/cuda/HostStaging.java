package org.splatforge.core.runtime.cuda;

import java.lang.foreign.MemorySegment;
import org.lwjgl.PointerBuffer;
import org.lwjgl.cuda.CU;
import org.lwjgl.system.MemoryStack;

/**
 * Page-locked host memory through which Java arrays travel to and from the device, in chunks of
 * at most {@link #CHUNK_BYTES} (so a 200 MB parameter upload needs no 200 MB pinned buffer).
 * Pinned memory is what lets the DMA engine copy at full PCIe speed. Owned by its
 * {@link CudaDevice}.
 */
final class HostStaging implements AutoCloseable {

    /** Size of the pinned buffer; copies are split into pieces this large. */
    static final int CHUNK_BYTES = 16 << 20;

    private final long address;
    private final MemorySegment segment;
    private boolean closed;

    HostStaging() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            CudaCheck.cu(CU.cuMemAllocHost(p, CHUNK_BYTES), "cuMemAllocHost(" + CHUNK_BYTES + " bytes)");
            address = p.get(0);
        }
        segment = MemorySegment.ofAddress(address).reinterpret(CHUNK_BYTES);
    }

    /** The pinned buffer as a memory segment (native byte order for the JAVA_* layouts). */
    MemorySegment segment() {
        return segment;
    }

    long address() {
        return address;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CudaCheck.cu(CU.ncuMemFreeHost(address), "cuMemFreeHost");
        }
    }
}
