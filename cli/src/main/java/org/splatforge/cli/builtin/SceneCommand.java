package org.splatforge.cli.builtin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code splat scene ...}: the built-in scenes the project generates itself (no download). */
@Command(name = "scene",
        mixinStandardHelpOptions = true,
        description = "Built-in procedural datasets (ray traced in Java, written in NeRF-synthetic / D-NeRF format).",
        subcommands = {
                SceneListCommand.class,
                SceneGenerateCommand.class,
        })
public final class SceneCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
