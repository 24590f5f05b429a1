package org.splatforge.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code @playcanvas/splat-transform} (version pinned in
 * {@code .ci/interop/package.json}; installed by {@code npm ci} there, as .ci/run does)
 * for interoperability tests. Tests call {@link #require()} and are skipped with a visible
 * reason when node or the tool is missing.
 */
public final class SplatTransform {

    private final Path exe;

    private SplatTransform(Path exe) {
        this.exe = exe;
    }

    /** The checkout root: the nearest folder above the working directory holding .ci/interop. */
    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve(".ci/interop/package.json"))) {
                return p;
            }
            p = p.getParent();
        }
        return null;
    }

    /** The tool, or a skipped test saying why it is not there. */
    public static SplatTransform require() {
        Path root = repoRoot();
        assumeTrue(root != null, "skipped: no .ci/interop folder above " + Path.of("").toAbsolutePath());
        Path exe = root.resolve(".ci/interop/node_modules/.bin/splat-transform");
        assumeTrue(Files.isExecutable(exe), "skipped: splat-transform not installed at " + exe
                + " (run `npm ci` in .ci/interop, as .ci/run does)");
        assumeTrue(nodeWorks(), "skipped: node is not on the PATH (splat-transform needs Node.js)");
        return new SplatTransform(exe);
    }

    private static boolean nodeWorks() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code splat-transform ARGS}; returns stdout and stderr; fails on a non-zero exit. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("splat-transform timed out: " + cmd);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("splat-transform exited " + p.exitValue() + ": " + cmd + "\n" + text);
        }
        return text;
    }

    /** Converts {@code in} to {@code out} (overwriting), with extra options before the output. */
    public void convert(Path in, Path out, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-w", in.toString()));
        args.addAll(List.of(options));
        args.add(out.toString());
        run(args.toArray(String[]::new));
    }
}
