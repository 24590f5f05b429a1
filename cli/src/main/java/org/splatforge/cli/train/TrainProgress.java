package org.splatforge.cli.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.splatforge.core.util.Log;
import org.splatforge.render.densify.DensityEvent;
import org.splatforge.render.train.EvalResult;
import org.splatforge.render.train.StepResult;
import org.splatforge.render.train.TrainListener;
import org.splatforge.render.train.Trainer;

/**
 * Training progress on stderr. On a terminal: a progress bar (me.tongfei:progressbar) with
 * iteration, loss, training PSNR, last test PSNR, Gaussian count, iterations/s and ETA.
 * Elsewhere (logs, CI, pipes), where a redrawn bar turns into a wall of carriage returns:
 * one plain line every {@code logEverySeconds} with the same fields. Evaluations are always
 * logged as their own lines, with a reminder that LPIPS is not computed.
 */
public final class TrainProgress implements TrainListener, AutoCloseable {

    private final PrintStream err;
    private final int total;
    private final boolean tty;
    private final double logEverySeconds;
    private ProgressBar bar;
    private double emaLoss = Double.NaN;
    private double emaPsnr = Double.NaN;
    private double testPsnr = Double.NaN;
    private final long start = System.nanoTime();
    private long lastLine = System.nanoTime();
    private int startIteration = -1;

    public TrainProgress(PrintStream err, int totalIterations, boolean tty, double logEverySeconds) {
        this.err = err;
        this.total = totalIterations;
        this.tty = tty;
        this.logEverySeconds = logEverySeconds;
    }

    /** A terminal unless stderr is redirected (or SPLAT_PLAIN_PROGRESS is set). */
    public static boolean isTerminal() {
        return System.console() != null && System.getenv("SPLAT_PLAIN_PROGRESS") == null;
    }

    @Override
    public void onStep(StepResult s, Trainer t) {
        if (startIteration < 0) {
            startIteration = s.iteration() - 1;
            if (tty && Log.enabled(Log.Level.INFO)) {
                bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(err)).setUnit(" it", 1)
                        .showSpeed().build();
                bar.stepTo(startIteration);
            }
        }
        // Exponential moving averages as the 3DGS progress bar shows them (0.4 new, 0.6 old).
        emaLoss = Double.isNaN(emaLoss) ? s.loss() : 0.4 * s.loss() + 0.6 * emaLoss;
        emaPsnr = Double.isNaN(emaPsnr) ? s.trainPsnr() : 0.4 * s.trainPsnr() + 0.6 * emaPsnr;
        if (bar != null) {
            bar.stepTo(s.iteration());
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f | PSNR %.2f dB | test %s | %,d G", emaLoss, emaPsnr,
                    Double.isNaN(testPsnr) ? "-" : String.format(Locale.ROOT, "%.2f dB", testPsnr), s.gaussians()));
            return;
        }
        long now = System.nanoTime();
        if (Log.enabled(Log.Level.INFO) && ((now - lastLine) * 1e-9 >= logEverySeconds || s.iteration() == total)) {
            lastLine = now;
            err.println(line(s, now));
        }
    }

    String line(StepResult s, long now) {
        double secs = (now - start) * 1e-9;
        int done = s.iteration() - startIteration;
        double rate = done / Math.max(1e-9, secs);
        double eta = (total - s.iteration()) / Math.max(1e-9, rate);
        return String.format(Locale.ROOT, "train %d/%d (%.0f%%) loss %.4f | PSNR %.2f dB | test %s | %,d Gaussians | %.1f it/s | ETA %s",
                s.iteration(), total, 100.0 * s.iteration() / total, emaLoss, emaPsnr,
                Double.isNaN(testPsnr) ? "-" : String.format(Locale.ROOT, "%.2f dB", testPsnr), s.gaussians(), rate,
                duration(eta));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    @Override
    public void onDensity(DensityEvent e) {
        Log.debug("density: %s", e);
    }

    @Override
    public void onEval(EvalResult e) {
        testPsnr = e.psnr();
        String msg = String.format(Locale.ROOT, "eval @ %d: test PSNR %.2f dB, SSIM %.4f over %d views, %,d Gaussians"
                + " (LPIPS not computed)", e.iteration(), e.psnr(), e.ssim(), e.views().size(), e.gaussians());
        if (bar != null) {
            bar.pause();
            err.print("\r");
        }
        Log.info("%s", msg);
        if (bar != null) {
            bar.resume();
        }
    }

    @Override
    public void onCheckpoint(Path file, int iteration) {
        Log.debug("checkpoint %s at iteration %d", file, iteration);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
