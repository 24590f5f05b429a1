package org.splatforge.cli.vision;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.util.Log;
import org.splatforge.vision.data.FashionMnist;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.eval.Classifier;
import org.splatforge.vision.eval.Evaluation;
import org.splatforge.vision.model.BuiltinModels;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.quant.Calibration;
import org.splatforge.vision.quant.QuantCheckpoint;
import org.splatforge.vision.quant.QuantizedVit;
import org.splatforge.vision.quant.VitQuantizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code splat vision quantize}: post-training integer-only quantisation (I-ViT), with an accuracy check. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Quantize an fp32 ViT to integer-only int8 (I-ViT) with activation ranges from calibration images; "
                + "prints fp32 and int8 test accuracy as JSON.")
public final class VisionQuantizeCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--model", defaultValue = BuiltinModels.FASHION, description = "fp32 model: builtin:fashion, a checkpoint or an .onnx file (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Integer model to write (.safetensors).")
    Path out;

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist", paramLabel = "DIR")
    Path data;

    @Option(names = "--calib", defaultValue = "512", description = "Calibration images from the training split (default: ${DEFAULT-VALUE}).")
    int calib;

    @Option(names = "--method", defaultValue = "percentile", description = "Range method: minmax or percentile (default: ${DEFAULT-VALUE}).")
    Calibration.Method method;

    @Option(names = "--percentile", defaultValue = "99.99", description = "Percentile of |activation| for --method percentile.")
    double percentile;

    @Option(names = "--eval", defaultValue = "10000", description = "Test images to compare fp32 and int8 on (0 = skip).")
    int eval;

    @Override
    public Integer call() throws Exception {
        if (calib <= 0 || !(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("--calib must be > 0 and --percentile in (0, 100]");
        }
        VitWeights w = VisionModels.fp32(model);
        ImageSet train = FashionMnist.train(data);
        long t0 = System.nanoTime();
        Calibration cal = Calibration.collect(w, train, calib);
        QuantizedVit q = VitQuantizer.quantize(w, cal, new VitQuantizer.Options(method, percentile));
        QuantCheckpoint.write(out, q);
        Log.info("calibrated on %d images (%s) in %.1f s; wrote %s", cal.images(), q.calibration(), (System.nanoTime() - t0) / 1e9, out);
        StringBuilder json = new StringBuilder("{\"model\": \"" + model + "\", \"out\": \"" + out + "\", \"calibration\": \"" + q.calibration() + "\"");
        if (eval > 0) {
            ImageSet test = FashionMnist.test(data);
            try (Device device = deviceOptions.open()) {
                Evaluation f = Evaluation.run(Classifier.fp32(w, device), test, 64, eval);
                Evaluation i = Evaluation.run(Classifier.int8(q, device), test, 64, eval);
                json.append(String.format(Locale.ROOT, ", \"images\": %d, \"fp32_accuracy\": %.4f, \"int8_accuracy\": %.4f, \"drop_points\": %.2f",
                        f.count(), f.accuracy(), i.accuracy(), 100 * (f.accuracy() - i.accuracy())));
            }
        }
        System.out.println(json.append("}"));
        return ExitCodes.OK;
    }
}
