package org.splatforge.cli.vision;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.util.Log;
import org.splatforge.vision.model.BuiltinModels;
import org.splatforge.vision.model.VitCheckpoint;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.onnx.OnnxCodec;
import org.splatforge.vision.onnx.OnnxVitExporter;
import org.splatforge.vision.onnx.OnnxVitImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code splat vision export} / {@code import}: ONNX in and out. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export an fp32 ViT to ONNX (runs in ONNX Runtime), or with --import read an ONNX ViT/DeiT "
                + "(timm or torchvision export) into a checkpoint.")
public final class VisionExportCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = BuiltinModels.FASHION, description = "Source: builtin:fashion, a checkpoint or (with --import) an .onnx file.")
    String model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The .onnx (export) or .safetensors (import) to write.")
    Path out;

    @Option(names = "--style", defaultValue = "timm", description = "Op patterns of the export: timm (opset 17) or torchvision (opset 13).")
    OnnxVitExporter.Style style;

    @Option(names = "--import", description = "Read the --model .onnx file and write a checkpoint.")
    boolean importing;

    @Option(names = "--mean", split = ",", defaultValue = "0.5", description = "Input mean per channel for imported models (ONNX does not carry it).")
    float[] mean;

    @Option(names = "--std", split = ",", defaultValue = "0.5", description = "Input std per channel for imported models.")
    float[] std;

    @Override
    public Integer call() throws Exception {
        if (importing) {
            VitWeights w = OnnxVitImporter.read(Path.of(model), mean, std);
            VitCheckpoint.write(out, w, java.util.Map.of("source", model));
            Log.info("imported %s: %s", model, w.config);
        } else {
            VitWeights w = VisionModels.fp32(model);
            OnnxCodec.write(out, OnnxVitExporter.export(w, style));
            Log.info("exported %s (%s) to %s", model, w.config, out);
        }
        System.out.println("{\"out\": \"" + out + "\"}");
        return ExitCodes.OK;
    }
}
