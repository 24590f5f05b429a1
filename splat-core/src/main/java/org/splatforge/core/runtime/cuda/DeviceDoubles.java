package org.splatforge.core.runtime.cuda;

import java.lang.foreign.ValueLayout;

/** Device memory of {@code double} elements; see {@link DeviceBuffer}. */
public final class DeviceDoubles extends DeviceBuffer {

    DeviceDoubles(CudaDevice device, String label, long count) {
        super(device, label, 8, count);
    }

    /** Copies {@code src[srcOff, srcOff+count)} to elements {@code [dstIndex, dstIndex+count)}. */
    public void upload(double[] src, int srcOff, long dstIndex, int count) {
        uploadArray(src, srcOff, src.length, dstIndex, count, ValueLayout.JAVA_DOUBLE);
    }

    /** Copies elements {@code [srcIndex, srcIndex+count)} into {@code dst[dstOff, dstOff+count)}. */
    public void download(long srcIndex, double[] dst, int dstOff, int count) {
        downloadArray(srcIndex, dst, dstOff, dst.length, count, ValueLayout.JAVA_DOUBLE);
    }
}
