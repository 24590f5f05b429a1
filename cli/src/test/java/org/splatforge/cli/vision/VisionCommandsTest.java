package org.splatforge.cli.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.Splat;
import org.splatforge.vision.data.FashionMnist;

/**
 * The vision commands end to end as a user runs them: a short training run on Fashion-MNIST,
 * eval with a confusion PNG, quantize, classify, ONNX export/import, the benchmark, and the
 * exit codes for bad input. Skips when Debian's dataset-fashion-mnist is not installed.
 */
class VisionCommandsTest {

    private static String run(int expectCode, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Splat.execute(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.println("splat " + String.join(" ", args) + " -> " + code + "\n" + out);
        assertEquals(expectCode, code, "exit code of splat " + String.join(" ", args));
        return out;
    }

    @Test
    void trainEvalQuantizeClassifyExportBench(@TempDir Path dir) throws Exception {
        assumeTrue(FashionMnist.available(FashionMnist.DEFAULT_DIR),
                "skipped: Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        Path ckpt = dir.resolve("tiny.safetensors");
        String train = run(ExitCodes.OK, "vision", "train", "-o", ckpt.toString(), "--limit", "512", "--epochs", "1",
                "--batch", "64", "--warmup", "2", "--dim", "32", "--depth", "1", "--heads", "2", "--mlp", "32", "--patch", "7");
        assertTrue(train.contains("test_accuracy") && Files.size(ckpt) > 1000, train);
        Path png = dir.resolve("confusion.png");
        String eval = run(ExitCodes.OK, "vision", "eval", "--model", ckpt.toString(), "--limit", "300", "--confusion", png.toString());
        assertTrue(eval.contains("\"images\": 300"), eval);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null && img.getWidth() >= 600, "confusion matrix is a picture");
        Path q = dir.resolve("tiny-int8.safetensors");
        String quant = run(ExitCodes.OK, "vision", "quantize", "--model", ckpt.toString(), "-o", q.toString(), "--calib", "32",
                "--eval", "300");
        assertTrue(quant.contains("int8_accuracy"), quant);
        String evalInt = run(ExitCodes.OK, "vision", "eval", "--model", q.toString(), "--limit", "100");
        assertTrue(evalInt.contains("accuracy"), evalInt);
        Path pic = dir.resolve("shoe.png");
        BufferedImage shoe = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 30; y < 50; y++) {
            for (int x = 5; x < 50; x++) {
                shoe.setRGB(x, y, 0xdddddd);
            }
        }
        ImageIO.write(shoe, "png", pic.toFile());
        String cls = run(ExitCodes.OK, "vision", "classify", "--model", q.toString(), pic.toString());
        assertTrue(cls.contains("\"label\""), cls);
        Path onnx = dir.resolve("tiny.onnx");
        run(ExitCodes.OK, "vision", "export", "--model", ckpt.toString(), "-o", onnx.toString());
        Path back = dir.resolve("back.safetensors");
        run(ExitCodes.OK, "vision", "export", "--import", "--model", onnx.toString(), "-o", back.toString());
        String bench = run(ExitCodes.OK, "bench", "vision", "--model", ckpt.toString(), "--int8", q.toString(),
                "--batch", "4", "--seconds", "0.2");
        assertTrue(bench.contains("ort_fp32") && bench.contains("peak_activation"), bench);
    }

    @Test
    void badInputGetsTheRightExitCode(@TempDir Path dir) throws Exception {
        run(ExitCodes.IO, "vision", "eval", "--model", dir.resolve("missing.safetensors").toString(), "--data", dir.toString());
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, new byte[] {42, 0, 0, 0, 0, 0, 0, 0, 1, 2});
        run(ExitCodes.BAD_INPUT, "vision", "export", "--model", junk.toString(), "-o", dir.resolve("x.onnx").toString());
        assertTrue(!Files.exists(dir.resolve("x.onnx")), "nothing written on failure");
        run(ExitCodes.USAGE, "vision", "quantize", "--model", junk.toString(), "-o", dir.resolve("q").toString(), "--calib", "-1");
        run(ExitCodes.USAGE, "vision", "train", "--no-such-flag");
    }
}
