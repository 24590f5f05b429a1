package org.splatforge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.splatforge.core.util.Log;

/**
 * Exit code, stdout and stderr of one in-process {@code splat} run (tests of the commands).
 *
 * @param code the exit code {@link Splat#execute} returned
 * @param out  what the command printed on stdout
 * @param err  what it printed on stderr (logs, errors)
 */
public record CliRun(int code, String out, String err) {

    /**
     * Runs {@code splat ARGS} in this JVM, capturing its output (one run at a time). The log
     * level is restored afterwards: {@code -v} or {@code -q} would otherwise carry over to
     * later runs in the same JVM (a {@code -v} run made a later one print a stack trace).
     */
    public static synchronized CliRun splat(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        Log.Level oldLevel = Log.level();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Log.setStream(System.err);
        try {
            int code = Splat.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            Log.setStream(oldErr);
            Log.setLevel(oldLevel);
        }
    }
}
