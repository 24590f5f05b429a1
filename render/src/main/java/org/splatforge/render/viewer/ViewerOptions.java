package org.splatforge.render.viewer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.splatforge.core.camera.Camera;

/**
 * How to open the viewer. Sizes in screen coordinates (the framebuffer may be larger on
 * HiDPI screens); colours RGB in [0, 1]; fluent setters, sensible defaults.
 */
public final class ViewerOptions {

    /** Precision of the off-screen buffer the splats are blended into. */
    public enum Precision {
        /** RGBA32F: the rasterizer's float precision (default). */
        FLOAT32,
        /** RGBA16F: half the bandwidth, about 1e-3 relative error. */
        FLOAT16,
        /** RGBA8: what most web viewers blend in; rounding after every splat. */
        UNORM8
    }

    /** How the splat quads are issued to GL. */
    public enum QuadMode {
        /** Pulled on software renderers (llvmpipe, softpipe), instanced elsewhere. */
        AUTO,
        /** One instance per Gaussian (4 strip vertices): the usual choice on GPUs. */
        INSTANCED,
        /** One plain draw of 6 vertices per Gaussian: far faster on Mesa llvmpipe. */
        PULLED
    }

    private QuadMode quadMode = QuadMode.AUTO;
    private String title = "Splatforge viewer";
    private int width = 1280;
    private int height = 800;
    private boolean visible = true;
    private boolean vsync = true;
    private float[] background = {0f, 0f, 0f};
    private int maxShDegree = 3;
    private Precision precision = Precision.FLOAT32;
    private double[] up;
    private Path screenshotDir = Path.of(".");
    private List<Camera> cameras = List.of();
    private double loopSeconds = 5;
    private boolean antialiased;

    public String title() {
        return title;
    }

    public ViewerOptions title(String t) {
        title = Objects.requireNonNull(t);
        return this;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Window size in screen coordinates. */
    public ViewerOptions size(int w, int h) {
        if (w < 1 || h < 1 || w > 16384 || h > 16384) {
            throw new IllegalArgumentException("window size " + w + "x" + h + " outside 1..16384");
        }
        width = w;
        height = h;
        return this;
    }

    public boolean visible() {
        return visible;
    }

    public ViewerOptions visible(boolean v) {
        visible = v;
        return this;
    }

    public boolean vsync() {
        return vsync;
    }

    public ViewerOptions vsync(boolean v) {
        vsync = v;
        return this;
    }

    public float[] background() {
        return background.clone();
    }

    public ViewerOptions background(float r, float g, float b) {
        for (float c : new float[] {r, g, b}) {
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("background components must be in [0, 1], got " + r + "," + g + "," + b);
            }
        }
        background = new float[] {r, g, b};
        return this;
    }

    public int maxShDegree() {
        return maxShDegree;
    }

    public ViewerOptions maxShDegree(int d) {
        if (d < 0 || d > 3) {
            throw new IllegalArgumentException("SH degree must be 0..3, got " + d);
        }
        maxShDegree = d;
        return this;
    }

    public QuadMode quadMode() {
        return quadMode;
    }

    public ViewerOptions quadMode(QuadMode m) {
        quadMode = Objects.requireNonNull(m);
        return this;
    }

    public Precision precision() {
        return precision;
    }

    public ViewerOptions precision(Precision p) {
        precision = Objects.requireNonNull(p);
        return this;
    }

    /** World up vector, or null to take it from the dataset cameras (else -y, the COLMAP habit). */
    public double[] up() {
        return up == null ? null : up.clone();
    }

    public ViewerOptions up(double[] u) {
        up = u == null ? null : u.clone();
        return this;
    }

    /** Where F12 screenshots go. */
    public Path screenshotDir() {
        return screenshotDir;
    }

    public ViewerOptions screenshotDir(Path d) {
        screenshotDir = Objects.requireNonNull(d);
        return this;
    }

    /** Dataset cameras to cycle through with C (training views). */
    public List<Camera> cameras() {
        return cameras;
    }

    public ViewerOptions cameras(List<Camera> c) {
        cameras = List.copyOf(c);
        return this;
    }

    /** Mip-Splatting opacity compensation (for models trained with gsplat's antialiased mode). */
    public boolean antialiased() {
        return antialiased;
    }

    public ViewerOptions antialiased(boolean on) {
        antialiased = on;
        return this;
    }

    /** Seconds one pass over a dynamic scene's time range takes when playing. */
    public double loopSeconds() {
        return loopSeconds;
    }

    public ViewerOptions loopSeconds(double s) {
        if (!(s > 0)) {
            throw new IllegalArgumentException("loop duration must be > 0 s, got " + s);
        }
        loopSeconds = s;
        return this;
    }
}
