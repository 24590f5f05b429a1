package org.splatforge.render.viewer;

/**
 * The viewer cannot run here: no display, or no OpenGL 4.3 core context. The message says
 * what was found (the GLFW error, or the GL version and renderer the driver offered) and
 * points to {@code splat render}. An {@link UnsupportedOperationException}, which the CLI
 * maps to exit code 5 (unavailable).
 */
public final class ViewerUnavailableException extends UnsupportedOperationException {
    public ViewerUnavailableException(String message) {
        super(message);
    }
}
