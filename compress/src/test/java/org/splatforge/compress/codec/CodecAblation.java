package org.splatforge.compress.codec;

import java.util.EnumSet;
import java.util.Locale;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.compress.container.ByteWriter;
import org.splatforge.compress.entropy.BitModel;
import org.splatforge.compress.entropy.MixedBitModel;
import org.splatforge.compress.entropy.PredictiveChannelCoder;
import org.splatforge.compress.entropy.RangeEncoder;
import org.splatforge.compress.order.SpaceFillingCurve;
import org.splatforge.compress.sh.ShBand;
import org.splatforge.compress.sh.ShBandMode;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Developer tool (not a test): measures what each modelling choice buys on a synthetic
 * scene, to justify the defaults documented in FORMAT.md. Run from the module with
 * {@code java -cp target/classes:target/test-classes:../splat-core/target/classes
 * org.splatforge.compress.codec.CodecAblation [N]}.
 */
public final class CodecAblation {

    private CodecAblation() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 33_800;
        GaussianCloud cloud = SyntheticCloud.scene(n, 3, 1);
        try (CpuDevice dev = new CpuDevice(2)) {
            SceneCodec codec = new SceneCodec(dev);
            for (Quality q : new Quality[] {Quality.MEDIUM, Quality.SMALL}) {
                CodecOptions base = CodecOptions.preset(q).withPruneFraction(0);
                System.out.println("== " + q + ", " + n + " Gaussians (bytes per Gaussian)");
                for (SpaceFillingCurve c : SpaceFillingCurve.values()) {
                    EncodeResult r = codec.encodeWithStats(cloud, base.withCurve(c));
                    System.out.printf(Locale.ROOT, "curve %-8s total %.3f  POSN %.3f SCAL %.3f ROTN %.3f OPAC %.3f COLR %.3f SHAC %.3f%n",
                            c, per(r.bytes().length, n), per(r.sectionBytes("POSN"), n), per(r.sectionBytes("SCAL"), n),
                            per(r.sectionBytes("ROTN"), n), per(r.sectionBytes("OPAC"), n), per(r.sectionBytes("COLR"), n),
                            per(r.sectionBytes("SHAC"), n));
                }
                EncodeResult r = codec.encodeWithStats(cloud, base);
                CodecPlan plan = r.plan();
                GaussianCloud work = cloud.subset(sortedCopy(r.sourceIndex()));
                QuantizedCloud qc = plan.quantize(work, dev);
                long[] keys = new long[qc.n];
                for (int i = 0; i < qc.n; i++) {
                    keys[i] = plan.grid.curve().key(qc.px[i], qc.py[i], qc.pz[i], plan.grid.bits());
                }
                QuantizedCloud s = qc.permute(org.splatforge.compress.order.SpatialSort.order(keys, qc.n));
                int[] d1 = new int[n], d2 = new int[n];
                for (int i = 0; i < s.n; i++) {
                    d1[i] = s.s0[i] - s.s1[i];
                    d2[i] = s.s1[i] - s.s2[i];
                }
                channel("scale q0", s.s0, s.n);
                channel("scale d1", d1, s.n);
                channel("scale d2", d2, s.n);
                channel("opacity", s.opacity, s.n);
                channel("colour R", s.cr, s.n);
                shFlags(s, plan);
                // Vector quantization forced, against the planner's choice.
                EncodeResult vq = codec.encodeWithStats(cloud, base.withShModes(EnumSet.of(ShBandMode.VECTOR), 0));
                System.out.printf(Locale.ROOT, "SH: planner's choice %.3f B/G; vector forced %.3f B/G (error sh rms in report)%n",
                        per(r.sectionBytes("SHAC"), n), per(vq.sectionBytes("SHAC"), n));
            }
        }
    }

    private static int[] sortedCopy(int[] a) {
        int[] b = a.clone();
        java.util.Arrays.sort(b);
        return b;
    }

    private static double per(long bytes, int n) {
        return (double) bytes / n;
    }

    private static void channel(String name, int[] v, int n) {
        int[][] sets = {{0}, {1}, {2}, {0, 1, 2}, PredictiveChannelCoder.ALL_CONFIGS};
        String[] names = {"none", "prev", "avg2", "best predictor", "+side channel"};
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s", name));
        for (int k = 0; k < sets.length; k++) {
            ByteWriter w = new ByteWriter();
            PredictiveChannelCoder.encode(w, v, 0, n, null, 0, 1, sets[k]);
            sb.append(String.format(Locale.ROOT, "  %s %.3f", names[k], per(w.size(), n)));
        }
        System.out.println(sb);
    }

    /** SH band flags coded three ways: mixing (as in the format), one context, a joint context. */
    private static void shFlags(QuantizedCloud q, CodecPlan plan) {
        for (ShBandPlan b : plan.bands) {
            if (b.mode() != ShBandMode.SCALAR) {
                continue;
            }
            int l = b.band(), dim = ShBand.dim(l);
            RangeEncoder mixed = new RangeEncoder(), single = new RangeEncoder(), joint = new RangeEncoder();
            MixedBitModel mm = new MixedBitModel(new int[] {4, 9, 32}, 2, 3);
            BitModel sm = new BitModel(4), jm = new BitModel(4 * 9 * 32);
            int prev = 0, hist = 0, set = 0;
            int[] ctx = new int[3];
            for (int i = 0; i < q.n; i++) {
                int flag = 0;
                for (int j = 0; j < dim; j++) {
                    flag |= q.sh[l - 1][i * dim + j] != 0 ? 1 : 0;
                }
                int lower = 1;
                if (l > 1 && plan.bands[l - 2].mode() == ShBandMode.SCALAR) {
                    int d = ShBand.dim(l - 1);
                    lower = 0;
                    for (int j = 0; j < d; j++) {
                        lower |= q.sh[l - 2][i * d + j] != 0 ? 1 : 0;
                    }
                }
                ctx[0] = prev * 2 + lower;
                ctx[1] = Integer.bitCount(hist & 0xFF);
                int op = Math.min(3, q.opacity[i] * 4 / plan.opacity.levels());
                int size = (int) Math.max(0, Math.min(7, Math.floor(plan.scale.dequantize(q.s0[i]) + 8)));
                ctx[2] = op * 8 + size;
                mm.encode(mixed, ctx, lower, flag);
                sm.encode(single, ctx[0], flag);
                jm.encode(joint, (ctx[0] * 9 + ctx[1]) * 32 + ctx[2], flag);
                prev = flag;
                hist = (hist << 1) | flag;
                set += flag;
            }
            System.out.printf(Locale.ROOT, "SH band %d flags (%.1f%% set): mixed %d B, one context %d B, joint context %d B%n",
                    l, 100.0 * set / q.n, mixed.finish().length, single.finish().length, joint.finish().length);
        }
    }
}
