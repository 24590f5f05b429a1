package org.splatforge.render.dynamic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.render.raster.RasterFrame;
import org.splatforge.render.raster.RasterSettings;
import org.splatforge.render.raster.Rasterizer;
import org.splatforge.render.raster.Rasterizers;
import org.splatforge.render.train.TinyScenes.MemoryView;
import org.splatforge.render.train.TrainingScene;
import org.splatforge.render.train.TrainingView;

/**
 * A monocular D-NeRF-like scene for tests: a hidden cloud whose second half slides along x
 * and y with time ({@code +0.45 t} and {@code -0.3 t}), seen by one camera per frame on an
 * orbit, frame k at time k/(frames-1); every {@code frames/test}-th frame is a test view.
 */
final class TinyDynamicScene {

    private TinyDynamicScene() {
    }

    static GaussianCloud truthAt(GaussianCloud base, double t) {
        GaussianCloud c = base.copy();
        for (int i = c.size() / 2; i < c.size(); i++) {
            c.means()[i * 3] += (float) (0.45 * t);
            c.means()[i * 3 + 1] -= (float) (0.3 * t);
        }
        return c;
    }

    static TrainingScene scene(long seed, int gaussians, int size, int frames, int test, int points, Device device) {
        Random r = new Random(seed);
        GaussianCloud truth = GaussianCloud.create(gaussians, 0);
        for (int i = 0; i < gaussians; i++) {
            for (int a = 0; a < 3; a++) {
                truth.means()[i * 3 + a] = (float) (r.nextDouble() * 1.0 - 0.5);
                truth.logScales()[i * 3 + a] = (float) Math.log(0.06 + 0.08 * r.nextDouble());
                truth.sh()[i * 3 + a] = (float) ((r.nextDouble() - 0.5) / 0.28209479177387814);
            }
            truth.quats()[i * 4] = 1;
            truth.opacityLogits()[i] = (float) (1 + 2 * r.nextDouble());
        }
        List<TrainingView> tr = new ArrayList<>(), te = new ArrayList<>();
        int every = Math.max(1, frames / Math.max(1, test));
        try (Rasterizer rast = Rasterizers.create(device)) {
            RasterFrame f = new RasterFrame();
            for (int v = 0; v < frames; v++) {
                double time = (double) v / (frames - 1);
                double az = 1.2 * Math.PI * v / frames, el = 0.3 * Math.sin(2.0 * v);
                double[] eye = {3 * Math.cos(el) * Math.cos(az), 3 * Math.sin(el), 3 * Math.cos(el) * Math.sin(az)};
                Camera cam = Camera.lookAt(eye, new double[3], new double[] {0, -1, 0}, size, size, 0.7).withTime(time);
                f = rast.forward(truthAt(truth, time), cam, RasterSettings.defaults(), f);
                int n = size * size;
                boolean isTest = test > 0 && v % every == every / 2 && te.size() < test;
                MemoryView mv = new MemoryView(cam, (isTest ? "test/" : "train/") + v,
                        java.util.Arrays.copyOf(f.image(), n * 3), java.util.Arrays.copyOf(f.alpha(), n));
                (isTest ? te : tr).add(mv);
            }
        }
        float[] pos = new float[points * 3], col = new float[points * 3];
        for (int i = 0; i < points * 3; i++) {
            pos[i] = (float) (r.nextDouble() * 1.4 - 0.7);
            col[i] = (float) r.nextDouble();
        }
        return new TrainingScene("tiny-dynamic-" + seed, tr, te, pos, col, 3.0, new float[] {0, 0, 0});
    }
}
