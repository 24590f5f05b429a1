package org.splatforge.core.data;

import java.io.IOException;
import org.splatforge.core.image.LabelImage;
import org.splatforge.core.image.PackedImage;

/**
 * Where a view's pixels come from: held in memory, or decoded (and undistorted, resized)
 * again on every call. Both give the image at the view camera's resolution.
 */
interface PixelSource {

    PackedImage image() throws IOException;

    /** Class labels at the view's resolution, or null. */
    LabelImage labels() throws IOException;

    /** Heap bytes this source keeps alive (0 for a lazy source). */
    long retainedBytes();

    /** Pixels already in memory. */
    record InMemory(PackedImage image, LabelImage labels) implements PixelSource {
        @Override
        public long retainedBytes() {
            return image.sizeBytes() + (labels == null ? 0 : labels.sizeBytes());
        }
    }
}
