package org.splatforge.cli.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.Images;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.render.dynamic.DynamicTraining;
import org.splatforge.render.report.ComparisonGrid;
import org.splatforge.render.report.MetricsReport;
import org.splatforge.render.report.TrainingPlots;
import org.splatforge.render.train.EvalResult;
import org.splatforge.render.train.Trainer;
import org.splatforge.render.train.TrainingView;

/**
 * What a finished run leaves in its output folder, every file written atomically:
 * {@code point_cloud.ply} (INRIA layout, through the formats registry), {@code metrics.json},
 * and {@code report/}: {@code loss.png}, {@code psnr.png}, {@code gaussians.png} and
 * {@code test_views.png} (ground truth left, render right, for up to four test views).
 */
public final class TrainOutputs {

    public static final String PLY = "point_cloud.ply";
    public static final String METRICS = "metrics.json";
    public static final String CHECKPOINT = "checkpoint.sfck";

    private TrainOutputs() {
    }

    public static void write(Trainer t, EvalResult fin, Path out, double seconds, double cpuSeconds, long peakHeap,
                             long peakLive, boolean report) throws IOException {
        SceneFiles.write(out.resolve(PLY), t.cloud());
        Path field = DynamicTraining.writeField(t, out);
        var metrics = MetricsReport.build(t, fin, seconds, cpuSeconds, peakHeap, peakLive);
        var dyn = DynamicTraining.summary(t);
        if (dyn != null) {
            long ply = java.nio.file.Files.size(out.resolve(PLY)), fieldBytes = field == null ? 0 : java.nio.file.Files.size(field);
            dyn.put("plyBytes", ply);
            dyn.put("fieldBytes", fieldBytes);
            dyn.put("modelMB", (ply + fieldBytes) / 1e6);
            metrics.set("dynamic", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(dyn));
            TrainSetup.info("dynamic model: %.2f MB (PLY %.2f + field %.2f), %.1f%% of Gaussians deform, render %.1f ms/frame"
                    + " (deform %.1f)", (ply + fieldBytes) / 1e6, ply / 1e6, fieldBytes / 1e6, 100 * (double) dyn.get("dynamicFraction"),
                    (double) dyn.get("renderMsPerFrame"), (double) dyn.get("deformMsPerFrame"));
        }
        MetricsReport.write(out.resolve(METRICS), metrics);
        if (report) {
            Path dir = out.resolve("report");
            TrainingPlots.write(t.history(), t.scene().name(), dir);
            writeGrid(t, dir.resolve("test_views.png"), 4);
        }
    }

    /** Ground truth next to render for up to {@code max} test views (training views when there are none). */
    public static void writeGrid(Trainer t, Path file, int max) throws IOException {
        List<TrainingView> views = t.scene().test().isEmpty() ? t.scene().train() : t.scene().test();
        int n = Math.min(max, views.size());
        List<float[]> gts = new ArrayList<>(), renders = new ArrayList<>();
        int[] w = new int[n], h = new int[n];
        float[] bg = t.config().background != null ? t.config().background : t.scene().background();
        for (int k = 0; k < n; k++) {
            TrainingView v = views.get(k * views.size() / n);
            w[k] = v.camera().width();
            h[k] = v.camera().height();
            float[] gt = new float[w[k] * h[k] * 3];
            v.image(bg, gt, 0);
            gts.add(gt);
            renders.add(t.render(v.camera(), bg));
        }
        FloatImage grid = ComparisonGrid.compose(gts, renders, w, h);
        Images.writePng(file, grid);
    }
}
