package org.splatforge.compress.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs PlayCanvas's {@code @playcanvas/splat-transform} (the version pinned in
 * {@code .ci/interop/package.json}, installed there by {@code npm ci}) as a peer in
 * {@code splat bench compress}. Found, in order: an explicit path, the
 * {@code SPLAT_TRANSFORM} environment variable, {@code .ci/interop/node_modules/.bin/splat-transform}
 * in the working folder or any folder above it (the repository root), then {@code splat-transform}
 * on the {@code PATH}.
 */
public final class SplatTransformTool {

    /** Where npm ci puts the executable, relative to the repository root. */
    public static final String REPO_RELATIVE = ".ci/interop/node_modules/.bin/splat-transform";

    private final Path exe;

    private SplatTransformTool(Path exe) {
        this.exe = exe;
    }

    /** The tool at {@code explicit} (when not null), else found as described above; null when absent. */
    public static SplatTransformTool find(Path explicit) {
        if (explicit != null) {
            return Files.isExecutable(explicit) ? new SplatTransformTool(explicit) : null;
        }
        String env = System.getenv("SPLAT_TRANSFORM");
        if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) {
            return new SplatTransformTool(Path.of(env));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve(REPO_RELATIVE);
            if (Files.isExecutable(c)) {
                return new SplatTransformTool(c);
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, "splat-transform"))) {
                    return new SplatTransformTool(Path.of(d, "splat-transform"));
                }
            }
        }
        return null;
    }

    public Path executable() {
        return exe;
    }

    /**
     * The outcome of one run.
     *
     * @param exitCode the process's exit status (-1 when it was killed for taking too long)
     * @param timedOut whether it ran past the time limit
     * @param seconds  wall-clock time, seconds
     * @param output   stdout and stderr together (the last 4000 characters)
     */
    public record Run(int exitCode, boolean timedOut, double seconds, String output) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    /** Runs {@code splat-transform ARGS}, killing it (and its workers) after {@code timeoutSeconds}. */
    public Run run(double timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("splat-transform", ".log");
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (out.length() > 4000) {
                out = out.substring(out.length() - 4000);
            }
            return new Run(done ? p.exitValue() : -1, !done, secs, out);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The tool's version line ({@code splat-transform --version}). */
    public String version() throws IOException, InterruptedException {
        Run r = run(60, "--version");
        return r.output().trim();
    }
}
