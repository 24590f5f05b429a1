package org.splatforge.core.io.spz;

import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * The quantized attribute streams of an SPZ file and the conversions to and from a
 * cloud, following the Niantic spz library's {@code packGaussians}/{@code unpackGaussians}
 * (load-spz.cc) so that files agree with it and with splat-transform bit for bit where
 * the library is deterministic:
 * <ul>
 *   <li>positions: 24-bit signed fixed point, {@code round(p * 2^fractionalBits)} (v1: float16)</li>
 *   <li>alphas: {@code round(sigmoid(opacity) * 255)}</li>
 *   <li>colors: {@code round(f_dc * 0.15 * 255 + 127.5)}, i.e. a DC coefficient scaled by 0.15,
 *       not 0.282, so that colours beyond [0,1] survive</li>
 *   <li>scales: {@code round((logScale + 10) * 16)}</li>
 *   <li>rotations: v3+ "smallest three": index of the largest |component| in 2 bits, the
 *       other three as sign + 9-bit magnitude scaled by 1/sqrt(2); v2: x, y, z as
 *       {@code q*127.5 + 127.5} with w made non-negative and recovered on load</li>
 *   <li>sh: {@code round(x*128) + 128}, bucketed to 5 bits for band 1 and 4 bits above
 *       (the library's defaults), coefficient-major with RGB inner</li>
 * </ul>
 * Rounding is half away from zero like C++'s {@code std::round}.
 */
final class SpzPacked {

    static final float COLOR_SCALE = 0.15f;
    static final double SQRT1_2 = Math.sqrt(0.5);
    static final int SH1_BITS = 5;
    static final int SH_REST_BITS = 4;

    final SpzHeader header;
    final byte[] positions;
    final byte[] alphas;
    final byte[] colors;
    final byte[] scales;
    final byte[] rotations;
    final byte[] sh;

    SpzPacked(SpzHeader header) {
        this.header = header;
        int n = (int) header.numPoints();
        positions = new byte[n * header.positionBytes()];
        alphas = new byte[n];
        colors = new byte[n * 3];
        scales = new byte[n * 3];
        rotations = new byte[n * header.rotationBytes()];
        sh = new byte[n * header.shDim() * 3];
    }

    /** Stream s in the v4 order. */
    byte[] stream(int s) {
        return switch (s) {
            case 0 -> positions;
            case 1 -> alphas;
            case 2 -> colors;
            case 3 -> scales;
            case 4 -> rotations;
            default -> sh;
        };
    }

    /** The largest |coordinate| that fits 24-bit fixed point with {@code bits} fraction bits. */
    static double maxCoordinate(int bits) {
        return ((1 << 23) - 1) / (double) (1 << bits);
    }

    // ---- pack --------------------------------------------------------------------------

    /** Quantizes {@code c} (RDF) into RUB streams for SPZ {@code version} (2..4). */
    static SpzPacked pack(GaussianCloud c, int version, int fractionalBits, Device device) {
        SpzHeader h = new SpzHeader(version, c.size(), c.shDegree(), fractionalBits, 0, 0, 0);
        SpzPacked p = new SpzPacked(h);
        device.parallelFor(c.size(), 1 << 14, (start, end, worker) -> p.packRange(c, start, end));
        return p;
    }

    private void packRange(GaussianCloud c, int start, int end) {
        SpzAxes ax = SpzAxes.RUB;
        float[] m = c.means(), s = c.logScales(), o = c.opacityLogits(), shs = c.sh();
        int k = c.shCoeffs(), dim = header.shDim();
        float scale = 1 << header.fractionalBits();
        int sh1Bucket = 1 << (8 - SH1_BITS), restBucket = 1 << (8 - SH_REST_BITS);
        float[] q = new float[4], xyzw = new float[4]; // per range, not per Gaussian
        for (int i = start; i < end; i++) {
            for (int a = 0; a < 3; a++) {
                int fixed = (int) roundHalfAway(ax.position(a) * m[i * 3 + a] * scale);
                positions[i * 9 + a * 3] = (byte) fixed;
                positions[i * 9 + a * 3 + 1] = (byte) (fixed >> 8);
                positions[i * 9 + a * 3 + 2] = (byte) (fixed >> 16);
                scales[i * 3 + a] = toUint8((s[i * 3 + a] + 10f) * 16f);
                colors[i * 3 + a] = toUint8(shs[i * k * 3 + a] * (COLOR_SCALE * 255f) + 0.5f * 255f);
            }
            alphas[i] = toUint8(GaussianCloud.sigmoid(o[i]) * 255f);
            c.normalizedQuat(i, q, 0);
            // to the file's axes, then to SPZ's x, y, z, w order
            float x = q[1] * ax.quat(0), y = q[2] * ax.quat(1), z = q[3] * ax.quat(2), w = q[0];
            if (header.version() >= 3) {
                xyzw[0] = x;
                xyzw[1] = y;
                xyzw[2] = z;
                xyzw[3] = w;
                packSmallestThree(xyzw, rotations, i * 4);
            } else {
                float f = w < 0 ? -127.5f : 127.5f;
                rotations[i * 3] = toUint8(x * f + 127.5f);
                rotations[i * 3 + 1] = toUint8(y * f + 127.5f);
                rotations[i * 3 + 2] = toUint8(z * f + 127.5f);
            }
            for (int j = 1; j <= dim; j++) {
                int bucket = j <= 3 ? sh1Bucket : restBucket;
                float flip = ax.sh(j);
                for (int ch = 0; ch < 3; ch++) {
                    sh[(i * dim + j - 1) * 3 + ch] = quantizeSh(flip * shs[(i * k + j) * 3 + ch], bucket);
                }
            }
        }
    }

    /** Writes the v3 "smallest three" encoding of unit quaternion {@code q} = (x, y, z, w) at {@code out[off..off+4)}, little-endian. */
    static void packSmallestThree(float[] q, byte[] out, int off) {
        int largest = 0;
        for (int i = 1; i < 4; i++) {
            if (Math.abs(q[i]) > Math.abs(q[largest])) {
                largest = i;
            }
        }
        boolean negate = q[largest] < 0;
        int comp = largest;
        for (int i = 0; i < 4; i++) {
            if (i == largest) {
                continue;
            }
            int negbit = (q[i] < 0) ^ negate ? 1 : 0;
            int mag = (int) (511f * (Math.abs(q[i]) / (float) SQRT1_2) + 0.5f);
            mag = Math.min(mag, 511);
            comp = (comp << 10) | (negbit << 9) | mag;
        }
        out[off] = (byte) comp;
        out[off + 1] = (byte) (comp >>> 8);
        out[off + 2] = (byte) (comp >>> 16);
        out[off + 3] = (byte) (comp >>> 24);
    }

    static byte toUint8(float x) {
        float r = (float) roundHalfAway(x);
        return (byte) (r < 0 || Float.isNaN(r) ? 0 : r > 255 ? 255 : (int) r);
    }

    static byte quantizeSh(float x, int bucket) {
        int q = (int) roundHalfAway(x * 128f) + 128;
        q = (q + bucket / 2) / bucket * bucket;
        return (byte) Math.max(0, Math.min(255, q));
    }

    static double roundHalfAway(double x) {
        return Math.copySign(Math.floor(Math.abs(x) + 0.5), x);
    }

    // ---- unpack ------------------------------------------------------------------------

    /**
     * Dequantizes into a cloud in RDF. SH bands above 3 (SPZ allows degree 4) are dropped.
     * Alphas 0 and 255 become finite logits (+/-16.1), not the library's +/-infinity.
     */
    GaussianCloud unpack(SpzAxes ax, Device device) {
        int n = (int) header.numPoints();
        int degree = Math.min(3, header.shDegree());
        GaussianCloud c = new GaussianCloud(n, degree);
        c.setSize(n);
        device.parallelFor(n, 1 << 14, (start, end, worker) -> unpackRange(c, ax, start, end));
        return c;
    }

    private void unpackRange(GaussianCloud c, SpzAxes ax, int start, int end) {
        float[] m = c.means(), s = c.logScales(), qs = c.quats(), o = c.opacityLogits(), shs = c.sh();
        int k = c.shCoeffs(), dim = header.shDim();
        float inv = 1f / (1 << header.fractionalBits());
        float[] q = new float[4]; // per range
        for (int i = start; i < end; i++) {
            for (int a = 0; a < 3; a++) {
                float p;
                if (header.version() == 1) {
                    int b = i * 6 + a * 2;
                    p = Float.float16ToFloat((short) ((positions[b] & 0xff) | (positions[b + 1] & 0xff) << 8));
                } else {
                    int b = i * 9 + a * 3;
                    int fixed = (positions[b] & 0xff) | (positions[b + 1] & 0xff) << 8 | positions[b + 2] << 16; // sign-extends
                    p = fixed * inv;
                }
                m[i * 3 + a] = ax.position(a) * p;
                s[i * 3 + a] = (scales[i * 3 + a] & 0xff) / 16f - 10f;
                shs[i * k * 3 + a] = ((colors[i * 3 + a] & 0xff) / 255f - 0.5f) / COLOR_SCALE;
            }
            o[i] = GaussianCloud.logit((alphas[i] & 0xff) / 255f);
            if (header.version() >= 3) {
                unpackSmallestThree(rotations, i * 4, q);
            } else {
                float x = (rotations[i * 3] & 0xff) / 127.5f - 1f;
                float y = (rotations[i * 3 + 1] & 0xff) / 127.5f - 1f;
                float z = (rotations[i * 3 + 2] & 0xff) / 127.5f - 1f;
                q[0] = x;
                q[1] = y;
                q[2] = z;
                q[3] = (float) Math.sqrt(Math.max(0f, 1f - x * x - y * y - z * z));
            }
            qs[i * 4] = q[3];
            qs[i * 4 + 1] = ax.quat(0) * q[0];
            qs[i * 4 + 2] = ax.quat(1) * q[1];
            qs[i * 4 + 3] = ax.quat(2) * q[2];
            for (int j = 1; j < k; j++) {
                float flip = ax.sh(j);
                for (int ch = 0; ch < 3; ch++) {
                    shs[(i * k + j) * 3 + ch] = flip * ((sh[(i * dim + j - 1) * 3 + ch] & 0xff) - 128) / 128f;
                }
            }
        }
    }

    /** Decodes the v3 "smallest three" quaternion at {@code in[off..off+4)} into {@code q} = (x, y, z, w). */
    static void unpackSmallestThree(byte[] in, int off, float[] q) {
        int comp = (in[off] & 0xff) | (in[off + 1] & 0xff) << 8 | (in[off + 2] & 0xff) << 16 | (in[off + 3] & 0xff) << 24;
        int largest = comp >>> 30;
        float sum = 0;
        for (int i = 3; i >= 0; i--) {
            if (i == largest) {
                continue;
            }
            int mag = comp & 511;
            int neg = (comp >>> 9) & 1;
            comp >>>= 10;
            float v = (float) SQRT1_2 * mag / 511f;
            q[i] = neg == 1 ? -v : v;
            sum += q[i] * q[i];
        }
        q[largest] = (float) Math.sqrt(Math.max(0f, 1f - sum));
    }
}
