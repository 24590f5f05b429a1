package org.splatforge.core.scene;

/**
 * One named scalar attribute of a Gaussian, as it appears as a column of the INRIA PLY
 * (and of the Arrow splat table): where it lives in a {@link GaussianCloud}'s arrays.
 *
 * <p>Gaussian {@code i}'s value is {@code field.array(cloud)[i * stride + base]}. For
 * {@code f_rest_j} the PLY's channel-major index j = c*(K-1) + (k-1) maps to the cloud's
 * coefficient-major slot {@code (k*3 + c)} with stride {@code K*3}.
 *
 * @param name   the PLY / column name, e.g. {@code x}, {@code f_rest_7}, {@code rot_0}
 * @param field  which array of the cloud holds it
 * @param base   offset of Gaussian 0's value in that array
 * @param stride distance between consecutive Gaussians' values
 */
public record SplatColumn(String name, Field field, int base, int stride) {

    /** The arrays of a {@link GaussianCloud}. */
    public enum Field {
        /** {@code means: float[N*3]}, world. */
        MEANS,
        /** {@code logScales: float[N*3]}, log of the standard deviation. */
        LOG_SCALES,
        /** {@code quats: float[N*4]}, w x y z. */
        QUATS,
        /** {@code opacityLogits: float[N]}. */
        OPACITY,
        /** {@code sh: float[N*K*3]}, coefficient-major then RGB. */
        SH;

        /** The cloud's array for this field (valid until the cloud reallocates). */
        public float[] array(GaussianCloud c) {
            return switch (this) {
                case MEANS -> c.means();
                case LOG_SCALES -> c.logScales();
                case QUATS -> c.quats();
                case OPACITY -> c.opacityLogits();
                case SH -> c.sh();
            };
        }
    }

    /** Gaussian i's value of this column in {@code cloud}. */
    public float get(GaussianCloud cloud, int i) {
        return field.array(cloud)[i * stride + base];
    }

    /** Sets Gaussian i's value of this column in {@code cloud}. */
    public void set(GaussianCloud cloud, int i, float v) {
        field.array(cloud)[i * stride + base] = v;
    }
}
