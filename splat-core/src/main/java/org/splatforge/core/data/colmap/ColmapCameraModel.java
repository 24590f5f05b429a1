package org.splatforge.core.data.colmap;

/**
 * COLMAP's camera models with their ids and parameter lists, as defined in COLMAP's
 * {@code src/colmap/sensor/models.h} (ids are what {@code cameras.bin} stores, names what
 * {@code cameras.txt} stores). {@link #supported()} ones map to a pinhole camera plus OpenCV
 * distortion coefficients; the fisheye and FOV models do not.
 */
public enum ColmapCameraModel {
    SIMPLE_PINHOLE(0, 3, "f, cx, cy"),
    PINHOLE(1, 4, "fx, fy, cx, cy"),
    SIMPLE_RADIAL(2, 4, "f, cx, cy, k"),
    RADIAL(3, 5, "f, cx, cy, k1, k2"),
    OPENCV(4, 8, "fx, fy, cx, cy, k1, k2, p1, p2"),
    OPENCV_FISHEYE(5, 8, "fx, fy, cx, cy, k1, k2, k3, k4"),
    FULL_OPENCV(6, 12, "fx, fy, cx, cy, k1, k2, p1, p2, k3, k4, k5, k6"),
    FOV(7, 5, "fx, fy, cx, cy, omega"),
    SIMPLE_RADIAL_FISHEYE(8, 4, "f, cx, cy, k"),
    RADIAL_FISHEYE(9, 5, "f, cx, cy, k1, k2"),
    THIN_PRISM_FISHEYE(10, 12, "fx, fy, cx, cy, k1, k2, p1, p2, k3, k4, sx1, sy1"),
    RAD_TAN_THIN_PRISM_FISHEYE(11, 16, "fx, fy, cx, cy, k0..k5, p0, p1, s0..s3");

    private final int id;
    private final int numParams;
    private final String params;

    ColmapCameraModel(int id, int numParams, String params) {
        this.id = id;
        this.numParams = numParams;
        this.params = params;
    }

    public int id() {
        return id;
    }

    public int numParams() {
        return numParams;
    }

    /** The parameter names in COLMAP's order. */
    public String paramNames() {
        return params;
    }

    /** Null when no model has this id. */
    public static ColmapCameraModel byId(int id) {
        for (ColmapCameraModel m : values()) {
            if (m.id == id) {
                return m;
            }
        }
        return null;
    }

    /** Null when no model has this name (case-sensitive, as COLMAP writes it). */
    public static ColmapCameraModel byName(String name) {
        for (ColmapCameraModel m : values()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** Whether {@link #pinhole} and {@link #opencvDistortion} can express this model. */
    public boolean supported() {
        return id <= 4 || this == FULL_OPENCV;
    }

    /** The supported model names, for error messages. */
    public static String supportedNames() {
        StringBuilder sb = new StringBuilder();
        for (ColmapCameraModel m : values()) {
            if (m.supported()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(m.name());
            }
        }
        return sb.toString();
    }

    /** {fx, fy, cx, cy} in pixels (COLMAP's convention: pixel centres at +0.5). */
    public double[] pinhole(double[] p) {
        requireSupported();
        return switch (this) {
            case SIMPLE_PINHOLE, SIMPLE_RADIAL, RADIAL -> new double[] {p[0], p[0], p[1], p[2]};
            default -> new double[] {p[0], p[1], p[2], p[3]};
        };
    }

    /**
     * The distortion as OpenCV coefficients (k1, k2, p1, p2 [, k3, k4, k5, k6]), or null for
     * the pinhole models. COLMAP's radial and OpenCV models are OpenCV's model on
     * normalised coordinates, so the coefficients carry over unchanged.
     */
    public double[] opencvDistortion(double[] p) {
        requireSupported();
        return switch (this) {
            case SIMPLE_PINHOLE, PINHOLE -> null;
            case SIMPLE_RADIAL -> new double[] {p[3], 0, 0, 0};
            case RADIAL -> new double[] {p[3], p[4], 0, 0};
            case OPENCV -> new double[] {p[4], p[5], p[6], p[7]};
            case FULL_OPENCV -> new double[] {p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]};
            default -> throw new IllegalStateException(name());
        };
    }

    private void requireSupported() {
        if (!supported()) {
            throw new UnsupportedOperationException("COLMAP camera model " + name() + " is not supported");
        }
    }
}
