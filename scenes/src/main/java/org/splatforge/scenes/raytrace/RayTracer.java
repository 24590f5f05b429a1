package org.splatforge.scenes.raytrace;

import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.LabelImage;

/**
 * A small Whitted-style ray tracer for the built-in scenes: primary rays through an
 * {@code s x s} grid of sub-pixel positions (so silhouettes get fractional alpha, as a
 * renderer's anti-aliased RGBA does), Lambert shading with hard shadows from one directional
 * light, a sky-like ambient term, and a Blinn-Phong highlight (view-dependent colour).
 * Pixel (row i, column j) covers [j, j + 1) x [i, i + 1) in the camera's pixel coordinates,
 * so rays agree with the rasterization contract's pixel centres at +0.5.
 *
 * <p>Output: straight-alpha RGBA (colour = mean over the samples that hit; alpha = their
 * fraction), and per-pixel class labels (the class most samples hit, background 0).
 * Deterministic: no random sampling. One instance per thread.
 */
public final class RayTracer {

    private final SceneModel scene;
    private final Shape[] shapes;
    private final Hit hit = new Hit();
    private final Hit shadow = new Hit();
    private final double[] rgb = new double[3];
    private final double[] diffuse = new double[3];

    public RayTracer(SceneModel scene) {
        this.scene = scene;
        this.shapes = scene.shapes().toArray(new Shape[0]);
    }

    /** The view and labels, rendered with {@code samples x samples} rays per pixel. */
    public record Frame(FloatImage rgba, LabelImage labels) {
    }

    public Frame render(Camera cam, int samples) {
        if (samples < 1 || samples > 16) {
            throw new IllegalArgumentException("samples per pixel axis must be in 1..16, got " + samples);
        }
        int w = cam.width(), h = cam.height();
        FloatImage out = new FloatImage(w, h, 4);
        short[] labels = new short[w * h];
        int[] votes = new int[scene.classes().size()];
        double[] c = cam.center();
        double[] m = cam.viewmat(); // rows of R are the camera axes in world coordinates
        float[] d = out.data();
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double sr = 0, sg = 0, sb = 0;
                int hits = 0;
                java.util.Arrays.fill(votes, 0);
                for (int a = 0; a < samples; a++) {
                    for (int b = 0; b < samples; b++) {
                        double u = j + (b + 0.5) / samples, v = i + (a + 0.5) / samples;
                        double x = (u - cam.cx()) / cam.fx(), y = (v - cam.cy()) / cam.fy();
                        double dx = m[0] * x + m[4] * y + m[8];
                        double dy = m[1] * x + m[5] * y + m[9];
                        double dz = m[2] * x + m[6] * y + m[10];
                        double n = Math.sqrt(dx * dx + dy * dy + dz * dz);
                        if (trace(c[0], c[1], c[2], dx / n, dy / n, dz / n)) {
                            sr += rgb[0];
                            sg += rgb[1];
                            sb += rgb[2];
                            hits++;
                            votes[hit.shape.classId()]++;
                        } else {
                            votes[0]++;
                        }
                    }
                }
                int o = (i * w + j) * 4;
                if (hits > 0) {
                    d[o] = (float) (sr / hits);
                    d[o + 1] = (float) (sg / hits);
                    d[o + 2] = (float) (sb / hits);
                }
                d[o + 3] = (float) hits / (samples * samples);
                int best = 0;
                for (int k = 1; k < votes.length; k++) {
                    if (votes[k] > votes[best]) {
                        best = k;
                    }
                }
                labels[i * w + j] = (short) best;
            }
        }
        return new Frame(out, LabelImage.compact(w, h, labels));
    }

    /** Traces one ray; on a hit leaves the shaded colour in {@code rgb} and the hit in {@code hit}. */
    private boolean trace(double ox, double oy, double oz, double dx, double dy, double dz) {
        hit.t = Double.POSITIVE_INFINITY;
        hit.shape = null;
        for (Shape s : shapes) {
            s.intersect(ox, oy, oz, dx, dy, dz, 1e-9, hit);
        }
        if (hit.shape == null) {
            return false;
        }
        double px = ox + hit.t * dx, py = oy + hit.t * dy, pz = oz + hit.t * dz;
        double nx = hit.nx, ny = hit.ny, nz = hit.nz;
        if (nx * dx + ny * dy + nz * dz > 0) {
            nx = -nx;
            ny = -ny;
            nz = -nz;
        }
        double[] l = scene.lightDir();
        double ndl = nx * l[0] + ny * l[1] + nz * l[2];
        if (ndl > 0 && occluded(px + nx * 1e-6, py + ny * 1e-6, pz + nz * 1e-6, l)) {
            ndl = 0;
        }
        ndl = Math.max(0, ndl);
        Material mat = hit.shape.material();
        mat.diffuse(px, py, diffuse);
        // Sky-like ambient: surfaces facing up see more of the sky.
        double amb = scene.ambient() * (0.75 + 0.25 * nz);
        double lit = amb + scene.lightIntensity() * ndl;
        double spec = 0;
        if (ndl > 0 && mat.specular() > 0) {
            double hx = l[0] - dx, hy = l[1] - dy, hz = l[2] - dz;
            double hn = Math.sqrt(hx * hx + hy * hy + hz * hz);
            double ndh = Math.max(0, (nx * hx + ny * hy + nz * hz) / hn);
            spec = mat.specular() * scene.lightIntensity() * Math.pow(ndh, mat.shininess());
        }
        for (int k = 0; k < 3; k++) {
            rgb[k] = Math.min(1.0, diffuse[k] * lit + spec);
        }
        return true;
    }

    private boolean occluded(double ox, double oy, double oz, double[] l) {
        shadow.t = Double.POSITIVE_INFINITY;
        shadow.shape = null;
        for (Shape s : shapes) {
            if (s.intersect(ox, oy, oz, l[0], l[1], l[2], 1e-9, shadow)) {
                return true;
            }
        }
        return false;
    }
}
