package org.splatforge.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code splat bench ...}: benchmarks of whole pipelines. Each subcommand prints one JSON
 * document on stdout (logs go to stderr), so results can be piped, stored and compared.
 * Benchmarks never assert on time; tests never time.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks that print JSON on stdout.",
        subcommands = {
                BenchIoCommand.class,
                CompressBenchCommand.class,
                DataBenchCommand.class,
                MetricsBenchCommand.class,
                DeformBenchCommand.class,
                RasterBenchCommand.class,
                TrainBenchCommand.class,
                BenchViewCommand.class,
                BenchVisionCommand.class,
        })
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
