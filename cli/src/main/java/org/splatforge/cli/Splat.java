package org.splatforge.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.runtime.DeviceUnavailableException;
import org.splatforge.core.util.Log;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code splat} command. One class per subcommand; this class only wires them up and
 * maps failures to exit codes ({@link ExitCodes}) with a one-line message naming the
 * problem, so users never see a stack trace for bad input (use {@code -v} to get one).
 */
@Command(name = "splat",
        mixinStandardHelpOptions = true,
        versionProvider = Splat.Version.class,
        description = "Splatforge: train, render, compress and view 3D/4D Gaussian splatting scenes; run integer-only ViTs.",
        subcommands = {
                CommandLine.HelpCommand.class,
                org.splatforge.cli.bench.BenchCommand.class,
                org.splatforge.cli.scene.InfoCommand.class,
                org.splatforge.cli.scene.ConvertCommand.class,
                org.splatforge.cli.builtin.SceneCommand.class,
                org.splatforge.cli.compress.CompressCommand.class,
                org.splatforge.cli.compress.DecompressCommand.class,
                org.splatforge.cli.train.TrainCommand.class,
                org.splatforge.cli.train.RenderCommand.class,
                org.splatforge.cli.train.ExportFramesCommand.class,
                org.splatforge.cli.train.DemoCommand.class,
                org.splatforge.cli.view.ViewCommand.class,
                org.splatforge.cli.vision.VisionCommand.class,
        })
public final class Splat implements Runnable {

    @Mixin
    LogOptions logOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this directly). */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    /** The configured command line, with error handling. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Splat());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, line, parseResult) -> {
            int code = exitCodeFor(ex);
            String what = line.getCommandSpec().qualifiedName(" "); // e.g. "splat scene generate"
            System.err.println("error: " + what + ": " + message(ex));
            if (Log.enabled(Log.Level.DEBUG)) {
                ex.printStackTrace(System.err);
            } else if (code == ExitCodes.FAILURE) {
                System.err.println("(run with -v for the stack trace)");
            }
            return code;
        });
        return cli;
    }

    /** The exit code for a failure (also used for per-file failures of batch commands). */
    public static int exitCodeFor(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof CorruptDataException) {
            return ExitCodes.BAD_INPUT;
        }
        if (t instanceof NoSuchFileException || t instanceof FileNotFoundException || t instanceof AccessDeniedException) {
            return ExitCodes.IO;
        }
        if (t instanceof DeviceUnavailableException) { // before USAGE: --device cuda on a machine without a GPU
            return ExitCodes.UNAVAILABLE;
        }
        if (t instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        if (t instanceof UnsupportedOperationException) {
            return ExitCodes.UNAVAILABLE;
        }
        if (t instanceof InterruptedException) {
            return ExitCodes.INTERRUPTED;
        }
        if (t instanceof IOException) {
            return ExitCodes.IO;
        }
        return ExitCodes.FAILURE;
    }

    static String message(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
        String m = t.getMessage();
        if (t instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied: " + m;
        }
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** Version from the jar manifest (falls back to "dev" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Splat.class.getPackage().getImplementationVersion();
            return new String[] {"splat " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
