package org.splatforge.vision.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.runtime.CpuDevice;
import org.splatforge.core.testing.SharedData;
import org.splatforge.vision.infer.Schedule;
import org.splatforge.vision.infer.VitExecutor;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.ops.CpuFp32Ops;

/**
 * ONNX export runs in ONNX Runtime with our logits (1e-4 relative), in both the timm and the
 * torchvision op patterns; import recovers the exact weights; corrupt files fail with offsets.
 */
public class OnnxVitTest {

    static VitWeights model(long seed) {
        VitConfig c = new VitConfig(16, 3, 4, 48, 2, 3, 40, 7, new float[] {0.4f, 0.5f, 0.45f},
                new float[] {0.2f, 0.25f, 0.3f}, 1e-6f);
        VitWeights w = VitWeights.init(c, seed);
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] += (float) (rnd.nextGaussian() * 0.1);
        }
        return w;
    }

    /** Normalised NCHW floats exactly as Patches.extract computes them. */
    public static float[] normalise(VitConfig c, byte[] px, int n) {
        float[] out = new float[n * c.pixels()];
        int hw = c.imageSize() * c.imageSize();
        for (int i = 0; i < out.length; i++) {
            int ch = (i / hw) % c.channels();
            float scale = 1f / (255f * c.std()[ch]);
            float bias = -c.mean()[ch] / c.std()[ch];
            out[i] = (px[i] & 0xff) * scale + bias;
        }
        return out;
    }

    public static float[][] runOrt(byte[] onnx, float[] input, long[] shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
             OrtSession s = env.createSession(onnx, opts);
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result r = s.run(Map.of("input", t))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    @Test
    void exportRunsInOnnxRuntimeWithOurLogits() throws Exception {
        long seed = SharedData.seed("OnnxVitTest", 31);
        VitWeights w = model(seed);
        VitConfig c = w.config;
        int n = 5;
        byte[] px = new byte[n * c.pixels()];
        new SplittableRandom(seed).nextBytes(px);
        float[] ours = new float[n * c.classes()];
        try (CpuDevice dev = new CpuDevice(2)) {
            new VitExecutor<>(new CpuFp32Ops(dev), w).forward(px, 0, n, Schedule.PLANNED, ours);
        }
        for (OnnxVitExporter.Style style : OnnxVitExporter.Style.values()) {
            byte[] bytes = OnnxCodec.encode(OnnxVitExporter.export(w, style));
            float[][] ort = runOrt(bytes, normalise(c, px, n), new long[] {n, c.channels(), c.imageSize(), c.imageSize()});
            double worst = 0;
            for (int b = 0; b < n; b++) {
                for (int j = 0; j < c.classes(); j++) {
                    float o = ort[b][j], m = ours[b * c.classes() + j];
                    double rel = Math.abs(o - m) / Math.max(1e-3, Math.abs(o));
                    worst = Math.max(worst, rel);
                    assertEquals(o, m, 1e-4 * Math.max(1, Math.abs(o)), style + " sample " + b + " logit " + j);
                }
            }
            System.out.printf("%s: worst relative logit difference vs ONNX Runtime %.2e%n", style, worst);
            // Import of the same bytes gives back exactly our weights.
            VitWeights back = OnnxVitImporter.convert(Path.of("mem.onnx"), OnnxCodec.decode(Path.of("mem.onnx"), bytes),
                    new float[] {0.5f}, new float[] {0.5f});
            assertEquals(c, back.config, style.toString());
            assertArrayEquals(w.data, back.data, 0f, style.toString());
        }
    }

    @Test
    void corruptFilesFailWithOffsets(@TempDir Path dir) throws Exception {
        VitWeights w = model(3);
        byte[] bytes = OnnxCodec.encode(OnnxVitExporter.export(w, OnnxVitExporter.Style.TIMM));
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> OnnxVitImporter.read(cut, null, null));
        assertTrue(e.getMessage().contains("cut.onnx") && e.getMessage().contains("byte"), e.getMessage());
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, "this is not protobuf at all".getBytes());
        assertThrows(CorruptDataException.class, () -> OnnxVitImporter.read(junk, null, null));
    }
}
