package org.splatforge.render.viewer.gl;

import static org.lwjgl.glfw.GLFW.*;
import static org.lwjgl.opengl.GL11C.GL_RENDERER;
import static org.lwjgl.opengl.GL11C.GL_VERSION;
import static org.lwjgl.opengl.GL11C.glGetString;
import static org.lwjgl.system.MemoryUtil.NULL;

import org.lwjgl.glfw.GLFWErrorCallback;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.MemoryStack;
import org.splatforge.render.viewer.ViewerUnavailableException;

/**
 * A GLFW window with a current OpenGL 4.3+ core context (compute shaders and SSBOs are
 * 4.3 core). Sizes: the window size is in screen coordinates (what the cursor reports),
 * the framebuffer size is in pixels; they differ on HiDPI screens, and the viewer renders
 * at the framebuffer size. One window per process; the thread that opens it must make
 * every GL and GLFW call. Owns GLFW: {@link #close()} destroys the window and terminates
 * GLFW.
 */
public final class GlWindow implements AutoCloseable {

    /** The version the viewer needs: 4.3 core, for compute shaders and SSBOs. */
    public static final int MAJOR = 4;
    public static final int MINOR = 3;

    private static final String ALTERNATIVE = "Render images without OpenGL with `splat render` instead.";

    private final long handle;
    private final String glVersion;
    private final String glRenderer;

    private GlWindow(long handle) {
        this.handle = handle;
        this.glVersion = glGetString(GL_VERSION);
        this.glRenderer = glGetString(GL_RENDERER);
    }

    /**
     * Opens a window of {@code width x height} screen coordinates with an OpenGL 4.3 core
     * context, current on this thread.
     *
     * @throws ViewerUnavailableException when GLFW has no display or the driver offers no
     *                                    4.3 core context; says what it found
     */
    public static GlWindow open(String title, int width, int height, boolean visible) {
        StringBuilder lastError = new StringBuilder();
        GLFWErrorCallback cb = GLFWErrorCallback.create((code, desc) -> {
            lastError.setLength(0);
            lastError.append(GLFWErrorCallback.getDescription(desc)).append(" (GLFW error 0x")
                    .append(Integer.toHexString(code)).append(')');
        });
        GLFWErrorCallback previous = glfwSetErrorCallback(cb);
        if (previous != null) {
            previous.free();
        }
        if (!glfwInit()) {
            String err = lastError.toString();
            glfwSetErrorCallback(null);
            cb.free();
            String display = System.getenv("DISPLAY");
            throw new ViewerUnavailableException("the viewer could not start a window system (GLFW init failed: "
                    + (err.isEmpty() ? "no reason given" : err) + "; DISPLAY="
                    + (display == null ? "unset" : display) + "). It needs a display with OpenGL "
                    + MAJOR + "." + MINOR + "; on a machine without one, run it under xvfb-run. " + ALTERNATIVE);
        }
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, MAJOR);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, MINOR);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
        glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
        glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE); // HiDPI: size in logical units
        long h = glfwCreateWindow(width, height, title, NULL, NULL);
        if (h == NULL) {
            String err = lastError.toString();
            String found = probe();
            glfwTerminate();
            glfwSetErrorCallback(null);
            cb.free();
            throw new ViewerUnavailableException("the viewer needs an OpenGL " + MAJOR + "." + MINOR
                    + " core context, which this display does not offer (" + found + "; GLFW said: "
                    + (err.isEmpty() ? "nothing" : err) + "). " + ALTERNATIVE);
        }
        glfwMakeContextCurrent(h);
        GLCapabilities caps = GL.createCapabilities();
        if (!caps.OpenGL43) {
            String found = "found OpenGL " + glGetString(GL_VERSION) + " on " + glGetString(GL_RENDERER);
            glfwDestroyWindow(h);
            glfwTerminate();
            glfwSetErrorCallback(null);
            cb.free();
            throw new ViewerUnavailableException("the viewer needs OpenGL " + MAJOR + "." + MINOR + " core; "
                    + found + ". " + ALTERNATIVE);
        }
        return new GlWindow(h); // the error callback stays installed until close()
    }

    /** Opens an invisible window with whatever context the driver gives by default and reports it. */
    private static String probe() {
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        long h = glfwCreateWindow(64, 64, "probe", NULL, NULL);
        if (h == NULL) {
            return "no OpenGL context of any version could be created";
        }
        try {
            glfwMakeContextCurrent(h);
            GL.createCapabilities();
            return "found OpenGL " + glGetString(GL_VERSION) + " on " + glGetString(GL_RENDERER);
        } finally {
            glfwMakeContextCurrent(NULL);
            GL.setCapabilities(null);
            glfwDestroyWindow(h);
        }
    }

    public long handle() {
        return handle;
    }

    /** GL_VERSION of the context, e.g. "4.5 (Core Profile) Mesa 22.3.6". */
    public String glVersion() {
        return glVersion;
    }

    /** GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
    public String glRenderer() {
        return glRenderer;
    }

    /** Framebuffer size in pixels: {width, height}. */
    public int[] framebufferSize() {
        try (MemoryStack s = MemoryStack.stackPush()) {
            var w = s.mallocInt(1);
            var h = s.mallocInt(1);
            glfwGetFramebufferSize(handle, w, h);
            return new int[] {w.get(0), h.get(0)};
        }
    }

    /** Window size in screen coordinates (the cursor's units): {width, height}. */
    public int[] windowSize() {
        try (MemoryStack s = MemoryStack.stackPush()) {
            var w = s.mallocInt(1);
            var h = s.mallocInt(1);
            glfwGetWindowSize(handle, w, h);
            return new int[] {w.get(0), h.get(0)};
        }
    }

    /** Content scale (1 on ordinary screens, 2 on most HiDPI ones), for sizing the HUD text. */
    public float contentScale() {
        try (MemoryStack s = MemoryStack.stackPush()) {
            var x = s.mallocFloat(1);
            var y = s.mallocFloat(1);
            glfwGetWindowContentScale(handle, x, y);
            return Math.max(1f, Math.max(x.get(0), y.get(0)));
        }
    }

    public boolean shouldClose() {
        return glfwWindowShouldClose(handle);
    }

    public void requestClose() {
        glfwSetWindowShouldClose(handle, true);
    }

    public void setTitle(String title) {
        glfwSetWindowTitle(handle, title);
    }

    /** Vsync on (1) for interactive use, off (0) when measuring. */
    public void swapInterval(int interval) {
        glfwSwapInterval(interval);
    }

    public void swapBuffers() {
        glfwSwapBuffers(handle);
    }

    public void pollEvents() {
        glfwPollEvents();
    }

    /** Sleeps until an input event arrives or {@code seconds} pass (an idle viewer uses no CPU). */
    public void waitEvents(double seconds) {
        glfwWaitEventsTimeout(seconds);
    }

    @Override
    public void close() {
        GL.setCapabilities(null);
        glfwDestroyWindow(handle);
        glfwTerminate();
        GLFWErrorCallback cb = glfwSetErrorCallback(null);
        if (cb != null) {
            cb.free();
        }
    }
}
