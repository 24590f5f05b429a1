package org.splatforge.render.viewer;

import static org.lwjgl.opengl.GL11C.glFinish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import org.lwjgl.opengl.GL30C;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import org.splatforge.render.viewer.gl.GlWindow;
import org.splatforge.render.viewer.gl.RenderTarget;
import org.splatforge.render.viewer.gl.SplatRenderer;
import org.splatforge.render.viewer.hud.BitmapFont;
import org.splatforge.render.viewer.hud.Hud;
import org.splatforge.render.viewer.hud.TextRenderer;
import org.splatforge.render.viewer.input.Action;
import org.splatforge.render.viewer.input.CameraPath;
import org.splatforge.render.viewer.input.InputHandler;
import org.splatforge.render.viewer.input.ViewController;
import org.splatforge.render.viewer.scene.SceneLoader;
import org.splatforge.render.viewer.scene.SceneSource;
import org.splatforge.render.viewer.sort.SortWorker;

/**
 * The interactive Gaussian splat viewer: a GLFW window with an OpenGL 4.3 core context
 * that shows a {@link SceneSource} (static or dynamic) with the rasterization contract's
 * projection, SH colour and blending ({@link SplatRenderer}), depth-sorted on a worker
 * thread ({@link SortWorker}) and, for dynamic scenes, evaluated at the shown time on
 * another ({@link SceneLoader}), so neither ever holds up a frame.
 *
 * <p>Three ways to drive it, all on the thread that opened it: {@link #interact()} (a
 * person with mouse and keys), {@link #runFrames} (a scripted camera path, measuring
 * frame times: {@code splat view --frames}, {@code splat bench view}) and
 * {@link #render(Camera, double)} (one exact frame read back as floats, for tests and
 * comparisons with the CPU rasterizer).
 */
public final class Viewer implements AutoCloseable {

    private static final int LATENCY_RING = 4096;

    private final ViewerOptions options;
    private final GlWindow window;
    private final SplatRenderer renderer;
    private final RenderTarget target;
    private final TextRenderer text;
    private final Hud hud;
    private final SortWorker sorter = new SortWorker();
    private final ViewController view = new ViewController();

    private SceneSource source;
    private SceneLoader loader;
    private GaussianCloud cloud;
    private long generation;
    private double shownTime;

    // Per-frame measurements of the current run (reused arrays; no allocation per frame).
    private int frameIndex;
    private final long[] requestFrame = new long[LATENCY_RING];
    private long lastRequestId;
    private double lastHandoffMs;
    private double lastSortMs = Double.NaN;
    private double lastLatency = Double.NaN;
    private boolean orderTaken;

    private Viewer(ViewerOptions options, GlWindow window) {
        this.options = options;
        this.window = window;
        boolean software = isSoftware(window.glRenderer());
        renderer = new SplatRenderer(switch (options.quadMode()) {
            case AUTO -> !software;
            case INSTANCED -> true;
            case PULLED -> false;
        });
        renderer.setAntialiased(options.antialiased());
        target = new RenderTarget(switch (options.precision()) {
            case FLOAT32 -> GL30C.GL_RGBA32F;
            case FLOAT16 -> GL30C.GL_RGBA16F;
            case UNORM8 -> GL30C.GL_RGBA8;
        });
        TextRenderer t = null;
        try {
            t = new TextRenderer(new BitmapFont(Math.round(14 * window.contentScale())));
        } catch (RuntimeException | Error e) { // AWT without fonts: run without a HUD rather than not at all
            Log.warn("viewer: no HUD text (%s); install fontconfig and a font (e.g. fonts-dejavu-core) to get it", e);
        }
        text = t;
        hud = t == null ? null : new Hud(t);
    }

    /**
     * Opens the window and the GL context on this thread.
     *
     * @throws ViewerUnavailableException when no display or no OpenGL 4.3 core context is available
     */
    public static Viewer open(ViewerOptions options) {
        GlWindow w = GlWindow.open(options.title(), options.width(), options.height(), options.visible());
        try {
            Viewer v = new Viewer(options, w);
            Log.info("viewer: OpenGL %s on %s", w.glVersion(), w.glRenderer());
            Log.info("viewer: splat quads %s", v.renderer.instanced() ? "instanced" : "pulled (one indexed draw, 4 vertices per splat: cheaper than instancing on software GL)");
            if (isSoftware(w.glRenderer())) {
                Log.warn("viewer: software OpenGL (%s): frame rates are CPU-bound; a GPU driver is far faster", w.glRenderer());
            }
            return v;
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    static boolean isSoftware(String glRenderer) {
        String r = glRenderer == null ? "" : glRenderer.toLowerCase(Locale.ROOT);
        return r.contains("llvmpipe") || r.contains("softpipe") || r.contains("swrast");
    }

    /** GL_RENDERER of the context. */
    public String glRenderer() {
        return window.glRenderer();
    }

    public String glVersion() {
        return window.glVersion();
    }

    /** Switches the Mip-Splatting opacity compensation (see {@link ViewerOptions#antialiased}). */
    public void setAntialiased(boolean on) {
        renderer.setAntialiased(on);
    }

    /** The camera controller (tests and scripts move it directly). */
    public ViewController view() {
        return view;
    }

    /**
     * Shows {@code scene} from now on: evaluates it at its start time (waiting for that
     * first cloud), uploads it and points the camera at it.
     */
    public void setScene(SceneSource scene) {
        if (loader != null) {
            loader.close();
            loader = null;
        }
        source = scene;
        shownTime = scene.startTime();
        accept(scene.at(shownTime));
        if (scene.dynamic()) {
            loader = new SceneLoader(scene);
        }
        double[] c = cloud.centroid();
        view.setHome(c, cloud.extent());
        double[] up = options.up() != null ? options.up() : upFromCameras(options.cameras());
        view.setUp(up);
        view.reset();
        window.setTitle(options.title() + " - " + scene.name());
    }

    private void accept(GaussianCloud c) {
        boolean sameColours = cloud != null && c.size() == cloud.size() && c.sh() == cloud.sh();
        renderer.upload(c, !sameColours);
        cloud = c;
        generation++;
    }

    /** World up from dataset cameras: the mean of their "up" axes (minus the OpenCV y axis); -y without cameras. */
    static double[] upFromCameras(List<Camera> cameras) {
        double[] u = new double[3];
        for (Camera c : cameras) {
            for (int a = 0; a < 3; a++) {
                u[a] -= c.view(1, a);
            }
        }
        double n = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        return n > 1e-6 ? new double[] {u[0] / n, u[1] / n, u[2] / n} : new double[] {0, -1, 0};
    }

    /**
     * Renders one frame for exactly {@code camera} at time {@code t}: waits for the
     * scene at t and for the depth order of this camera, then reads the off-screen buffer
     * back. Returns RGBA, {@code camera.height() x camera.width()}, linear [0, 1], row 0 at
     * the top; alpha is 1 - T as the rasterizer's.
     */
    public FloatImage render(Camera camera, double t) {
        requireScene();
        drawFrame(camera, t, true);
        return new FloatImage(camera.width(), camera.height(), 4, target.readRgba());
    }

    /**
     * Headless/automation run: {@code frames} frames along {@code path} at the window's
     * requested size, times from {@code time} (frame index to scene time), shown in the
     * window and measured. With {@code screenshotDir} non-null each frame is also written
     * as {@code frame-NNNNN.png} (outside the timed part). With {@code exactOrder} every
     * frame waits for its own sort (for comparisons); otherwise sorting runs behind the
     * camera as it does interactively.
     */
    public FrameReport runFrames(CameraPath path, int frames, IntToDoubleFunction time, Path screenshotDir,
                                 boolean exactOrder) {
        requireScene();
        if (frames < 1) {
            throw new IllegalArgumentException("--frames must be >= 1, got " + frames);
        }
        window.swapInterval(0);
        int w = options.width(), h = options.height();
        double[] frameMs = new double[frames], handoff = new double[frames];
        double[] sortMs = new double[frames], latency = new double[frames];
        int sorted = 0;
        long sortsBefore = sorter.sorts();
        List<String> status = new ArrayList<>();
        long start = System.nanoTime();
        long cpu0 = processCpuNanos();
        for (int k = 0; k < frames; k++) {
            long f0 = System.nanoTime();
            window.pollEvents();
            Camera cam = path.camera(k, frames, w, h);
            double t = time.applyAsDouble(k);
            drawFrame(cam, t, exactOrder);
            present(statusLines(status, Double.NaN));
            glFinish();
            frameMs[k] = (System.nanoTime() - f0) / 1e6;
            handoff[k] = lastHandoffMs;
            if (orderTaken) {
                sortMs[sorted] = lastSortMs;
                latency[sorted] = lastLatency;
                sorted++;
            }
            if (screenshotDir != null) {
                writeScreenshot(screenshotDir.resolve(String.format(Locale.ROOT, "frame-%05d.png", k)), false);
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuMsPerFrame = (processCpuNanos() - cpu0) / 1e6 / frames;
        Summary fm = Summary.of(frameMs, frames);
        Summary ho = Summary.of(handoff, frames);
        return new FrameReport(window.glRenderer(), window.glVersion(), w, h, cloud.size(), frames, wall,
                frames / Arrays.stream(frameMs).sum() * 1000, fm, Summary.of(sortMs, sorted), ho,
                Summary.of(latency, sorted), ho.max() / fm.p50(), sorter.sorts() - sortsBefore, exactOrder,
                options.precision().name(), renderer.instanced() ? "instanced" : "pulled", cpuMsPerFrame);
    }

    /** CPU time of this whole process (all threads, llvmpipe's included), ns; -1 when unknown. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The interactive loop: until the window is closed or Esc is pressed. */
    public void interact() {
        requireScene();
        InputHandler input = new InputHandler(window, view);
        window.swapInterval(options.vsync() ? 1 : 0);
        boolean help = false, showHud = true, playing = source.dynamic();
        int cameraIndex = -1;
        double t = shownTime;
        double renderMs = Double.NaN;
        long last = System.nanoTime();
        List<String> status = new ArrayList<>();
        boolean redraw = true;
        int[] lastFb = {0, 0};
        while (!window.shouldClose()) {
            // While the picture changes, run flat out; when it is still, sleep until input
            // arrives (re-presenting the last frame now and then), so an idle viewer costs nothing.
            if (redraw) {
                window.pollEvents();
            } else {
                window.waitEvents(0.1);
            }
            long now = System.nanoTime();
            double dt = Math.min(0.25, (now - last) / 1e9);
            last = now;
            double span = source.endTime() - source.startTime();
            boolean acted = false;
            for (var a = input.nextAction(); a != null; a = input.nextAction()) {
                acted = true;
                switch (a) {
                    case RESET_VIEW -> view.reset();
                    case FRAME_SCENE -> view.frame();
                    case NEXT_CAMERA, PREVIOUS_CAMERA -> {
                        List<Camera> cams = options.cameras();
                        if (cams.isEmpty()) {
                            Log.info("viewer: no dataset cameras (open with --dataset DIR to cycle through them)");
                        } else {
                            int step = a == Action.NEXT_CAMERA ? 1 : -1;
                            cameraIndex = Math.floorMod(cameraIndex + step, cams.size());
                            Camera c = cams.get(cameraIndex);
                            view.setFrom(c);
                            if (source.dynamic()) {
                                t = clampTime(c.time());
                                playing = false;
                            }
                        }
                    }
                    case PLAY_PAUSE -> playing = source.dynamic() && !playing;
                    case TIME_FORWARD, TIME_BACK -> {
                        playing = false;
                        double step = span / 100 * (input.timeFast() ? 10 : 1);
                        t = clampTime(t + (a == Action.TIME_FORWARD ? step : -step));
                    }
                    case TOGGLE_HELP -> help = !help;
                    case TOGGLE_HUD -> showHud = !showHud;
                    case SCREENSHOT -> writeScreenshot(options.screenshotDir().resolve("splat-view-"
                            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")) + ".png"), true);
                    case QUIT -> window.requestClose();
                }
            }
            input.update(dt);
            if (playing && span > 0) {
                t += dt / options.loopSeconds() * span;
                if (t > source.endTime()) {
                    t = source.startTime() + (t - source.endTime()) % span;
                }
            }
            int[] fb = window.framebufferSize();
            if (fb[0] < 1 || fb[1] < 1) { // minimised
                redraw = false;
                continue;
            }
            boolean resized = fb[0] != lastFb[0] || fb[1] != lastFb[1];
            lastFb = fb;
            redraw = acted || input.takeMoved() || playing || resized || sorter.hasFresh()
                    || (loader != null && (loader.hasReady() || t != shownTime));
            if (redraw) {
                long r0 = System.nanoTime();
                drawFrame(view.camera(fb[0], fb[1], t), t, false);
                glFinish();
                renderMs = (System.nanoTime() - r0) / 1e6;
            }
            statusLines(status, renderMs);
            if (source.dynamic()) {
                status.add(String.format(Locale.ROOT, "time %.3f / %.3f %s", shownTime, source.endTime(),
                        playing ? "(playing)" : "(paused)"));
            }
            if (cameraIndex >= 0) {
                String n = options.cameras().get(cameraIndex).name();
                status.add("camera " + (cameraIndex + 1) + "/" + options.cameras().size() + (n.isEmpty() ? "" : " " + n));
            }
            status.add("H: help");
            target.blitToScreen(fb[0], fb[1]);
            if (hud != null) {
                hud.draw(status, showHud, help, fb[0], fb[1]);
            }
            window.swapBuffers();
        }
    }

    private double clampTime(double t) {
        return Math.max(source.startTime(), Math.min(source.endTime(), t));
    }

    private List<String> statusLines(List<String> status, double renderMs) {
        status.clear();
        if (!Double.isNaN(renderMs)) {
            status.add(String.format(Locale.ROOT, "%.1f fps (frame %.1f ms)", 1000 / Math.max(renderMs, 1e-3), renderMs));
        }
        status.add(String.format(Locale.ROOT, "%,d splats (%,d in view)", cloud.size(), renderer.drawCount()));
        if (!Double.isNaN(lastSortMs)) {
            status.add(String.format(Locale.ROOT, "sort %.1f ms", lastSortMs));
        }
        return status;
    }

    private void present(List<String> status) {
        int[] fb = window.framebufferSize();
        if (fb[0] < 1 || fb[1] < 1) {
            return;
        }
        target.blitToScreen(fb[0], fb[1]);
        if (hud != null) {
            hud.draw(status, true, false, fb[0], fb[1]);
        }
        window.swapBuffers();
    }

    /**
     * One frame into the off-screen target: the scene at t (the newest evaluated, or
     * exactly t), the depth order (the newest finished, or exactly this camera's), then
     * projection and compositing.
     */
    private void drawFrame(Camera camera, double t, boolean exact) {
        frameIndex++;
        try {
            if (loader != null) {
                long id = loader.request(t);
                SceneLoader.Frame f = exact ? loader.await(id) : loader.poll();
                if (f != null) {
                    accept(f.cloud());
                    shownTime = f.time();
                }
            }
            long id = sorter.request(cloud.means(), cloud.size(), generation, camera.viewmat());
            if (id != lastRequestId) {
                requestFrame[(int) (id % LATENCY_RING)] = frameIndex;
                lastRequestId = id;
            }
            long h0 = System.nanoTime();
            boolean mustWait = exact || (renderer.drawCount() == 0 && cloud.size() > 0);
            SortWorker.Result r = mustWait ? sorter.await(id) : sorter.poll();
            orderTaken = false;
            if (r != null && r.size() == renderer.size()) {
                renderer.uploadOrder(r.order(), r.count());
                orderTaken = true;
                lastSortMs = r.sortMillis();
                lastLatency = frameIndex - requestFrame[(int) (r.requestId() % LATENCY_RING)];
            }
            lastHandoffMs = mustWait ? 0 : (System.nanoTime() - h0) / 1e6; // waiting on purpose is not a stall
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the scene or the sort", e);
        }
        target.bind(camera.width(), camera.height());
        renderer.render(camera, options.maxShDegree(), options.background());
    }

    private void writeScreenshot(Path file, boolean announce) {
        FloatImage img = new FloatImage(target.width(), target.height(), 4, target.readRgba());
        try {
            Screenshots.writePng(file, img);
            if (announce) {
                Log.info("viewer: wrote %s", file);
            } else {
                Log.debug("viewer: wrote %s", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing screenshot " + file, e);
        }
    }

    private void requireScene() {
        if (cloud == null) {
            throw new IllegalStateException("no scene: call setScene first");
        }
    }

    @Override
    public void close() {
        sorter.close();
        if (loader != null) {
            loader.close();
        }
        if (text != null) {
            text.close();
        }
        target.close();
        renderer.close();
        window.close();
    }
}
