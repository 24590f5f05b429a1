package org.splatforge.render.viewer.gl;

import static org.lwjgl.opengl.GL11C.*;
import static org.lwjgl.opengl.GL15C.*;
import static org.lwjgl.opengl.GL20C.*;
import static org.lwjgl.opengl.GL30C.*;
import static org.lwjgl.opengl.GL31C.glDrawArraysInstanced;
import static org.lwjgl.opengl.GL42C.glMemoryBarrier;
import static org.lwjgl.opengl.GL43C.*;

import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryUtil;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Draws a Gaussian cloud with OpenGL 4.3: the raw parameters live in shader storage
 * buffers (uploaded as they are in {@link GaussianCloud}), a compute pass projects every
 * Gaussian for the frame's camera (project.comp: the contract's EWA projection, SH colour
 * and tile rectangle), and one instanced draw of screen-space quads composites them back
 * to front in the order of the CPU depth sort (splat.vert / splat.frag).
 *
 * <p>GPU memory per Gaussian: 44 bytes of geometry, 12*K bytes of SH, 80 bytes of
 * projected data, 4 bytes of order (and 24 bytes of static indices when not instanced). Must be used on the GL thread. Owns its GL objects.
 */
public final class SplatRenderer implements AutoCloseable {

    private static final int B_MEANS = 0, B_SCALES = 1, B_QUATS = 2, B_OPAC = 3, B_SH = 4, B_PROJ = 5, B_ORDER = 6;
    private static final int PROJECTED_BYTES = 80;
    private static final int CHUNKS = Integer.getInteger("splat.view.chunks", 8);

    private final ShaderProgram project;
    private final ShaderProgram splat;
    private final int vao;
    private final int[] buffers = new int[7];
    private final long[] bufferBytes = new long[7];
    private ByteBuffer staging = MemoryUtil.memAlloc(1 << 20);
    private int size;
    private int shCoeffs = 1;
    private int shDegree;
    private int drawCount;
    private final float[] rotation = new float[9];

    private final boolean instanced;
    private int indexBuffer;
    private int indexQuads;

    /**
     * @param instanced issue the quads as instances (one per Gaussian, 4 strip vertices)
     *                  or as one plain draw of 6 vertices per quad (see splat.vert)
     */
    public SplatRenderer(boolean instanced) {
        this.instanced = instanced;
        project = new ShaderProgram("project", GL_COMPUTE_SHADER, "project.comp");
        splat = new ShaderProgram("splat", GL_VERTEX_SHADER, "splat.vert", GL_FRAGMENT_SHADER, "splat.frag");
        vao = glGenVertexArrays();
        glGenBuffers(buffers);
        GlCheck.check("creating the splat buffers");
    }

    private boolean antialiased;

    /**
     * Multiplies each opacity by sqrt(det(Cov2D - 0.3 I) / det(Cov2D)) (Mip-Splatting, gsplat's
     * "antialiased" mode), for models trained that way; off in the contract.
     */
    public void setAntialiased(boolean on) {
        antialiased = on;
    }

    /** True when quads are drawn as instances. */
    public boolean instanced() {
        return instanced;
    }

    /** Gaussians currently uploaded. */
    public int size() {
        return size;
    }

    /**
     * Uploads a cloud's raw parameters. With {@code withSh} false the SH buffer is kept
     * (dynamic scenes whose colour does not change with time upload only geometry).
     */
    public void upload(GaussianCloud cloud, boolean withSh) {
        int n = cloud.size();
        put(B_MEANS, cloud.means(), n * 3);
        put(B_SCALES, cloud.logScales(), n * 3);
        put(B_QUATS, cloud.quats(), n * 4);
        put(B_OPAC, cloud.opacityLogits(), n);
        if (withSh || n != size || cloud.shCoeffs() != shCoeffs) {
            put(B_SH, cloud.sh(), n * cloud.shCoeffs() * 3);
        }
        reserve(B_PROJ, (long) Math.max(1, n) * PROJECTED_BYTES);
        reserve(B_ORDER, (long) Math.max(1, n) * 4);
        if (n != size) {
            drawCount = 0; // an order for another count is meaningless
        }
        size = n;
        shCoeffs = cloud.shCoeffs();
        shDegree = cloud.shDegree();
        GlCheck.check("uploading " + n + " Gaussians");
    }

    /** Uploads a depth order: {@code order[0..count)}, ascending depth, indices below {@link #size()}. */
    public void uploadOrder(int[] order, int count) {
        if (count > size) {
            throw new IllegalArgumentException("order of " + count + " entries for " + size + " Gaussians");
        }
        ByteBuffer b = staging(count * 4L);
        b.asIntBuffer().put(order, 0, count);
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffers[B_ORDER]);
        glBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, b.limit(count * 4));
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
        drawCount = count;
        GlCheck.check("uploading the depth order");
    }

    /** Gaussians the next draw will composite (the visible count of the last order). */
    public int drawCount() {
        return drawCount;
    }

    /**
     * Projects and composites the cloud for {@code camera} into the currently bound
     * framebuffer, which must be {@code camera.width() x camera.height()} pixels and is
     * cleared to {@code background} first.
     *
     * @param maxShDegree highest SH degree to evaluate (the cloud's own degree caps it)
     * @param background  RGB in [0, 1]
     */
    public void render(Camera camera, int maxShDegree, float[] background) {
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_CULL_FACE);
        glClearColor(background[0], background[1], background[2], 0f); // alpha accumulates 1 - T
        glClear(GL_COLOR_BUFFER_BIT);
        if (size == 0 || drawCount == 0) {
            return;
        }
        project.use();
        glUniform1i(project.uniform("count"), size);
        glUniform1i(project.uniform("shCoeffs"), shCoeffs);
        glUniform1i(project.uniform("shDegree"), Math.min(shDegree, maxShDegree));
        glUniform1i(project.uniform("antialiased"), antialiased ? 1 : 0);
        float[] r = rotation;
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                r[row * 3 + col] = (float) camera.view(row, col);
            }
        }
        glUniformMatrix3fv(project.uniform("rotation"), true, r); // row-major in, GLSL sees R
        glUniform3f(project.uniform("translation"), (float) camera.view(0, 3), (float) camera.view(1, 3),
                (float) camera.view(2, 3));
        glUniform4f(project.uniform("intrinsics"), (float) camera.fx(), (float) camera.fy(), (float) camera.cx(),
                (float) camera.cy());
        glUniform2f(project.uniform("imageSize"), camera.width(), camera.height());
        double[] c = camera.center();
        glUniform3f(project.uniform("cameraCentre"), (float) c[0], (float) c[1], (float) c[2]);
        for (int b = B_MEANS; b <= B_PROJ; b++) {
            glBindBufferBase(GL_SHADER_STORAGE_BUFFER, b, buffers[b]);
        }
        glDispatchCompute((size + 255) / 256, 1, 1);
        glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT);
        GlCheck.check("glDispatchCompute(project, " + size + " Gaussians)");

        splat.use();
        glUniform1i(splat.uniform("drawCount"), drawCount);
        glUniform1i(splat.uniform("instancing"), instanced ? 1 : 0);
        glUniform2f(splat.uniform("imageSize"), camera.width(), camera.height());
        glBindBufferBase(GL_SHADER_STORAGE_BUFFER, B_PROJ, buffers[B_PROJ]);
        glBindBufferBase(GL_SHADER_STORAGE_BUFFER, B_ORDER, buffers[B_ORDER]);
        for (int plane = 0; plane < 4; plane++) {
            glEnable(GL_CLIP_DISTANCE0 + plane); // the tile rectangle, see splat.vert
        }
        glEnable(GL_BLEND);
        glBlendEquation(GL_FUNC_ADD);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA); // premultiplied "over", back to front
        glBindVertexArray(vao);
        if (instanced) {
            glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, drawCount);
        } else {
            ensureIndices(drawCount);
            // In chunks with a flush after each: a software rasterizer (llvmpipe) bins the next
            // chunk on this thread while its worker threads rasterize the previous one. Order is
            // kept: chunks are rasterized in submission order.
            int chunk = Math.max(1, (drawCount + CHUNKS - 1) / CHUNKS);
            for (int first = 0; first < drawCount; first += chunk) {
                int n = Math.min(chunk, drawCount - first);
                glDrawElements(GL_TRIANGLES, n * 6, GL_UNSIGNED_INT, first * 24L);
                if (CHUNKS > 1) {
                    glFlush();
                }
            }
        }
        glBindVertexArray(0);
        glDisable(GL_BLEND);
        for (int plane = 0; plane < 4; plane++) {
            glDisable(GL_CLIP_DISTANCE0 + plane);
        }
        GlCheck.check((instanced ? "glDrawArraysInstanced" : "glDrawElements") + "(splats, " + drawCount + ")");
    }

    /** Grows the static index buffer (two triangles per quad, 4 vertices each) to {@code quads} quads; binds it to the VAO. */
    private void ensureIndices(int quads) {
        if (quads <= indexQuads) {
            return;
        }
        if (indexBuffer == 0) {
            indexBuffer = glGenBuffers();
        }
        ByteBuffer b = staging(quads * 24L);
        var ib = b.asIntBuffer();
        for (int q = 0; q < quads; q++) {
            int v = q * 4;
            ib.put(v).put(v + 1).put(v + 2).put(v + 2).put(v + 1).put(v + 3);
        }
        b.limit(quads * 24);
        glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, indexBuffer);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, b, GL_STATIC_DRAW);
        indexQuads = quads;
    }

    private void put(int slot, float[] data, int count) {
        ByteBuffer b = staging(count * 4L);
        b.asFloatBuffer().put(data, 0, count);
        b.limit(count * 4);
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffers[slot]);
        if (bufferBytes[slot] != Math.max(4, count * 4L)) {
            glBufferData(GL_SHADER_STORAGE_BUFFER, Math.max(4, count * 4L), GL_DYNAMIC_DRAW);
            bufferBytes[slot] = Math.max(4, count * 4L);
        }
        if (count > 0) {
            glBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, b);
        }
        glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
    }

    private void reserve(int slot, long bytes) {
        if (bufferBytes[slot] != bytes) {
            glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffers[slot]);
            glBufferData(GL_SHADER_STORAGE_BUFFER, bytes, GL_DYNAMIC_DRAW);
            glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
            bufferBytes[slot] = bytes;
        }
    }

    private ByteBuffer staging(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("upload of " + bytes + " bytes is too large for one buffer");
        }
        if (staging.capacity() < bytes) {
            MemoryUtil.memFree(staging);
            staging = MemoryUtil.memAlloc((int) Math.max(bytes, staging.capacity() * 3L / 2));
        }
        staging.clear();
        return staging;
    }

    @Override
    public void close() {
        project.close();
        splat.close();
        glDeleteVertexArrays(vao);
        glDeleteBuffers(buffers);
        if (indexBuffer != 0) {
            glDeleteBuffers(indexBuffer);
        }
        MemoryUtil.memFree(staging);
    }
}
