package org.splatforge.cli.vision;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.runtime.Device;
import org.splatforge.vision.data.FashionMnist;
import org.splatforge.vision.eval.Classifier;
import org.splatforge.vision.eval.Evaluation;
import org.splatforge.vision.model.BuiltinModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splat vision classify IMAGE...}: one JSON line per image with the top class and its probability. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify images (PNG, JPEG, BMP, GIF): each is converted to grey, resized to the model's input and, "
                + "with --invert, turned into a light object on black as Fashion-MNIST images are. One JSON line per image.")
public final class VisionClassifyCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--model", defaultValue = BuiltinModels.FASHION, description = "builtin:fashion, a checkpoint, an integer model or an .onnx file (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--invert", description = "Invert grey levels (photos of dark objects on white backgrounds).")
    boolean invert;

    @Option(names = "--top", defaultValue = "3", description = "Classes to list per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        try (Device device = deviceOptions.open()) {
            Classifier c = VisionModels.classifier(model, device);
            int side = (int) Math.round(Math.sqrt(c.pixels()));
            if (side * side != c.pixels()) {
                throw new IllegalArgumentException("classify handles single-channel models; " + model + " takes " + c.pixels() + " values");
            }
            double[] logits = new double[c.classes()];
            for (Path p : images) {
                byte[] px = load(p, side, invert);
                c.logits(px, 0, 1, logits);
                double[] prob = softmax(logits);
                Integer[] order = new Integer[prob.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (a, b) -> Double.compare(prob[b], prob[a]));
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "{\"image\": \"%s\", \"class\": %d, \"label\": \"%s\", \"top\": [",
                        p, Evaluation.argmax(logits, 0, logits.length), name(order[0])));
                for (int i = 0; i < Math.min(top, order.length); i++) {
                    sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"label\": \"%s\", \"p\": %.4f}", name(order[i]), prob[order[i]]));
                }
                System.out.println(sb.append("]}"));
            }
        }
        return ExitCodes.OK;
    }

    private static String name(int c) {
        return c < FashionMnist.CLASSES.size() ? FashionMnist.CLASSES.get(c) : "class " + c;
    }

    /** Grey levels of an image resized to {@code side x side}. */
    static byte[] load(Path p, int side, boolean invert) throws java.io.IOException {
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString());
        }
        BufferedImage src = ImageIO.read(p.toFile());
        if (src == null) {
            throw CorruptDataException.at(p, 0, "not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
        }
        BufferedImage grey = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, side, side, null);
        g.dispose();
        byte[] px = new byte[side * side];
        grey.getRaster().getDataElements(0, 0, side, side, px);
        if (invert) {
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (255 - (px[i] & 0xff));
            }
        }
        return px;
    }

    private static double[] softmax(double[] v) {
        double mx = Double.NEGATIVE_INFINITY, s = 0;
        for (double x : v) {
            mx = Math.max(mx, x);
        }
        double[] p = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            p[i] = Math.exp(v[i] - mx);
            s += p[i];
        }
        for (int i = 0; i < v.length; i++) {
            p[i] /= s;
        }
        return p;
    }
}
