package org.splatforge.vision.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.splatforge.core.testing.SharedData;
import org.splatforge.vision.quant.integer.IntKernels;
import org.splatforge.vision.quant.integer.IntRowKernels;
import org.splatforge.vision.quant.integer.Requant;

/**
 * The vectorised row steps against the scalar {@link IntKernels} formulas, value by value, with
 * accumulators and residuals at their extremes, shifts across [1, 62] and row lengths off the
 * 8-lane width.
 */
class IntRowKernelsTest {

    @Test
    void rowStepsEqualScalarFormulas() {
        SplittableRandom rnd = new SplittableRandom(SharedData.seed("IntRowKernelsTest", 23));
        for (int n : new int[] {1, 5, 8, 13, 16, 48, 64, 67}) {
            for (int trial = 0; trial < 20; trial++) {
                int[] m = new int[n], s = new int[n];
                int[] acc = new int[n];
                short[] x = new short[n], pos = new short[n];
                long[] bias = new long[n];
                for (int j = 0; j < n; j++) {
                    s[j] = rnd.nextInt(1, 63);
                    m[j] = rnd.nextInt(-(1 << 30), 1 << 30) | (trial == 0 ? 0x40000000 : 0);
                    if (s[j] < 31 && rnd.nextBoolean()) {
                        m[j] >>= 31 - s[j]; // keep the product in range for small shifts
                    }
                    acc[j] = trial == 1 ? (j % 2 == 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE) : rnd.nextInt();
                    x[j] = (short) (trial == 2 ? (j % 2 == 0 ? 32767 : -32767) : rnd.nextInt(-32767, 32768));
                    pos[j] = (short) rnd.nextInt(-32767, 32768);
                    bias[j] = rnd.nextLong(-(1L << 20), 1L << 20);
                }
                Requant rq = new Requant(m, s);
                IntRowKernels.Dyadics d = IntRowKernels.Dyadics.of(rq, n);
                short[] out = new short[n + 3];
                IntRowKernels.requantClamp(acc, 0, n, d, -127, 127, out, 3);
                for (int j = 0; j < n; j++) {
                    assertEquals(IntKernels.clamp(rq.apply(acc[j], j), -127, 127), out[3 + j], "requant n=" + n + " j=" + j);
                }
                int tm = m[0], ts = s[0];
                int[] outI = new int[n];
                IntRowKernels.requantClamp(acc, 0, n, tm, ts, -127, 127, outI, 0);
                short[] outS = new short[n];
                IntRowKernels.requantClamp(acc, 0, n, tm, ts, -32767, 32767, outS, 0);
                for (int j = 0; j < n; j++) {
                    assertEquals(IntKernels.clamp(IntKernels.requant(acc[j], tm, ts), -127, 127), outI[j], "per-tensor j=" + j);
                    assertEquals(IntKernels.clamp(IntKernels.requant(acc[j], tm, ts), -32767, 32767), outS[j], "per-tensor int16 j=" + j);
                }
                int am = rnd.nextInt(1 << 20, 1 << 30), as = rnd.nextInt(20, 40), bm = rnd.nextInt(1 << 20, 1 << 30), bs = rnd.nextInt(20, 40);
                short[] xr = x.clone();
                IntRowKernels.residual(acc, 0, n, d, am, as, bm, bs, xr, 0);
                short[] xe = new short[n];
                IntRowKernels.embed(acc, 0, n, d, pos, 0, xe, 0);
                for (int j = 0; j < n; j++) {
                    long y = IntKernels.clamp(rq.apply(acc[j], j), -32767, 32767);
                    long want = IntKernels.clamp(IntKernels.requant(y, am, as) + IntKernels.requant(x[j], bm, bs), -32767, 32767);
                    assertEquals(want, xr[j], "residual j=" + j);
                    assertEquals(IntKernels.clamp(rq.apply(acc[j], j) + pos[j], -32767, 32767), xe[j], "embed j=" + j);
                }
                // LayerNorm: multipliers as the quantiser makes them (unit * gamma / scale, 31 bits).
                int[] lm = new int[n], ls = new int[n];
                for (int j = 0; j < n; j++) {
                    ls[j] = rnd.nextInt(30, 45);
                    lm[j] = rnd.nextInt(-(1 << 30), 1 << 30);
                }
                byte[] ref = new byte[n];
                IntKernels.layerNorm(x, 0, n, bias, lm, ls, ref, 0);
                short[] got = new short[n + 1];
                IntRowKernels.layerNorm(x, 0, n, bias, IntRowKernels.Dyadics.of(new Requant(lm, ls), n), got, 1);
                for (int j = 0; j < n; j++) {
                    assertEquals(ref[j], got[1 + j], "layerNorm n=" + n + " j=" + j);
                }
            }
        }
    }
}
