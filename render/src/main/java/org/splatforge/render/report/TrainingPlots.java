package org.splatforge.render.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.render.train.TrainHistory;

/**
 * The training report's charts, drawn with XChart and written atomically as PNG:
 * {@code loss.png} (loss per iteration, bucket means), {@code psnr.png} (test PSNR at each
 * evaluation, and the training views' PSNR as bucket means) and {@code gaussians.png}
 * (count per iteration). Long runs are reduced to at most {@link #MAX_POINTS} points.
 */
public final class TrainingPlots {

    public static final int MAX_POINTS = 1500;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private TrainingPlots() {
    }

    /** Writes the three charts into {@code dir}; returns their paths. */
    public static List<Path> write(TrainHistory h, String title, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> out = new ArrayList<>();
        float[] loss = h.loss();
        float[] train = h.trainPsnr();
        int[] count = h.gaussians();
        double[][] l = buckets(loss);
        XYChart lc = chart(title + ": training loss", "iteration", "loss (0.8 L1 + 0.2 D-SSIM)");
        lc.addSeries("loss", l[0], l[1]).setMarker(SeriesMarkers.NONE);
        out.add(save(lc, dir.resolve("loss.png")));

        XYChart pc = chart(title + ": PSNR", "iteration", "PSNR (dB)");
        double[][] tp = buckets(train);
        pc.addSeries("training views", tp[0], tp[1]).setMarker(SeriesMarkers.NONE).setLineColor(new Color(150, 150, 150));
        List<double[]> ev = h.evals();
        if (!ev.isEmpty()) {
            double[] x = new double[ev.size()], y = new double[ev.size()];
            for (int i = 0; i < ev.size(); i++) {
                x[i] = ev.get(i)[0];
                y[i] = ev.get(i)[1];
            }
            XYSeries s = pc.addSeries("test views", x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(new Color(200, 40, 40));
            s.setMarkerColor(new Color(200, 40, 40));
        }
        out.add(save(pc, dir.resolve("psnr.png")));

        XYChart gc = chart(title + ": Gaussians", "iteration", "Gaussians");
        float[] cf = new float[count.length];
        for (int i = 0; i < count.length; i++) {
            cf[i] = count[i];
        }
        double[][] g = buckets(cf);
        gc.addSeries("count", g[0], g[1]).setMarker(SeriesMarkers.NONE);
        out.add(save(gc, dir.resolve("gaussians.png")));
        return out;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendVisible(true);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        return c;
    }

    private static Path save(XYChart c, Path file) throws IOException {
        byte[] png = BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, png);
        return file;
    }

    /** {x = bucket centre iteration (1-based), y = bucket mean}, at most MAX_POINTS; an empty series becomes one zero point. */
    static double[][] buckets(float[] v) {
        int n = v.length;
        if (n == 0) {
            return new double[][] {{0}, {0}};
        }
        int b = Math.min(n, MAX_POINTS);
        double[] x = new double[b], y = new double[b];
        for (int k = 0; k < b; k++) {
            int s = (int) ((long) k * n / b), e = (int) ((long) (k + 1) * n / b);
            double sum = 0;
            int m = 0;
            for (int i = s; i < e; i++) {
                if (Float.isFinite(v[i])) {
                    sum += v[i];
                    m++;
                }
            }
            x[k] = (s + e - 1) / 2.0 + 1;
            y[k] = m == 0 ? Double.NaN : sum / m;
        }
        return new double[][] {x, y};
    }
}
