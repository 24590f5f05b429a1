package org.splatforge.core.runtime.cuda;

import java.lang.foreign.ValueLayout;

/** Device memory of {@code long} elements; see {@link DeviceBuffer}. */
public final class DeviceLongs extends DeviceBuffer {

    DeviceLongs(CudaDevice device, String label, long count) {
        super(device, label, 8, count);
    }

    /** Copies {@code src[srcOff, srcOff+count)} to elements {@code [dstIndex, dstIndex+count)}. */
    public void upload(long[] src, int srcOff, long dstIndex, int count) {
        uploadArray(src, srcOff, src.length, dstIndex, count, ValueLayout.JAVA_LONG);
    }

    /** Copies elements {@code [srcIndex, srcIndex+count)} into {@code dst[dstOff, dstOff+count)}. */
    public void download(long srcIndex, long[] dst, int dstOff, int count) {
        downloadArray(srcIndex, dst, dstOff, dst.length, count, ValueLayout.JAVA_LONG);
    }
}
