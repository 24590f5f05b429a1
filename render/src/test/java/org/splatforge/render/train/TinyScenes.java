package org.splatforge.render.train;

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

/**
 * Small scenes for training tests: a hidden Gaussian cloud rendered by the real rasterizer
 * from cameras on a sphere gives the ground-truth images (with alpha, so any background can
 * be composited); training starts from random points in the same box.
 */
public final class TinyScenes {

    private TinyScenes() {
    }

    /** An in-memory view: premultiplied RGB and alpha (also used by the dynamic tests). */
    public record MemoryView(Camera camera, String name, float[] rgb, float[] alpha) implements TrainingView {
        @Override
        public void image(float[] background, float[] dst, int off) {
            int n = camera.width() * camera.height();
            for (int p = 0; p < n; p++) {
                float t = 1 - alpha[p];
                for (int c = 0; c < 3; c++) {
                    dst[off + p * 3 + c] = rgb[p * 3 + c] + t * background[c];
                }
            }
        }
    }

    /**
     * @param gaussians hidden Gaussians in [-0.6, 0.6]^3
     * @param size      image side in pixels
     * @param train     training views, {@code test} test views (interleaved on the same orbit)
     * @param points    random initial points
     */
    public static TrainingScene scene(long seed, int gaussians, int size, int train, int test, int points, Device device) {
        Random r = new Random(seed);
        GaussianCloud truth = GaussianCloud.create(gaussians, 0);
        for (int i = 0; i < gaussians; i++) {
            for (int a = 0; a < 3; a++) {
                truth.means()[i * 3 + a] = (float) (r.nextDouble() * 1.2 - 0.6);
                truth.logScales()[i * 3 + a] = (float) Math.log(0.06 + 0.1 * r.nextDouble());
                truth.sh()[i * 3 + a] = (float) ((r.nextDouble() - 0.5) / GaussianInit.SH_C0);
            }
            for (int a = 0; a < 4; a++) {
                truth.quats()[i * 4 + a] = (float) r.nextGaussian();
            }
            truth.opacityLogits()[i] = (float) (1 + 2 * r.nextDouble());
        }
        List<TrainingView> tr = new ArrayList<>(), te = new ArrayList<>();
        try (Rasterizer rast = Rasterizers.create(device)) {
            RasterFrame f = new RasterFrame();
            int total = train + test;
            for (int v = 0; v < total; v++) {
                double az = 2 * Math.PI * v / total + 0.3, el = 0.35 * Math.sin(3.0 * v);
                double[] eye = {3 * Math.cos(el) * Math.cos(az), 3 * Math.sin(el), 3 * Math.cos(el) * Math.sin(az)};
                Camera cam = Camera.lookAt(eye, new double[3], new double[] {0, -1, 0}, size, size, 0.7);
                f = rast.forward(truth, cam, RasterSettings.defaults(), f);
                int n = size * size;
                MemoryView mv = new MemoryView(cam, (v % (total / Math.max(1, test)) == 0 && te.size() < test ? "test/" : "train/") + v,
                        java.util.Arrays.copyOf(f.image(), n * 3), java.util.Arrays.copyOf(f.alpha(), n));
                if (mv.name().startsWith("test/")) {
                    te.add(mv);
                } else {
                    tr.add(mv);
                }
            }
        }
        float[] pos = new float[points * 3], col = new float[points * 3];
        for (int i = 0; i < points * 3; i++) {
            pos[i] = (float) (r.nextDouble() * 1.4 - 0.7);
            col[i] = (float) r.nextDouble();
        }
        return new TrainingScene("tiny-" + seed, tr, te, pos, col, 3.0, new float[] {0, 0, 0});
    }
}
