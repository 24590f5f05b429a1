package org.splatforge.core.runtime.cuda;

import org.lwjgl.PointerBuffer;
import org.lwjgl.cuda.CU;
import org.lwjgl.system.MemoryStack;

/** A CUDA stream: kernels and copies on it run in order. Owned by its {@link CudaDevice}. */
public final class CudaStream implements AutoCloseable {

    private final long handle;
    private boolean closed;

    CudaStream() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            PointerBuffer p = stack.mallocPointer(1);
            CudaCheck.cu(CU.cuStreamCreate(p, 0), "cuStreamCreate");
            handle = p.get(0);
        }
    }

    public long handle() {
        return handle;
    }

    /** Waits for everything queued on the stream; a kernel's failure surfaces here, named. */
    public void synchronize(String after) {
        CudaCheck.cu(CU.cuStreamSynchronize(handle), "cuStreamSynchronize (after " + after + ")");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CudaCheck.cu(CU.cuStreamDestroy(handle), "cuStreamDestroy");
        }
    }
}
