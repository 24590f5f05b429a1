package org.splatforge.render.viewer.gl;

import static org.lwjgl.opengl.GL11C.*;
import static org.lwjgl.opengl.GL15C.*;
import static org.lwjgl.opengl.GL20C.*;
import static org.lwjgl.opengl.GL30C.*;
import static org.lwjgl.opengl.GL32C.GL_PROGRAM_POINT_SIZE;
import static org.lwjgl.opengl.GL42C.GL_VERTEX_ATTRIB_ARRAY_BARRIER_BIT;
import static org.lwjgl.opengl.GL42C.glMemoryBarrier;
import static org.lwjgl.opengl.GL43C.*;

import java.nio.IntBuffer;
import java.util.Arrays;
import org.lwjgl.system.MemoryUtil;

/**
 * The software-GL way {@link SplatRenderer} issues splats: one point sprite per splat
 * instead of a two-triangle quad. Mesa's llvmpipe spends most of a splat frame per
 * primitive (vertex shading, triangle setup and binning on the GL thread) and per 4x4 pixel
 * block; a point is one primitive with one vertex, so the GL thread's share of a 100k-splat
 * frame drops from about 55-90 ms to about 12 ms (issue 7's measurements).
 *
 * <p>A compute pass (point.comp) writes, in drawing order, one vertex per draw slot: the
 * pixel-aligned square covering the Gaussian's alpha >= 1/255 bounding box cut to its tile
 * rectangle, plus what point.frag needs to evaluate the contract per pixel (mean2d, conic,
 * opacity, colour, tile rectangle). Squares wider than the driver's largest point size
 * (255 pixels on llvmpipe) are listed instead: {@link #emit} returns them sorted, and the
 * renderer draws each as a quad in its place in the order.
 *
 * <p>GPU memory: 64 bytes of vertex data per Gaussian, plus a 16 KiB list. Must be used on
 * the GL thread. Owns its GL objects.
 */
final class PointSplats implements AutoCloseable {

    /** Bindings shared with project.comp and splat.vert. */
    static final int B_PROJ = 5, B_ORDER = 6, B_POINTS = 7, B_OVERSIZE = 8;
    private static final int VERTEX_BYTES = 64;
    /** Oversize squares listed per frame by default; past this many the whole frame is drawn as quads. */
    static final int OVERSIZE_CAPACITY = 4096;

    private final ShaderProgram emit;
    private final ShaderProgram draw;
    private final int vao;
    private final int vertices;
    private final int oversize;
    private final float maxPointSize;
    private final int capacity;
    private final IntBuffer readback;
    private final int[] oversizeSlots;
    private long vertexBytes;

    /** @param capacity oversize squares listed per frame ({@link #OVERSIZE_CAPACITY} in the viewer; tests use a few) */
    PointSplats(int capacity) {
        this.capacity = capacity;
        readback = MemoryUtil.memAllocInt(capacity + 1);
        oversizeSlots = new int[capacity];
        emit = new ShaderProgram("point emit", GL_COMPUTE_SHADER, "point.comp");
        draw = new ShaderProgram("point splat", GL_VERTEX_SHADER, "point.vert", GL_FRAGMENT_SHADER, "point.frag");
        float[] range = new float[2];
        glGetFloatv(GL_POINT_SIZE_RANGE, range);
        maxPointSize = Math.max(1, range[1]);
        vertices = glGenBuffers();
        oversize = glGenBuffers();
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, oversize);
        glBufferData(GL_SHADER_STORAGE_BUFFER, (capacity + 1) * 4L, GL_DYNAMIC_READ);
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
        vao = glGenVertexArrays();
        GlCheck.check("creating the point-sprite buffers");
    }

    /** Largest point sprite the driver draws, pixels. */
    float maxPointSize() {
        return maxPointSize;
    }

    /**
     * Writes the point vertices of draw slots {@code [0, drawCount)} from the projected
     * Gaussians and the depth order (bound at {@link #B_PROJ} and {@link #B_ORDER}), and
     * returns how many slots are too wide for a point, their slot numbers ascending in
     * {@link #oversizeSlots()}; -1 when there are more than the capacity.
     */
    int emit(int drawCount, int width, int height) {
        ensureVertices(drawCount);
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, oversize);
        readback.clear().put(0, 0).limit(1);
        glBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, readback); // count = 0
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
        emit.use();
        glUniform1i(emit.uniform("drawCount"), drawCount);
        glUniform2f(emit.uniform("imageSize"), width, height);
        glUniform1f(emit.uniform("maxPointSize"), maxPointSize);
        glUniform1ui(emit.uniform("oversizeCapacity"), capacity);
        glBindBufferBase(GL_SHADER_STORAGE_BUFFER, B_POINTS, vertices);
        glBindBufferBase(GL_SHADER_STORAGE_BUFFER, B_OVERSIZE, oversize);
        glDispatchCompute((drawCount + 255) / 256, 1, 1);
        glMemoryBarrier(GL_VERTEX_ATTRIB_ARRAY_BARRIER_BIT | GL_BUFFER_UPDATE_BARRIER_BIT);
        GlCheck.check("glDispatchCompute(point emit) for slots", drawCount);
        // Small read-back; the compute pass has to finish before the points are drawn anyway.
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, oversize);
        readback.clear().limit(1);
        glGetBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, readback);
        int count = readback.get(0);
        if (count > capacity) {
            count = -1;
        } else if (count > 0) {
            readback.clear().limit(count);
            glGetBufferSubData(GL_SHADER_STORAGE_BUFFER, 4, readback);
            readback.get(0, oversizeSlots, 0, count);
            Arrays.sort(oversizeSlots, 0, count); // appended in no particular order by the atomics
        }
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
        GlCheck.check("reading the oversize point list");
        return count;
    }

    /** The slots {@link #emit} found too wide for points (ascending; valid up to its return value). */
    int[] oversizeSlots() {
        return oversizeSlots;
    }

    /**
     * Binds the point program and vertex data for drawing; blend state is the caller's.
     *
     * @param height framebuffer height, pixels (for point.frag's row of a fragment)
     */
    void bind(int height) {
        draw.use();
        glUniform1f(draw.uniform("imageHeight"), height);
        glEnable(GL_PROGRAM_POINT_SIZE);
        glBindVertexArray(vao);
    }

    /** Draws slots {@code [first, first + count)} as points; {@link #bind} first. */
    void draw(int first, int count) {
        glDrawArrays(GL_POINTS, first, count);
    }

    /** Undoes {@link #bind}'s state. */
    void unbind() {
        glBindVertexArray(0);
        glDisable(GL_PROGRAM_POINT_SIZE);
    }

    private void ensureVertices(int slots) {
        long bytes = Math.max(1, slots) * (long) VERTEX_BYTES;
        if (bytes <= vertexBytes) {
            return;
        }
        glBindBuffer(GL_ARRAY_BUFFER, vertices);
        glBufferData(GL_ARRAY_BUFFER, bytes, GL_DYNAMIC_DRAW);
        glBindVertexArray(vao);
        for (int a = 0; a < 4; a++) { // four vec4 per vertex, see point.vert
            glEnableVertexAttribArray(a);
            glVertexAttribPointer(a, 4, GL_FLOAT, false, VERTEX_BYTES, a * 16L);
        }
        glBindVertexArray(0);
        glBindBuffer(GL_ARRAY_BUFFER, 0);
        vertexBytes = bytes;
        GlCheck.check("allocating " + slots + " point vertices");
    }

    @Override
    public void close() {
        emit.close();
        draw.close();
        glDeleteVertexArrays(vao);
        glDeleteBuffers(vertices);
        glDeleteBuffers(oversize);
        MemoryUtil.memFree(readback);
    }
}
