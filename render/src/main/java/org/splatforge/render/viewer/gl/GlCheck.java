package org.splatforge.render.viewer.gl;

import static org.lwjgl.opengl.GL11C.GL_INVALID_ENUM;
import static org.lwjgl.opengl.GL11C.GL_INVALID_OPERATION;
import static org.lwjgl.opengl.GL11C.GL_INVALID_VALUE;
import static org.lwjgl.opengl.GL11C.GL_NO_ERROR;
import static org.lwjgl.opengl.GL11C.GL_OUT_OF_MEMORY;
import static org.lwjgl.opengl.GL11C.glGetError;
import static org.lwjgl.opengl.GL30C.GL_INVALID_FRAMEBUFFER_OPERATION;

/**
 * The one check helper for OpenGL status (DESIGN.md "Errors"): every group of GL calls
 * ends with {@code GlCheck.check("what was called")}, which turns a pending GL error
 * into a {@link GlException} naming the call.
 */
public final class GlCheck {

    private GlCheck() {
    }

    /** Throws if the GL error flag is set, naming {@code call}. */
    public static void check(String call) {
        int e = glGetError();
        if (e == GL_NO_ERROR) {
            return;
        }
        StringBuilder sb = new StringBuilder("OpenGL error after ").append(call).append(": ").append(name(e));
        for (int more = glGetError(), guard = 0; more != GL_NO_ERROR && guard < 8; more = glGetError(), guard++) {
            sb.append(", ").append(name(more));
        }
        throw new GlException(sb.toString());
    }

    static String name(int e) {
        return switch (e) {
            case GL_INVALID_ENUM -> "GL_INVALID_ENUM";
            case GL_INVALID_VALUE -> "GL_INVALID_VALUE";
            case GL_INVALID_OPERATION -> "GL_INVALID_OPERATION";
            case GL_OUT_OF_MEMORY -> "GL_OUT_OF_MEMORY";
            case GL_INVALID_FRAMEBUFFER_OPERATION -> "GL_INVALID_FRAMEBUFFER_OPERATION";
            default -> "0x" + Integer.toHexString(e);
        };
    }
}
