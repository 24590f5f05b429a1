package org.splatforge.cli.vision;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code splat vision ...}: ViT classifiers, fp32 and integer-only (I-ViT). Subcommands:
 * train, quantize, eval, classify, export, import.
 */
@Command(name = "vision",
        mixinStandardHelpOptions = true,
        description = "Vision Transformers: train, quantize (integer-only I-ViT), evaluate, classify, ONNX export/import.",
        subcommands = {
                VisionTrainCommand.class,
                VisionQuantizeCommand.class,
                VisionEvalCommand.class,
                VisionClassifyCommand.class,
                VisionExportCommand.class,
        })
public final class VisionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
