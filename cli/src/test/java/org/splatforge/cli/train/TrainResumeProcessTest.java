package org.splatforge.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.render.train.TrainCheckpoint;
import org.splatforge.scenes.BuiltinScenes;
import org.splatforge.scenes.SceneOptions;

/**
 * Kill -9 and resume, with real processes: one {@code splat train} runs uninterrupted; a
 * second, identical one is killed (SIGKILL, no shutdown hook runs) after its first
 * checkpoint, then {@code splat train --resume} finishes it. The two final PLY files must be
 * identical byte for byte (same seed, same thread count).
 */
class TrainResumeProcessTest {

    @TempDir
    Path dir;

    private static final String ITERATIONS = "400";

    private List<String> command(Path dataset, Path out, String... extra) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:+UseParallelGC", "-cp", cp,
                "org.splatforge.cli.Splat", "train", dataset.toString(), "--out", out.toString(), "--threads", "2",
                "--no-report"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private static int run(List<String> cmd, Path log) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(8, TimeUnit.MINUTES), "process finished");
        return p.exitValue();
    }

    @Test
    void killedThenResumedEqualsUninterrupted() throws Exception {
        Path dataset = BuiltinScenes.generate("shapes", dir.resolve("shapes"), SceneOptions.tiny(), false, 2).dir();
        String[] args = {"--iterations", ITERATIONS, "--checkpoint-every", "50", "--init-points", "1500", "--seed", "11",
                "--strategy", "default", "--eval-every", "200"};
        Path a = dir.resolve("a"), b = dir.resolve("b");
        assertEquals(0, run(command(dataset, a, args), dir.resolve("a.log")), () -> log(dir.resolve("a.log")));

        Process p = new ProcessBuilder(command(dataset, b, args)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("b.log").toFile()).start();
        Path ck = b.resolve(TrainOutputs.CHECKPOINT);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(ck) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run was still going when its first checkpoint appeared");
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
        p.waitFor(1, TimeUnit.MINUTES);
        int at = TrainCheckpoint.iteration(TrainCheckpoint.read(ck));
        System.out.println("killed after the checkpoint at iteration " + at + " of " + ITERATIONS);
        assertTrue(at < Integer.parseInt(ITERATIONS), "killed mid-run");
        assertTrue(!Files.exists(b.resolve(TrainOutputs.PLY)), "no final model from the killed run");

        assertEquals(0, run(command(dataset, b, "--resume"), dir.resolve("b2.log")), () -> log(dir.resolve("b2.log")));
        byte[] plyA = Files.readAllBytes(a.resolve(TrainOutputs.PLY));
        byte[] plyB = Files.readAllBytes(b.resolve(TrainOutputs.PLY));
        assertEquals(plyA.length, plyB.length);
        assertArrayEquals(plyA, plyB, "resumed model differs from the uninterrupted one");
    }

    private static String log(Path f) {
        try {
            return Files.readString(f);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
