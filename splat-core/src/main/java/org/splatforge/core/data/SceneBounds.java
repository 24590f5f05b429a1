package org.splatforge.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.PackedImage;

/**
 * Where a scene is, from its training cameras alone.
 *
 * <p>{@link #cameraCenter} and {@link #cameraExtent} follow 3DGS's {@code getNerfppNorm}
 * (scene/dataset_readers.py): the mean of the camera centres, and 1.1 times the largest
 * distance of a centre from it ("cameras_extent", which scales the position learning rate
 * and the densification thresholds).
 *
 * <p>{@link #estimate} finds the box that holds the content, for random initial points:
 * space carving (Kutulakos and Seitz 2000, "A Theory of Shape by Space Carving") on a voxel
 * grid around the point the cameras look at. A voxel survives when at least 90% of the
 * (sampled) training views see it inside their image and no view with an alpha channel
 * sees it on a transparent pixel; the box is the survivors' bounds grown by one voxel.
 * With masks (NeRF-synthetic) that is the visual hull's box; without (N3V) it is the
 * region most cameras share.
 */
public final class SceneBounds {

    /** Views sampled for carving; more add time, not accuracy. */
    static final int MAX_VIEWS = 64;
    /** Grid cells per axis. */
    static final int GRID = 64;
    /**
     * Fraction of the sampled views that must have a voxel inside their image. Half is not
     * enough for a capture from above: the space under a platform is in frame for the high
     * views (seen through the opaque platform, so never carved) and out of frame for the low
     * ones; on tabletop-static 0.5 gave z down to -4.06, 0.9 gives -1.24 with the same x, y
     * and top. Content cropped in more than a tenth of the views falls outside the box.
     */
    static final double MIN_SEEN_FRACTION = 0.9;
    /** Alpha below which a pixel counts as empty. */
    static final float EMPTY_ALPHA = 0.01f;

    private SceneBounds() {
    }

    /** Mean camera centre, world. */
    public static double[] cameraCenter(List<Camera> cams) {
        double[] m = new double[3];
        for (Camera c : cams) {
            double[] p = c.center();
            for (int a = 0; a < 3; a++) {
                m[a] += p[a] / cams.size();
            }
        }
        return m;
    }

    /** 1.1 x the largest distance of a camera centre from their mean (3DGS's cameras_extent). */
    public static double cameraExtent(List<Camera> cams) {
        double[] m = cameraCenter(cams);
        double max = 0;
        for (Camera c : cams) {
            double[] p = c.center();
            max = Math.max(max, Math.sqrt(sq(p[0] - m[0]) + sq(p[1] - m[1]) + sq(p[2] - m[2])));
        }
        return max * 1.1;
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * The point nearest (least squares) to every camera's optical axis: what the cameras
     * look at. Falls back to the mean centre pushed forward when the axes are near parallel.
     */
    public static double[] focus(List<Camera> cams) {
        double[] a = new double[9];
        double[] b = new double[3];
        double[] meanDir = new double[3];
        for (Camera c : cams) {
            double[] p = c.center();
            double[] d = {c.view(2, 0), c.view(2, 1), c.view(2, 2)}; // camera z axis in world
            for (int i = 0; i < 3; i++) {
                meanDir[i] += d[i];
                for (int j = 0; j < 3; j++) {
                    double m = (i == j ? 1 : 0) - d[i] * d[j];
                    a[i * 3 + j] += m;
                    b[i] += m * p[j];
                }
            }
        }
        double det = det3(a);
        if (Math.abs(det) > 1e-6 * Math.pow(cams.size(), 3)) {
            return solve3(a, b, det);
        }
        double[] c = cameraCenter(cams);
        double n = Math.sqrt(sq(meanDir[0]) + sq(meanDir[1]) + sq(meanDir[2]));
        double r = Math.max(cameraExtent(cams), 1.0);
        for (int i = 0; i < 3; i++) {
            c[i] += n > 0 ? meanDir[i] / n * r : 0;
        }
        return c;
    }

    private static double det3(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    private static double[] solve3(double[] m, double[] b, double det) {
        double[] x = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] c = m.clone();
            for (int r = 0; r < 3; r++) {
                c[r * 3 + k] = b[r];
            }
            x[k] = det3(c) / det;
        }
        return x;
    }

    /**
     * The content's box {minx, miny, minz, maxx, maxy, maxz}, world, by space carving over
     * (up to {@value #MAX_VIEWS} evenly chosen) training views.
     */
    public static double[] estimate(List<View> views) {
        List<View> sample = new ArrayList<>();
        int n = views.size();
        int m = Math.min(n, MAX_VIEWS);
        for (int k = 0; k < m; k++) {
            sample.add(views.get((int) ((long) k * n / m)));
        }
        List<Camera> cams = sample.stream().map(View::camera).toList();
        double[] focus = focus(cams);
        double radius = 0;
        for (Camera c : cams) {
            double[] p = c.center();
            radius = Math.max(radius, Math.sqrt(sq(p[0] - focus[0]) + sq(p[1] - focus[1]) + sq(p[2] - focus[2])));
        }
        if (!(radius > 0)) {
            radius = 1;
        }
        int views0 = sample.size();
        float[][] vm = new float[views0][];
        PackedImage[] alpha = new PackedImage[views0];
        for (int v = 0; v < views0; v++) {
            Camera c = cams.get(v);
            vm[v] = new float[] {
                    (float) c.view(0, 0), (float) c.view(0, 1), (float) c.view(0, 2), (float) c.view(0, 3),
                    (float) c.view(1, 0), (float) c.view(1, 1), (float) c.view(1, 2), (float) c.view(1, 3),
                    (float) c.view(2, 0), (float) c.view(2, 1), (float) c.view(2, 2), (float) c.view(2, 3),
                    (float) c.fx(), (float) c.fy(), (float) c.cx(), (float) c.cy()};
            PackedImage px = sample.get(v).hasAlpha() ? sample.get(v).packed() : null;
            alpha[v] = px != null && px.hasAlpha() ? px : null; // opaque alpha was dropped: nothing to carve
        }
        double cell = 2 * radius / GRID;
        int need = Math.max(1, (int) Math.ceil(MIN_SEEN_FRACTION * views0));
        final double r0 = radius;
        // Per z-slice bounds, merged in slice order afterwards (deterministic).
        double[][] slice = new double[GRID][];
        IntStream.range(0, GRID).parallel().forEach(iz -> {
            double[] b = null;
            for (int iy = 0; iy < GRID; iy++) {
                for (int ix = 0; ix < GRID; ix++) {
                    double x = focus[0] - r0 + (ix + 0.5) * cell;
                    double y = focus[1] - r0 + (iy + 0.5) * cell;
                    double z = focus[2] - r0 + (iz + 0.5) * cell;
                    if (keep(x, y, z, vm, cams, alpha, need)) {
                        if (b == null) {
                            b = new double[] {x, y, z, x, y, z};
                        } else {
                            b[0] = Math.min(b[0], x);
                            b[1] = Math.min(b[1], y);
                            b[2] = Math.min(b[2], z);
                            b[3] = Math.max(b[3], x);
                            b[4] = Math.max(b[4], y);
                            b[5] = Math.max(b[5], z);
                        }
                    }
                }
            }
            slice[iz] = b;
        });
        double[] box = null;
        for (double[] b : slice) {
            if (b == null) {
                continue;
            }
            if (box == null) {
                box = b.clone();
            } else {
                for (int a = 0; a < 3; a++) {
                    box[a] = Math.min(box[a], b[a]);
                    box[a + 3] = Math.max(box[a + 3], b[a + 3]);
                }
            }
        }
        if (box == null) {
            // Nothing survived (masks empty, or cameras that share no view): a box half the
            // camera distance around the focus is a reasonable, visible guess.
            return new double[] {focus[0] - r0 / 2, focus[1] - r0 / 2, focus[2] - r0 / 2,
                focus[0] + r0 / 2, focus[1] + r0 / 2, focus[2] + r0 / 2};
        }
        for (int a = 0; a < 3; a++) {
            box[a] -= cell;
            box[a + 3] += cell;
        }
        return box;
    }

    private static boolean keep(double x, double y, double z, float[][] vm, List<Camera> cams, PackedImage[] alpha, int need) {
        int seen = 0;
        for (int v = 0; v < vm.length; v++) {
            float[] m = vm[v];
            double tz = m[8] * x + m[9] * y + m[10] * z + m[11];
            if (tz <= 1e-6) {
                continue;
            }
            double tx = m[0] * x + m[1] * y + m[2] * z + m[3];
            double ty = m[4] * x + m[5] * y + m[6] * z + m[7];
            double u = m[12] * tx / tz + m[14];
            double w = m[13] * ty / tz + m[15];
            Camera c = cams.get(v);
            if (u < 0 || w < 0 || u >= c.width() || w >= c.height()) {
                continue;
            }
            seen++;
            PackedImage a = alpha[v];
            if (a != null && a.sample(((int) w * a.width() + (int) u) * 4 + 3) < EMPTY_ALPHA) {
                return false;
            }
        }
        return seen >= need;
    }
}
