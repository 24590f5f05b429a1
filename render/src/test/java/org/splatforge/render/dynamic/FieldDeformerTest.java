package org.splatforge.render.dynamic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.optim.CloudGradients;
import org.splatforge.render.optim.TrainableCloud;
import org.splatforge.render.train.TrainConfig;

/** The deformer's chain rule (deformed-cloud gradients to canonical ones) against the reference field. */
class FieldDeformerTest {

    private static final long SEED = 99L;

    @Test
    void coarseStageRendersTheCanonicalCloudAndFineStageDeforms() {
        System.out.println("[seed] FieldDeformerTest = " + SEED);
        Random r = new Random(SEED);
        int n = 53;
        GaussianCloud c = GaussianCloud.create(n, 1);
        for (int i = 0; i < n * 3; i++) {
            c.means()[i] = (float) (r.nextDouble() * 2 - 1);
            c.logScales()[i] = (float) (r.nextDouble() - 3);
        }
        for (int i = 0; i < n * 4; i++) {
            c.quats()[i] = (float) r.nextGaussian();
        }
        TrainConfig cfg = TrainConfig.forIterations(100);
        cfg.dynamic.enabled = true;
        cfg.dynamic.coarseIterations = 10;
        try (Device dev = new CpuDevice(2)) {
            TrainableCloud model = TrainableCloud.of(c, dev);
            FieldDeformer d = new FieldDeformer(cfg, null, model, dev);
            assertSame(c, d.deform(model, 0.3, 10), "coarse stage: canonical cloud");
            // Density control skips screen-size pruning exactly when renders are deformed.
            assertFalse(d.deforms(10));
            assertTrue(d.deforms(11));
            d.deform(model, 0.3, 11);
            DeformationField f = d.field();
            assertNotNull(f);
            Random p = new Random(SEED + 1);
            for (int j = 0; j < f.planes().length; j++) {
                f.planes()[j] = (float) (0.6 + 0.8 * p.nextDouble());
            }
            for (int j = 0; j < f.mlp().length; j++) {
                f.mlp()[j] = (float) (p.nextDouble() - 0.5) * 0.5f;
            }
            float t = 0.3f;
            GaussianCloud def = d.deform(model, t, 11);
            DeformationReference ref = new DeformationReference(f);
            CloudGradients g = new CloudGradients();
            g.reset(n, c.shCoeffs());
            float[] w = FieldFixtures.randomGrad(n * 11, SEED);
            for (int i = 0; i < n; i++) {
                System.arraycopy(w, i * 11, g.means(), i * 3, 3);
                System.arraycopy(w, i * 11 + 3, g.logScales(), i * 3, 3);
                System.arraycopy(w, i * 11 + 6, g.quats(), i * 4, 4);
                g.opacityLogits()[i] = w[i * 11 + 10];
            }
            d.backward(model, g, 11);
            for (int i = 0; i < n; i++) {
                double[] out = ref.forward(c.means()[i * 3], c.means()[i * 3 + 1], c.means()[i * 3 + 2], t);
                for (int a = 0; a < 3; a++) {
                    assertEquals(c.means()[i * 3 + a] + out[a], def.means()[i * 3 + a], 1e-4, "deformed mean");
                }
                assertEquals(c.opacityLogits()[i] + out[10], def.opacityLogits()[i], 1e-4, "deformed opacity");
                double[] dOut = new double[11];
                for (int k = 0; k < 11; k++) {
                    dOut[k] = w[i * 11 + k];
                }
                double[] dPos = ref.backward(c.means()[i * 3], c.means()[i * 3 + 1], c.means()[i * 3 + 2], t, dOut,
                        new double[f.planes().length], new double[f.mlp().length]);
                for (int a = 0; a < 3; a++) {
                    double want = w[i * 11 + a] + dPos[a];
                    assertEquals(want, g.means()[i * 3 + a], 1e-4 * (1 + Math.abs(want)), "canonical mean grad " + i);
                }
                // additive deltas: the other canonical gradients are the deformed ones
                assertEquals(w[i * 11 + 3], g.logScales()[i * 3], 0f);
                assertEquals(w[i * 11 + 10], g.opacityLogits()[i], 0f);
            }
        }
    }

    @Test
    void stepAppliesTimeSmoothnessOnlyWhenWeighted() {
        for (float w : new float[] {0f, 1e-3f}) {
            GaussianCloud c = GaussianCloud.create(7, 0);
            Random r = new Random(SEED);
            for (int i = 0; i < 7 * 3; i++) {
                c.means()[i] = (float) (r.nextDouble() * 2 - 1);
            }
            TrainConfig cfg = TrainConfig.forIterations(100);
            cfg.dynamic.enabled = true;
            cfg.dynamic.coarseIterations = 10;
            cfg.dynamic.timeSmoothness = w;
            try (Device dev = new CpuDevice(1)) {
                TrainableCloud model = TrainableCloud.of(c, dev);
                FieldDeformer d = new FieldDeformer(cfg, null, model, dev);
                d.deform(model, 0.5, 11);
                DeformationField f = d.field();
                // A spike in the middle row (time) of the scale-0 xt plane; the field's output
                // layer is zero at creation, so the data gradient of every plane entry is zero
                // and only the regulariser can move it.
                HexPlaneLayout lay = f.layout();
                int at = lay.offset(0, 3) + 2 * lay.resA(0, 3) * f.config().features();
                f.planes()[at] = 1.5f;
                CloudGradients g = new CloudGradients();
                g.reset(7, c.shCoeffs());
                d.backward(model, g, 11);
                d.step(11, 1.0);
                if (w == 0) {
                    assertEquals(1.5f, f.planes()[at], 0f, "no regulariser, no data gradient: unchanged");
                } else {
                    assertTrue(f.planes()[at] < 1.49f, "time smoothness pulls the spike down: " + f.planes()[at]);
                }
            }
        }
    }
}
