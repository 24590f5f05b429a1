package org.splatforge.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.data.colmap.Colmap;
import org.splatforge.core.data.colmap.ColmapModel;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.testing.SharedData;

/**
 * The readers on the real shared datasets (skipped when ../shared is absent). The strongest
 * check: COLMAP's independent reconstruction of tabletop-static agrees with the Blender
 * (NeRF) cameras up to a similarity transform, and COLMAP's points, moved into the NeRF
 * frame, land on the objects in the NeRF training images.
 */
class SharedDatasetsTest {

    private static DatasetOptions opts() {
        return DatasetOptions.defaults().withRandomPoints(1000);
    }

    @Test
    void tabletopStatic() throws IOException {
        Path dir = SharedData.require("datasets/tabletop-static");
        Dataset d = Datasets.load(dir, opts());
        assertEquals(100, d.train().size());
        assertEquals(25, d.test().size());
        assertFalse(d.dynamic());
        assertEquals(List.of("background", "platform", "cube", "sphere", "torus", "cone", "cylinder", "monkey"), d.classNames());
        assertTrue(d.hasLabels());
        View v = d.train().get(0);
        assertEquals(400, v.width());
        assertEquals(0.5 * 400 / Math.tan(0.9500215649604797 / 2), v.camera().fx(), 1e-9);
        assertTrue(v.hasAlpha());
        // Label 0 (background) exactly where alpha is ~0, objects where it is ~1.
        FloatImage a = v.alpha();
        int agree = 0, n = 400 * 400;
        for (int p = 0; p < n; p++) {
            boolean bg = v.labels().get(p) == 0;
            agree += (bg == a.data()[p] < 0.5f) ? 1 : 0;
        }
        assertTrue(agree > 0.99 * n, "labels agree with alpha on " + agree + " of " + n + " pixels");
        Dataset half = Datasets.load(dir, opts().withResolution(2).withSplits(java.util.EnumSet.of(Split.TRAIN)).withMaxViews(10));
        assertEquals(200, half.train().get(0).width());
        assertEquals(v.camera().fx() / 2, half.train().get(0).camera().fx(), 1e-9);
        System.out.printf("[tabletop-static] %s; bounds %s%n", d.describe(), Arrays.toString(d.bounds()));
        // The random-init box holds the platform (radius ~1.9) and the objects (up to z ~1),
        // without the deep space under the platform that only the high views have in frame.
        double[] b = d.bounds();
        assertTrue(b[0] < -1.8 && b[3] > 1.8 && b[1] < -1.8 && b[4] > 1.8 && b[5] > 0.95, Arrays.toString(b));
        assertTrue(b[2] > -1.5 && b[5] < 1.5, Arrays.toString(b));
    }

    @Test
    void tabletopDynamic() throws IOException {
        Path dir = SharedData.require("datasets/tabletop-dynamic");
        Dataset d = Datasets.load(dir, opts().withLabels(false));
        assertTrue(d.dynamic());
        assertEquals(150, d.train().size());
        assertEquals(25, d.test().size());
        for (int i = 0; i < 150; i++) {
            assertEquals(i / 149.0, d.train().get(i).time(), 1e-6, "train frame " + i);
        }
        for (View v : d.test()) {
            assertTrue(v.time() >= 0 && v.time() <= 1);
        }
    }

    @Test
    void tabletopMultiview() throws IOException {
        Path dir = SharedData.require("datasets/tabletop-multiview");
        Dataset d = Datasets.load(dir, opts());
        assertEquals(DatasetFormat.N3V, d.format());
        assertEquals(550, d.train().size());
        assertEquals(50, d.test().size());
        assertTrue(d.test().stream().allMatch(v -> v.name().startsWith("cam00/")));
        assertEquals(49 / 49.0, d.test().get(49).time(), 0);
        assertEquals(10 / 49.0, d.train().get(10).time(), 1e-12);
        // Every camera looks at the table: the world origin is in front, within the stated
        // near/far bounds, and inside the image.
        for (View v : d.all()) {
            Camera c = v.camera();
            assertEquals(320, c.width());
            assertEquals(240, c.height());
            double z = c.view(2, 3);
            double u = c.fx() * c.view(0, 3) / z + c.cx(), w = c.fy() * c.view(1, 3) / z + c.cy();
            assertTrue(z > 0.5 && z < 12 && u > 0 && u < 320 && w > 0 && w < 240, v.name() + " sees the origin at " + u + ", " + w);
        }
        System.out.printf("[tabletop-multiview] %s%n", d.describe());
    }

    @Test
    void tabletopColmapBinaryAndTextAgree() throws IOException {
        Path dir = SharedData.require("datasets/tabletop-colmap");
        ColmapModel bin = Colmap.read(dir.resolve("sparse/0"));
        ColmapModel txt = Colmap.read(dir.resolve("sparse/0_text"));
        assertEquals(97, bin.images().size());
        assertEquals(3112, bin.pointCount());
        assertEquals(bin.cameras().keySet(), txt.cameras().keySet());
        assertArrayEquals(bin.cameras().get(1).params(), txt.cameras().get(1).params(), 1e-9);
        Map<Long, Integer> txtIndex = new HashMap<>();
        for (int i = 0; i < txt.pointCount(); i++) {
            txtIndex.put(txt.pointIds()[i], i);
        }
        for (int i = 0; i < bin.pointCount(); i++) {
            int j = txtIndex.get(bin.pointIds()[i]); // the text file lists points in another order
            for (int k = 0; k < 3; k++) {
                assertEquals(bin.pointPositions()[i * 3 + k], txt.pointPositions()[j * 3 + k], 1e-6f);
                assertEquals(bin.pointColors()[i * 3 + k], txt.pointColors()[j * 3 + k], 0f);
            }
        }
        Dataset db = Datasets.load(dir), dt = Datasets.load(dir, DatasetOptions.defaults().withColmapModel("sparse/0_text"));
        assertEquals(84, db.train().size());
        assertEquals(13, db.test().size());
        assertEquals("r_000", db.test().get(0).name());
        for (int i = 0; i < db.train().size(); i++) {
            assertEquals(db.train().get(i).name(), dt.train().get(i).name());
            assertArrayEquals(db.train().get(i).camera().viewmat(), dt.train().get(i).camera().viewmat(), 1e-9);
        }
    }

    /**
     * COLMAP (its own frame, scale and gauge) vs Blender's cameras (NeRF): fit the similarity
     * that maps COLMAP camera centres onto NeRF ones (Horn 1987, closed form with quaternions),
     * then check the residuals, the camera orientations, and that COLMAP's points projected
     * by the NeRF cameras land where COLMAP's cameras put them and on non-transparent pixels.
     */
    @Test
    void colmapAndNerfReconstructionsAgreeUpToASimilarity() throws IOException {
        Path nerfDir = SharedData.require("datasets/tabletop-static");
        Path colDir = SharedData.require("datasets/tabletop-colmap");
        Dataset nerf = Datasets.load(nerfDir, opts().withLabels(false).withSplits(java.util.EnumSet.of(Split.TRAIN)));
        Dataset col = Datasets.load(colDir, DatasetOptions.defaults().withHoldout(0));
        Map<String, View> byName = new HashMap<>();
        for (View v : nerf.train()) {
            byName.put(v.name().substring("train/".length()), v);
        }
        List<double[]> a = new ArrayList<>(), b = new ArrayList<>();
        List<View[]> pairs = new ArrayList<>();
        for (View c : col.train()) {
            View n = byName.get(c.name());
            if (n != null) {
                a.add(c.camera().center());
                b.add(n.camera().center());
                pairs.add(new View[] {c, n});
            }
        }
        assertEquals(97, pairs.size(), "every registered COLMAP image is a NeRF training image");
        Similarity sim = Similarity.fit(a, b);
        double rms = 0;
        for (int i = 0; i < a.size(); i++) {
            double[] p = sim.apply(a.get(i));
            rms += sq(p[0] - b.get(i)[0]) + sq(p[1] - b.get(i)[1]) + sq(p[2] - b.get(i)[2]);
        }
        rms = Math.sqrt(rms / a.size());
        System.out.printf("[colmap vs nerf] scale %.5f, camera-centre RMS %.5f (scene extent %.3f)%n", sim.s, rms, nerf.extent());
        assertTrue(rms < 0.01 * nerf.extent(), "camera centres agree to 1% of the extent: RMS " + rms);
        // Orientation: R_nerf = R_colmap * R_sim^T for every camera.
        double worstDeg = 0;
        List<Double> degs = new ArrayList<>();
        for (View[] p : pairs) {
            Camera c = p[0].camera(), n = p[1].camera();
            double tr = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double rc = 0;
                    for (int k = 0; k < 3; k++) {
                        rc += c.view(i, k) * sim.r[j][k]; // (R_colmap R_sim^T)(i, j)
                    }
                    tr += rc * n.view(i, j);
                }
            }
            double deg = Math.toDegrees(Math.acos(Math.min(1, (tr - 1) / 2)));
            degs.add(deg);
            worstDeg = Math.max(worstDeg, deg);
        }
        degs.sort(null);
        System.out.printf("[colmap vs nerf] orientation difference: median %.3f deg, worst %.3f deg%n", degs.get(degs.size() / 2), worstDeg);
        // COLMAP's estimate (0.83 px mean reprojection error) measured 0.39 deg median, 1.48 deg worst.
        assertTrue(degs.get(degs.size() / 2) < 0.75, "median orientation difference " + degs.get(degs.size() / 2));
        assertTrue(worstDeg < 3.0, "worst orientation difference " + worstDeg);
        // Points: project by both cameras; compare pixels and check NeRF alpha.
        float[] xyz = col.initialPoints().positions();
        List<Double> errors = new ArrayList<>();
        int onObject = 0, inFrame = 0;
        for (int k = 0; k < pairs.size(); k += 4) {
            Camera c = pairs.get(k)[0].camera(), n = pairs.get(k)[1].camera();
            FloatImage alpha = pairs.get(k)[1].alpha();
            for (int i = 0; i < xyz.length / 3; i++) {
                double[] pc = {xyz[i * 3], xyz[i * 3 + 1], xyz[i * 3 + 2]};
                double[] uc = project(c, pc), un = project(n, sim.apply(pc));
                if (uc == null || un == null || uc[0] < 0 || uc[1] < 0 || uc[0] >= 400 || uc[1] >= 400) {
                    continue;
                }
                errors.add(Math.hypot(uc[0] - un[0], uc[1] - un[1]));
                if (un[0] >= 0 && un[1] >= 0 && un[0] < 400 && un[1] < 400) {
                    inFrame++;
                    onObject += alpha.get((int) un[0], (int) un[1], 0) > 0.5f ? 1 : 0;
                }
            }
        }
        errors.sort(null);
        double median = errors.get(errors.size() / 2);
        System.out.printf("[colmap vs nerf] %d projections: median pixel difference %.3f, 90th %.3f; %d of %d on opaque pixels%n",
                errors.size(), median, errors.get(errors.size() * 9 / 10), onObject, inFrame);
        assertTrue(errors.size() > 10000);
        assertTrue(median < 1.5, "median pixel difference " + median);
        assertTrue(onObject > 0.9 * inFrame, onObject + " of " + inFrame + " projections on opaque pixels");
    }

    private static double sq(double x) {
        return x * x;
    }

    /** Pixel (u, v) of world point p, or null behind the camera. */
    static double[] project(Camera c, double[] p) {
        double x = c.view(0, 0) * p[0] + c.view(0, 1) * p[1] + c.view(0, 2) * p[2] + c.view(0, 3);
        double y = c.view(1, 0) * p[0] + c.view(1, 1) * p[1] + c.view(1, 2) * p[2] + c.view(1, 3);
        double z = c.view(2, 0) * p[0] + c.view(2, 1) * p[1] + c.view(2, 2) * p[2] + c.view(2, 3);
        if (z <= 1e-6) {
            return null;
        }
        return new double[] {c.fx() * x / z + c.cx(), c.fy() * y / z + c.cy()};
    }

    /**
     * b = s R a + t, fitted in least squares: Horn (1987), "Closed-form solution of absolute
     * orientation using unit quaternions": R from the top eigenvector of a 4x4 symmetric
     * matrix (found by Jacobi rotations here), s and t from the centred sums.
     */
    static final class Similarity {
        final double s;
        final double[][] r;
        final double[] t;

        private Similarity(double s, double[][] r, double[] t) {
            this.s = s;
            this.r = r;
            this.t = t;
        }

        double[] apply(double[] p) {
            double[] o = new double[3];
            for (int i = 0; i < 3; i++) {
                o[i] = s * (r[i][0] * p[0] + r[i][1] * p[1] + r[i][2] * p[2]) + t[i];
            }
            return o;
        }

        static Similarity fit(List<double[]> a, List<double[]> b) {
            int n = a.size();
            double[] ma = new double[3], mb = new double[3];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    ma[k] += a.get(i)[k] / n;
                    mb[k] += b.get(i)[k] / n;
                }
            }
            double[][] m = new double[3][3];
            double va = 0;
            for (int i = 0; i < n; i++) {
                for (int x = 0; x < 3; x++) {
                    double ax = a.get(i)[x] - ma[x];
                    va += ax * ax;
                    for (int y = 0; y < 3; y++) {
                        m[x][y] += ax * (b.get(i)[y] - mb[y]);
                    }
                }
            }
            double sxx = m[0][0], sxy = m[0][1], sxz = m[0][2], syx = m[1][0], syy = m[1][1], syz = m[1][2];
            double szx = m[2][0], szy = m[2][1], szz = m[2][2];
            double[][] nm = {
                    {sxx + syy + szz, syz - szy, szx - sxz, sxy - syx},
                    {syz - szy, sxx - syy - szz, sxy + syx, szx + sxz},
                    {szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy},
                    {sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz}};
            double[] q = topEigenvector(nm);
            double w = q[0], x = q[1], y = q[2], z = q[3];
            double[][] r = {
                    {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)},
                    {2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)},
                    {2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)}};
            double dot = 0;
            for (int i = 0; i < n; i++) {
                double[] d = new double[3];
                for (int k = 0; k < 3; k++) {
                    d[k] = a.get(i)[k] - ma[k];
                }
                for (int k = 0; k < 3; k++) {
                    dot += (b.get(i)[k] - mb[k]) * (r[k][0] * d[0] + r[k][1] * d[1] + r[k][2] * d[2]);
                }
            }
            double s = dot / va;
            double[] t = new double[3];
            for (int k = 0; k < 3; k++) {
                t[k] = mb[k] - s * (r[k][0] * ma[0] + r[k][1] * ma[1] + r[k][2] * ma[2]);
            }
            return new Similarity(s, r, t);
        }

        /** Cyclic Jacobi eigenvalue iteration for a symmetric 4x4; returns the unit eigenvector of the largest eigenvalue. */
        private static double[] topEigenvector(double[][] in) {
            double[][] a = new double[4][4], v = new double[4][4];
            for (int i = 0; i < 4; i++) {
                a[i] = in[i].clone();
                v[i][i] = 1;
            }
            for (int sweep = 0; sweep < 100; sweep++) {
                double off = 0;
                for (int p = 0; p < 4; p++) {
                    for (int q = p + 1; q < 4; q++) {
                        off += a[p][q] * a[p][q];
                    }
                }
                if (off < 1e-30) {
                    break;
                }
                for (int p = 0; p < 4; p++) {
                    for (int q = p + 1; q < 4; q++) {
                        if (Math.abs(a[p][q]) < 1e-300) {
                            continue;
                        }
                        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                        if (theta == 0) {
                            t = 1;
                        }
                        double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                        for (int k = 0; k < 4; k++) { // A = J^T A J
                            double akp = a[k][p], akq = a[k][q];
                            a[k][p] = c * akp - s * akq;
                            a[k][q] = s * akp + c * akq;
                        }
                        for (int k = 0; k < 4; k++) {
                            double apk = a[p][k], aqk = a[q][k];
                            a[p][k] = c * apk - s * aqk;
                            a[q][k] = s * apk + c * aqk;
                        }
                        for (int k = 0; k < 4; k++) {
                            double vkp = v[k][p], vkq = v[k][q];
                            v[k][p] = c * vkp - s * vkq;
                            v[k][q] = s * vkp + c * vkq;
                        }
                    }
                }
            }
            int best = 0;
            for (int i = 1; i < 4; i++) {
                if (a[i][i] > a[best][best]) {
                    best = i;
                }
            }
            double[] e = {v[0][best], v[1][best], v[2][best], v[3][best]};
            double nrm = Math.sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2] + e[3] * e[3]);
            for (int i = 0; i < 4; i++) {
                e[i] /= nrm;
            }
            return e;
        }
    }
}
