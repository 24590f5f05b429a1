package org.splatforge.core.image;

/**
 * Loads OpenCV's bundled native library (org.openpnp:opencv) once per JVM. Every class that
 * touches {@code org.opencv.*} calls {@link #ensureLoaded()} first; the holder idiom makes
 * the load happen exactly once even when many loader threads race to it.
 */
public final class OpenCvNative {

    private OpenCvNative() {
    }

    private static final class Holder {
        static final String VERSION;

        static {
            nu.pattern.OpenCV.loadLocally();
            VERSION = org.opencv.core.Core.VERSION;
        }
    }

    /** Loads the library if needed; returns OpenCV's version string. */
    public static String ensureLoaded() {
        return Holder.VERSION;
    }
}
