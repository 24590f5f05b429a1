package org.splatforge.render.viewer.gl;

import static org.lwjgl.opengl.GL20C.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A linked GLSL program built from shader sources kept as resources next to this class
 * ({@code .vert}, {@code .frag}, {@code .comp}). Compile and link failures throw a
 * {@link GlException} with the driver's log and the resource name. Owns the GL program.
 */
public final class ShaderProgram implements AutoCloseable {

    private final String name;
    private final int program;
    private final Map<String, Integer> uniforms = new HashMap<>();

    /**
     * @param stages pairs of (GL shader type, resource name), e.g.
     *               {@code GL_VERTEX_SHADER, "splat.vert", GL_FRAGMENT_SHADER, "splat.frag"}
     */
    public ShaderProgram(String name, Object... stages) {
        this.name = name;
        program = glCreateProgram();
        int[] shaders = new int[stages.length / 2];
        try {
            for (int s = 0; s < shaders.length; s++) {
                int type = (Integer) stages[2 * s];
                String resource = (String) stages[2 * s + 1];
                shaders[s] = compile(type, resource);
                glAttachShader(program, shaders[s]);
            }
            glLinkProgram(program);
            if (glGetProgrami(program, GL_LINK_STATUS) == GL_FALSE) {
                throw new GlException("linking shader program " + name + " failed:\n" + glGetProgramInfoLog(program));
            }
        } catch (RuntimeException e) {
            glDeleteProgram(program);
            throw e;
        } finally {
            for (int sh : shaders) {
                if (sh != 0) {
                    glDeleteShader(sh);
                }
            }
        }
        GlCheck.check("building shader program " + name);
    }

    private static int compile(int type, String resource) {
        String src = load(resource);
        int sh = glCreateShader(type);
        glShaderSource(sh, src);
        glCompileShader(sh);
        if (glGetShaderi(sh, GL_COMPILE_STATUS) == GL_FALSE) {
            String log = glGetShaderInfoLog(sh);
            glDeleteShader(sh);
            throw new GlException("compiling shader " + resource + " failed:\n" + log);
        }
        return sh;
    }

    static String load(String resource) {
        try (InputStream in = ShaderProgram.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shader resource missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading shader " + resource, e);
        }
    }

    public void use() {
        glUseProgram(program);
    }

    /** Location of a uniform; throws when the program has no such active uniform. */
    public int uniform(String u) {
        return uniforms.computeIfAbsent(u, k -> {
            int loc = glGetUniformLocation(program, k);
            if (loc < 0) {
                throw new GlException("shader program " + name + " has no active uniform " + k);
            }
            return loc;
        });
    }

    @Override
    public void close() {
        glDeleteProgram(program);
    }
}
