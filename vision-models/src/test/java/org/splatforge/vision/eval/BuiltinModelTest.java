package org.splatforge.vision.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;
import org.splatforge.vision.data.FashionMnist;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.infer.Schedule;
import org.splatforge.vision.infer.VitExecutor;
import org.splatforge.vision.model.BuiltinModels;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.onnx.OnnxCodec;
import org.splatforge.vision.onnx.OnnxVitExporter;
import org.splatforge.vision.onnx.OnnxVitTest;
import org.splatforge.vision.ops.CpuFp32Ops;
import org.splatforge.vision.quant.Calibration;
import org.splatforge.vision.quant.QuantizedVit;
import org.splatforge.vision.quant.VitQuantizer;

/**
 * The committed Fashion-MNIST ViT: it loads, it classifies the first 1,000 test images above
 * 88% in fp32 (90.04% on all 10,000 with {@code splat vision eval}, which takes too long for a
 * unit test), the integer-only model
 * made from it stays within one point on them, and its ONNX export agrees with ONNX Runtime.
 */
class BuiltinModelTest {

    @Test
    void accurateInFp32AndInteger() throws Exception {
        assumeTrue(FashionMnist.available(FashionMnist.DEFAULT_DIR),
                "skipped: Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        VitWeights w = BuiltinModels.load(BuiltinModels.FASHION);
        ImageSet test = FashionMnist.test(FashionMnist.DEFAULT_DIR).head(1000);
        Calibration cal = Calibration.collect(w, FashionMnist.train(FashionMnist.DEFAULT_DIR), 64);
        QuantizedVit q = VitQuantizer.quantize(w, cal, VitQuantizer.Options.defaults());
        try (CpuDevice dev = new CpuDevice(2)) {
            Evaluation f = Evaluation.run(Classifier.fp32(w, dev), test, 100, 0);
            Evaluation i = Evaluation.run(Classifier.int8(q, dev), test, 100, 0);
            System.out.printf("built-in model on %d test images: fp32 %.2f%%, int8 %.2f%%%n", f.count(), 100 * f.accuracy(),
                    100 * i.accuracy());
            assertTrue(f.accuracy() >= 0.88, "fp32 accuracy " + f.accuracy());
            assertTrue(Math.abs(f.accuracy() - i.accuracy()) <= 0.01, "int8 " + i.accuracy() + " vs fp32 " + f.accuracy());
        }
    }

    @Test
    void exportMatchesOnnxRuntime() throws Exception {
        VitWeights w = BuiltinModels.load(BuiltinModels.FASHION);
        VitConfig c = w.config;
        int n = 8;
        byte[] px = new byte[n * c.pixels()];
        new SplittableRandom(SharedData.seed("BuiltinModelTest.ort", 9)).nextBytes(px);
        float[] ours = new float[n * c.classes()];
        try (CpuDevice dev = new CpuDevice(2)) {
            new VitExecutor<>(new CpuFp32Ops(dev), w).forward(px, 0, n, Schedule.PLANNED, ours);
        }
        float[][] ort = OnnxVitTest.runOrt(OnnxCodec.encode(OnnxVitExporter.export(w, OnnxVitExporter.Style.TIMM)),
                OnnxVitTest.normalise(c, px, n), new long[] {n, c.channels(), c.imageSize(), c.imageSize()});
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < c.classes(); j++) {
                assertEquals(ort[b][j], ours[b * c.classes() + j], 1e-4 * Math.max(1, Math.abs(ort[b][j])), "sample " + b + " logit " + j);
            }
        }
    }
}
