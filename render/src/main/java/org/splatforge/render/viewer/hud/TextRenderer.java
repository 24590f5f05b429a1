package org.splatforge.render.viewer.hud;

import static org.lwjgl.opengl.GL11C.*;
import static org.lwjgl.opengl.GL13C.GL_TEXTURE0;
import static org.lwjgl.opengl.GL13C.glActiveTexture;
import static org.lwjgl.opengl.GL15C.*;
import static org.lwjgl.opengl.GL20C.*;
import static org.lwjgl.opengl.GL30C.*;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.lwjgl.system.MemoryUtil;
import org.splatforge.render.viewer.gl.GlCheck;
import org.splatforge.render.viewer.gl.ShaderProgram;

/**
 * Draws HUD text and translucent panels over the window in framebuffer pixels (origin top
 * left, y down): queue with {@link #panel} and {@link #text}, then {@link #flush} draws
 * everything in one call. Owns the atlas texture and the vertex buffer.
 */
public final class TextRenderer implements AutoCloseable {

    private static final int FLOATS_PER_VERTEX = 8; // x, y, u, v, r, g, b, a
    private static final int MAX_QUADS = 8192;

    private final BitmapFont font;
    private final ShaderProgram program;
    private final int texture;
    private final int vao;
    private final int vbo;
    private final FloatBuffer vertices = MemoryUtil.memAllocFloat(MAX_QUADS * 6 * FLOATS_PER_VERTEX);
    private int quads;

    public TextRenderer(BitmapFont font) {
        this.font = font;
        program = new ShaderProgram("text", GL_VERTEX_SHADER, "text.vert", GL_FRAGMENT_SHADER, "text.frag");
        texture = glGenTextures();
        glBindTexture(GL_TEXTURE_2D, texture);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        ByteBuffer px = MemoryUtil.memAlloc(font.pixels().length);
        try {
            px.put(font.pixels()).flip();
            glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, font.atlasWidth(), font.atlasHeight(), 0, GL_RED, GL_UNSIGNED_BYTE, px);
        } finally {
            MemoryUtil.memFree(px);
        }
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glBindTexture(GL_TEXTURE_2D, 0);
        vao = glGenVertexArrays();
        vbo = glGenBuffers();
        glBindVertexArray(vao);
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        glBufferData(GL_ARRAY_BUFFER, (long) vertices.capacity() * 4, GL_STREAM_DRAW);
        int stride = FLOATS_PER_VERTEX * 4;
        glVertexAttribPointer(0, 2, GL_FLOAT, false, stride, 0);
        glVertexAttribPointer(1, 2, GL_FLOAT, false, stride, 8);
        glVertexAttribPointer(2, 4, GL_FLOAT, false, stride, 16);
        glEnableVertexAttribArray(0);
        glEnableVertexAttribArray(1);
        glEnableVertexAttribArray(2);
        glBindVertexArray(0);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        GlCheck.check("creating the HUD text renderer");
    }

    public BitmapFont font() {
        return font;
    }

    /** Width in pixels of {@code s} on one line. */
    public int width(String s) {
        return s.length() * font.cellWidth();
    }

    public int lineHeight() {
        return font.cellHeight();
    }

    /** A solid rectangle (colour RGBA, straight alpha). */
    public void panel(float x, float y, float w, float h, float r, float g, float b, float a) {
        quad(x, y, x + w, y + h, -1, -1, -1, -1, r, g, b, a);
    }

    /** One line of text with its top-left corner at (x, y). */
    public void text(String s, float x, float y, float r, float g, float b, float a) {
        float cw = font.cellWidth(), ch = font.cellHeight();
        float aw = font.atlasWidth(), ah = font.atlasHeight();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ') {
                int cell = BitmapFont.cell(c);
                float u0 = (cell % BitmapFont.COLUMNS) * cw / aw, v0 = (cell / BitmapFont.COLUMNS) * ch / ah;
                quad(x + i * cw, y, x + (i + 1) * cw, y + ch, u0, v0, u0 + cw / aw, v0 + ch / ah, r, g, b, a);
            }
        }
    }

    private void quad(float x0, float y0, float x1, float y1, float u0, float v0, float u1, float v1,
                      float r, float g, float b, float a) {
        if (quads >= MAX_QUADS) {
            return; // the HUD never needs this many; drop the rest rather than fail a frame
        }
        vertex(x0, y0, u0, v0, r, g, b, a);
        vertex(x1, y0, u1, v0, r, g, b, a);
        vertex(x0, y1, u0, v1, r, g, b, a);
        vertex(x1, y0, u1, v0, r, g, b, a);
        vertex(x1, y1, u1, v1, r, g, b, a);
        vertex(x0, y1, u0, v1, r, g, b, a);
        quads++;
    }

    private void vertex(float x, float y, float u, float v, float r, float g, float b, float a) {
        vertices.put(x).put(y).put(u).put(v).put(r).put(g).put(b).put(a);
    }

    /** Draws everything queued over the bound framebuffer of {@code width x height} pixels. */
    public void flush(int width, int height) {
        if (quads == 0) {
            return;
        }
        vertices.flip();
        program.use();
        glUniform2f(program.uniform("screenSize"), width, height);
        glUniform1i(program.uniform("atlas"), 0);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, texture);
        glBindBuffer(GL_ARRAY_BUFFER, vbo);
        glBufferSubData(GL_ARRAY_BUFFER, 0, vertices);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        glEnable(GL_BLEND);
        glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
        glBindVertexArray(vao);
        glDrawArrays(GL_TRIANGLES, 0, quads * 6);
        glBindVertexArray(0);
        glDisable(GL_BLEND);
        glBindTexture(GL_TEXTURE_2D, 0);
        vertices.clear();
        quads = 0;
        GlCheck.check("drawing the HUD");
    }

    @Override
    public void close() {
        program.close();
        glDeleteTextures(texture);
        glDeleteVertexArrays(vao);
        glDeleteBuffers(vbo);
        MemoryUtil.memFree(vertices);
    }
}
