package org.splatforge.render.viewer.gl;

import static org.lwjgl.opengl.GL11C.*;
import static org.lwjgl.opengl.GL30C.*;

import java.nio.FloatBuffer;
import org.lwjgl.system.MemoryUtil;

/**
 * An off-screen colour buffer the splats are composited into: a float texture (RGBA32F by
 * default) so that blending thousands of layers keeps the rasterizer's precision instead
 * of rounding to 8 bits after every splat. It is then blitted to the window and read back
 * for screenshots. Pixel sizes. Owns the GL framebuffer and texture.
 */
public final class RenderTarget implements AutoCloseable {

    private final int internalFormat;
    private int fbo;
    private int texture;
    private int width;
    private int height;

    /** @param internalFormat GL_RGBA32F, GL_RGBA16F or GL_RGBA8 */
    public RenderTarget(int internalFormat) {
        this.internalFormat = internalFormat;
    }

    /** (Re)allocates the buffer when the size changes; binds it for drawing. */
    public void bind(int w, int h) {
        if (w != width || h != height || fbo == 0) {
            release();
            texture = glGenTextures();
            glBindTexture(GL_TEXTURE_2D, texture);
            glTexImage2D(GL_TEXTURE_2D, 0, internalFormat, w, h, 0, GL_RGBA, GL_FLOAT, (FloatBuffer) null);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
            glBindTexture(GL_TEXTURE_2D, 0);
            fbo = glGenFramebuffers();
            glBindFramebuffer(GL_FRAMEBUFFER, fbo);
            glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture, 0);
            int status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
            if (status != GL_FRAMEBUFFER_COMPLETE) {
                throw new GlException("off-screen framebuffer " + w + "x" + h + " incomplete: status 0x"
                        + Integer.toHexString(status));
            }
            width = w;
            height = h;
            GlCheck.check("allocating a " + w + "x" + h + " render target");
        }
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glViewport(0, 0, w, h);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Copies the buffer to the window's framebuffer (same size expected), which is then bound. */
    public void blitToScreen(int screenW, int screenH) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
        glBlitFramebuffer(0, 0, width, height, 0, 0, screenW, screenH, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glViewport(0, 0, screenW, screenH);
        GlCheck.check("glBlitFramebuffer to the window");
    }

    /**
     * Reads the buffer back as RGBA floats, rows top to bottom (image order, as the
     * rasterizer writes them): {@code float[height*width*4]}.
     */
    public float[] readRgba() {
        int n = width * height * 4;
        FloatBuffer buf = MemoryUtil.memAllocFloat(n);
        try {
            glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
            glPixelStorei(GL_PACK_ALIGNMENT, 1);
            glReadPixels(0, 0, width, height, GL_RGBA, GL_FLOAT, buf);
            GlCheck.check("glReadPixels " + width + "x" + height);
            float[] out = new float[n];
            int row = width * 4;
            for (int y = 0; y < height; y++) { // GL rows are bottom-up
                buf.get((height - 1 - y) * row, out, y * row, row);
            }
            return out;
        } finally {
            MemoryUtil.memFree(buf);
        }
    }

    private void release() {
        if (fbo != 0) {
            glDeleteFramebuffers(fbo);
            glDeleteTextures(texture);
            fbo = 0;
            texture = 0;
        }
    }

    @Override
    public void close() {
        release();
    }
}
