package org.splatforge.vision.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;
import org.splatforge.vision.model.VitWeights;

/**
 * The hand-written backward pass against central finite differences of the loss, for
 * parameters of every op (patch embedding, tokens, both LayerNorms, qkv, attention
 * projection, MLP, final norm, head). Uses a tiny model with larger-than-init weights so
 * every path carries signal.
 */
class GradientCheckTest {

    static ImageSet randomImages(SplittableRandom rnd, int n, int ch, int size, int classes) {
        byte[] px = new byte[n * ch * size * size];
        byte[] lab = new byte[n];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) rnd.nextInt(256);
        }
        for (int i = 0; i < n; i++) {
            lab[i] = (byte) rnd.nextInt(classes);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add("c" + i);
        }
        return new ImageSet(n, ch, size, px, lab, names);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        long seed = SharedData.seed("GradientCheckTest", 7);
        SplittableRandom rnd = new SplittableRandom(seed);
        VitConfig c = new VitConfig(8, 2, 4, 8, 2, 2, 12, 3, new float[] {0.5f, 0.4f}, new float[] {0.25f, 0.3f}, 1e-6f);
        VitWeights w = VitWeights.init(c, seed);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] += (float) (rnd.nextGaussian() * 0.3); // leave init's near-zero regime
        }
        ImageSet set = randomImages(rnd, 3, 2, 8, 3);
        int[] idx = {0, 1, 2};
        try (CpuDevice dev = new CpuDevice(2)) {
            VitTrainer tr = new VitTrainer(w, dev, 3);
            float[] grad = new float[w.data.length];
            tr.lossAndGradient(set, idx, 0.1f, grad);
            VitLayout lay = w.layout;
            int checked = 0, bad = 0;
            StringBuilder report = new StringBuilder();
            for (VitLayout.Tensor t : lay.tensors()) {
                for (int probe = 0; probe < Math.min(6, t.size()); probe++) {
                    int i = t.offset() + rnd.nextInt(t.size());
                    float old = w.data[i];
                    float h = 1e-2f * Math.max(1f, Math.abs(old));
                    w.data[i] = old + h;
                    double lp = tr.lossAndGradient(set, idx, 0.1f, new float[grad.length]);
                    w.data[i] = old - h;
                    double lm = tr.lossAndGradient(set, idx, 0.1f, new float[grad.length]);
                    w.data[i] = old;
                    double fd = (lp - lm) / (2 * h);
                    double err = Math.abs(fd - grad[i]);
                    checked++;
                    if (err > 2e-3 + 3e-2 * Math.abs(fd)) {
                        bad++;
                        report.append(String.format("%s: analytic %.6g, finite diff %.6g%n", w.nameOf(i), grad[i], fd));
                    }
                }
            }
            System.out.println("gradient check: " + checked + " parameters, " + bad + " off");
            assertTrue(bad == 0, report.toString());
        }
    }
}
