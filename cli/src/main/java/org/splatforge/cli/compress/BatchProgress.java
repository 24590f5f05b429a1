package org.splatforge.cli.compress;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.splatforge.compress.batch.BatchListener;
import org.splatforge.compress.batch.FileResult;
import org.splatforge.compress.batch.FileStatus;
import org.splatforge.core.util.Log;

/**
 * Batch progress on stderr: a progress bar (me.tongfei:progressbar) with the last file's
 * ratio on a terminal; one plain line per file elsewhere (logs, CI, pipes), where a redrawn
 * bar becomes a wall of carriage returns. Failures are always their own WARN lines.
 */
final class BatchProgress implements BatchListener, AutoCloseable {

    private final PrintStream err;
    private final boolean tty;
    private ProgressBar bar;
    private long bytesIn;
    private long bytesOut;

    BatchProgress(PrintStream err, boolean tty) {
        this.err = err;
        this.tty = tty;
    }

    /** A terminal unless stderr is redirected (or SPLAT_PLAIN_PROGRESS is set). */
    static boolean isTerminal() {
        return System.console() != null && System.getenv("SPLAT_PLAIN_PROGRESS") == null;
    }

    @Override
    public void started(int total, int skipped) {
        if (tty && Log.enabled(Log.Level.INFO) && total > skipped) {
            bar = new ProgressBarBuilder().setTaskName("compress").setInitialMax(total - skipped)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).setUnit(" files", 1).build();
        }
    }

    @Override
    public void finished(FileResult r, int finished, int toDo) {
        if (r.status() != FileStatus.FAILED) {
            bytesIn += r.bytesIn();
            bytesOut += r.bytesOut();
        }
        String overall = bytesOut > 0 ? String.format(Locale.ROOT, "%.1fx overall", (double) bytesIn / bytesOut) : "";
        if (bar != null) {
            bar.stepTo(finished);
            bar.setExtraMessage(r.file() + (r.status() == FileStatus.FAILED ? " FAILED" : "") + " | " + overall);
            return;
        }
        if (Log.enabled(Log.Level.INFO) && r.status() != FileStatus.FAILED) {
            String q = Double.isNaN(r.psnrOut()) ? "" : String.format(Locale.ROOT, ", PSNR %.2f -> %.2f dB",
                    r.psnrIn(), r.psnrOut());
            err.println(String.format(Locale.ROOT, "compress %d/%d: %s: %,d -> %,d Gaussians, %,d -> %,d bytes "
                            + "(%.1fx)%s in %.1f s | %s", finished, toDo, r.file(), r.gaussiansIn(), r.gaussiansOut(),
                    r.bytesIn(), r.bytesOut(), r.ratio(), q, r.seconds(), overall));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
