package org.splatforge.render.viewer.gl;

/** An OpenGL call failed: names the call and carries the driver's error or compile log. */
public final class GlException extends IllegalStateException {
    public GlException(String message) {
        super(message);
    }
}
