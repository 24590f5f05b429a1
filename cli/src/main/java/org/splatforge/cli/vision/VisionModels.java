package org.splatforge.cli.vision;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.util.Log;
import org.splatforge.vision.eval.Classifier;
import org.splatforge.vision.model.BuiltinModels;
import org.splatforge.vision.model.VitCheckpoint;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.onnx.OnnxVitImporter;
import org.splatforge.vision.quant.QuantCheckpoint;
import org.splatforge.vision.quant.QuantizedVit;

/**
 * Resolves a {@code --model} argument for the vision commands: {@code builtin:fashion}, an fp32
 * checkpoint ({@code .safetensors} from {@code splat vision train}), an integer model (from
 * {@code splat vision quantize}; recognised by its metadata) or an ONNX file.
 */
final class VisionModels {

    private VisionModels() {
    }

    static boolean isQuantized(String spec) throws IOException {
        return !BuiltinModels.isBuiltin(spec) && !spec.endsWith(".onnx") && QuantCheckpoint.isQuantized(existing(spec));
    }

    static VitWeights fp32(String spec) throws IOException {
        if (BuiltinModels.isBuiltin(spec)) {
            return BuiltinModels.load(spec);
        }
        Path p = existing(spec);
        if (spec.endsWith(".onnx")) {
            return OnnxVitImporter.read(p, new float[] {0.5f}, new float[] {0.5f});
        }
        if (QuantCheckpoint.isQuantized(p)) {
            throw new IllegalArgumentException(spec + " is an integer model; this command needs the fp32 checkpoint it was made from");
        }
        return VitCheckpoint.read(p);
    }

    static QuantizedVit int8(String spec) throws IOException {
        return QuantCheckpoint.read(existing(spec));
    }

    /** The fp32 or integer classifier the spec names. */
    static Classifier classifier(String spec, Device device) throws IOException {
        if (isQuantized(spec)) {
            Log.info("model %s: integer-only (I-ViT)", spec);
            return Classifier.int8(int8(spec), device);
        }
        VitWeights w = fp32(spec);
        Log.info("model %s: fp32 %s", spec, w.config);
        return Classifier.fp32(w, device);
    }

    private static Path existing(String spec) throws NoSuchFileException {
        Path p = Path.of(spec);
        if (!java.nio.file.Files.exists(p)) {
            throw new NoSuchFileException(spec);
        }
        return p;
    }
}
