package org.splatforge.core.runtime.cuda;

import java.nio.FloatBuffer;
import org.lwjgl.PointerBuffer;
import org.lwjgl.cuda.CU;
import org.lwjgl.system.MemoryStack;

/** A CUDA event, for timing phases on the GPU's own clock (no host synchronisation between phases). */
public final class CudaEvent implements AutoCloseable {

    private final long handle;
    private boolean closed;

    public CudaEvent(CudaDevice device) {
        device.makeCurrent();
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            CudaCheck.cu(CU.cuEventCreate(p, 0), "cuEventCreate");
            handle = p.get(0);
        }
    }

    /** Records the event on {@code stream}. */
    public void record(CudaStream stream) {
        CudaCheck.cu(CU.cuEventRecord(handle, stream.handle()), "cuEventRecord");
    }

    /** Nanoseconds from {@code start} to this event (both recorded and completed). */
    public long nanosSince(CudaEvent start) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            FloatBuffer ms = stack.mallocFloat(1);
            CudaCheck.cu(CU.cuEventSynchronize(handle), "cuEventSynchronize");
            CudaCheck.cu(CU.cuEventElapsedTime(ms, start.handle, handle), "cuEventElapsedTime");
            return Math.round(ms.get(0) * 1e6);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CudaCheck.cu(CU.cuEventDestroy(handle), "cuEventDestroy");
        }
    }
}
