package org.splatforge.core.runtime.cuda;

import java.lang.foreign.ValueLayout;

/** Device memory of {@code int} elements; see {@link DeviceBuffer}. */
public final class DeviceInts extends DeviceBuffer {

    DeviceInts(CudaDevice device, String label, long count) {
        super(device, label, 4, count);
    }

    /** Copies {@code src[srcOff, srcOff+count)} to elements {@code [dstIndex, dstIndex+count)}. */
    public void upload(int[] src, int srcOff, long dstIndex, int count) {
        uploadArray(src, srcOff, src.length, dstIndex, count, ValueLayout.JAVA_INT);
    }

    /** Copies elements {@code [srcIndex, srcIndex+count)} into {@code dst[dstOff, dstOff+count)}. */
    public void download(long srcIndex, int[] dst, int dstOff, int count) {
        downloadArray(srcIndex, dst, dstOff, dst.length, count, ValueLayout.JAVA_INT);
    }
}
