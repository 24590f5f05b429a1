package org.splatforge.cli.vision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.util.Log;
import org.splatforge.vision.data.FashionMnist;
import org.splatforge.vision.data.ImageSet;
import org.splatforge.vision.eval.Evaluation;
import org.splatforge.vision.model.BuiltinModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code splat vision eval}: test accuracy and a confusion-matrix picture. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a ViT (fp32 or integer) on the Fashion-MNIST test split: JSON with accuracy and the confusion "
                + "matrix on stdout, and the confusion matrix as a PNG heat map.")
public final class VisionEvalCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions deviceOptions;

    @Option(names = "--model", defaultValue = BuiltinModels.FASHION, description = "builtin:fashion, a checkpoint, an integer model or an .onnx file (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist", paramLabel = "DIR")
    Path data;

    @Option(names = "--limit", defaultValue = "0", description = "Evaluate only the first N test images (0 = all).")
    int limit;

    @Option(names = "--confusion", paramLabel = "PNG", description = "Where to draw the confusion matrix (default: none).")
    Path confusion;

    @Override
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0");
        }
        Evaluation e;
        ImageSet test;
        long t0;
        try (Device device = deviceOptions.open()) {
            org.splatforge.vision.eval.Classifier c = VisionModels.classifier(model, device);
            test = FashionMnist.test(data);
            t0 = System.nanoTime();
            e = Evaluation.run(c, test, 64, limit);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Log.info("%d images in %.1f s: accuracy %.2f%%", e.count(), secs, 100 * e.accuracy());
        if (confusion != null) {
            drawConfusion(e, test.classNames(), confusion, model);
            Log.info("wrote confusion matrix %s", confusion);
        }
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"model\": \"%s\", \"images\": %d, \"accuracy\": %.4f, \"confusion\": [", model,
                e.count(), e.accuracy()));
        for (int i = 0; i < e.confusion().length; i++) {
            json.append(i == 0 ? "" : ", ").append(java.util.Arrays.toString(e.confusion()[i]));
        }
        System.out.println(json.append("]}"));
        return ExitCodes.OK;
    }

    /** A heat map of row-normalised counts (rows: true class, columns: predicted), written atomically. */
    static void drawConfusion(Evaluation e, List<String> names, Path file, String title) throws java.io.IOException {
        System.setProperty("java.awt.headless", "true");
        int k = e.confusion().length;
        List<String> labels = new ArrayList<>(names.subList(0, k));
        HeatMapChart chart = new HeatMapChartBuilder().width(900).height(800)
                .title(String.format(Locale.ROOT, "%s: accuracy %.2f%% on %d images (row = true, column = predicted, %%)", title,
                        100 * e.accuracy(), e.count()))
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(100);
        chart.getStyler().setRangeColors(new java.awt.Color[] {java.awt.Color.WHITE, new java.awt.Color(0x9e, 0xc8, 0xe8), new java.awt.Color(0x08, 0x30, 0x6b)});
        List<Number[]> heat = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            int row = 0;
            for (int p = 0; p < k; p++) {
                row += e.confusion()[t][p];
            }
            for (int p = 0; p < k; p++) {
                // y runs bottom-up in XChart: put the first class at the top.
                heat.add(new Number[] {p, k - 1 - t, row == 0 ? 0 : Math.round(1000.0 * e.confusion()[t][p] / row) / 10.0});
            }
        }
        List<String> yLabels = new ArrayList<>(labels);
        java.util.Collections.reverse(yLabels);
        chart.addSeries("confusion", labels, yLabels, heat);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, png);
    }
}
