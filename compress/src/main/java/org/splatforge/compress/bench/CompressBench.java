package org.splatforge.compress.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.splatforge.compress.batch.CompressJob;
import org.splatforge.compress.batch.CompressSettings;
import org.splatforge.compress.batch.FineTuneFactory;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.EncodeResult;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.compress.eval.ImageQuality;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.eval.ViewEvaluator;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.io.WriteOptions;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;

/**
 * {@code splat bench compress}: a trained scene through our codec at several rate points
 * and through the formats people use today, side by side: bytes, bytes per Gaussian,
 * test-view PSNR/SSIM of the decoded scene (CPU rasterizer, the dataset's test views),
 * encode and decode seconds.
 *
 * <p>Peers: the PLY itself, gzip and zstd of it (lossless), SPZ v4 from our writer and from
 * {@code @playcanvas/splat-transform}, splat-transform's compressed PLY, and SOG from
 * splat-transform on the CPU ({@code -g cpu}, skipped with a note when it does not finish in
 * the time limit). Peer files are decoded with our readers where we have them (SPZ, PLY) and
 * with splat-transform back to PLY otherwise (compressed PLY, SOG; its time is the decode time).
 *
 * <p>"At matched PSNR": for each lossy peer, the largest step scale of the {@code MEDIUM}
 * preset (view-free) whose decoded PSNR is still at least the peer's, by bisection on the
 * logarithm of the scale.
 */
public final class CompressBench implements AutoCloseable {

    private final Device device;
    private final SceneViews views;
    private final Path work;
    private final SplatTransformTool tool;
    private final double sogTimeout;
    private final Consumer<BenchRow> progress;
    private final ViewEvaluator eval;
    private final SceneCodec codec;

    /**
     * @param views      training views (significance, fine-tuning) and test views (metrics)
     * @param work       a folder for the peers' files (kept)
     * @param tool       splat-transform, or null to skip its rows (with a note)
     * @param sogTimeout seconds SOG may take before it is skipped
     * @param progress   hears each row as it is measured
     */
    public CompressBench(Device device, SceneViews views, Path work, SplatTransformTool tool, double sogTimeout,
                         Consumer<BenchRow> progress) {
        this.device = device;
        this.views = views;
        this.work = work;
        this.tool = tool;
        this.sogTimeout = sogTimeout;
        this.progress = progress;
        this.eval = new ViewEvaluator(views.evalViews(), device);
        this.codec = new SceneCodec(device);
    }

    /** Test-view quality of a cloud. */
    public ImageQuality measure(GaussianCloud c) {
        return eval.measure(c);
    }

    /** The uncompressed scene, written as the INRIA PLY (every peer starts from this file). */
    public BenchRow ply(GaussianCloud model, Path ply) throws IOException {
        long t0 = System.nanoTime();
        SceneFiles.write(ply, model, WriteOptions.DEFAULT.withDevice(device));
        long t1 = System.nanoTime();
        GaussianCloud back = SceneFiles.read(ply);
        long t2 = System.nanoTime();
        return row("ply", "ply", Files.size(ply), back, (t1 - t0) / 1e9, (t2 - t1) / 1e9, "INRIA layout, float32");
    }

    /** gzip -9 and zstd of the PLY: lossless, so the quality is the PLY's. */
    public List<BenchRow> generalPurpose(Path ply, GaussianCloud model, ImageQuality q) throws IOException {
        List<BenchRow> rows = new ArrayList<>();
        PlyPeers.Result gz = PlyPeers.gzip(ply);
        rows.add(emit(new BenchRow("ply + gzip -9", "ply", gz.compressed().length, model.size(), q.psnr(), q.ssim(),
                gz.encodeSeconds(), gz.decodeSeconds(), "lossless (java.util.zip, level 9)")));
        PlyPeers.Result zs = PlyPeers.zstd(ply);
        rows.add(emit(new BenchRow("ply + zstd", "ply", zs.compressed().length, model.size(), q.psnr(), q.ssim(),
                zs.encodeSeconds(), zs.decodeSeconds(), "lossless (aircompressor zstd, level 3)")));
        return rows;
    }

    /** SPZ v4 from our writer. */
    public BenchRow ourSpz(GaussianCloud model) throws IOException {
        Path f = work.resolve("splatforge.spz");
        long t0 = System.nanoTime();
        SceneFiles.write(f, model, WriteOptions.DEFAULT.withDevice(device));
        long t1 = System.nanoTime();
        GaussianCloud back = SceneFiles.read(f);
        long t2 = System.nanoTime();
        return row("spz v4 (splatforge)", "spz", Files.size(f), back, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                "our SPZ writer, version 4 (zstd)");
    }

    /** The splat-transform peers: SPZ v4, compressed PLY, SOG on the CPU. */
    public List<BenchRow> splatTransform(Path ply) throws IOException, InterruptedException {
        List<BenchRow> rows = new ArrayList<>();
        if (tool == null) {
            String why = "splat-transform not found (run `npm ci` in .ci/interop, or pass --splat-transform)";
            for (String[] p : new String[][] {{"spz v4 (splat-transform)", "spz"}, {"compressed.ply (splat-transform)",
                    "ply"}, {"sog (splat-transform, -g cpu)", "sog"}}) {
                rows.add(emit(BenchRow.skipped(p[0], p[1], why)));
            }
            return rows;
        }
        rows.add(peer("spz v4 (splat-transform)", "spz", ply, work.resolve("st.spz"), 1800, false));
        rows.add(peer("compressed.ply (splat-transform)", "ply", ply, work.resolve("st.compressed.ply"), 1800, true));
        rows.add(peer("sog (splat-transform, -g cpu)", "sog", ply, work.resolve("st.sog"), sogTimeout, true));
        return rows;
    }

    private BenchRow peer(String name, String family, Path ply, Path out, double timeout, boolean decodeWithTool)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-w"));
        if (family.equals("sog")) {
            args.addAll(List.of("-g", "cpu"));
        }
        args.add(ply.toString());
        args.add(out.toString());
        SplatTransformTool.Run enc = tool.run(timeout, args.toArray(String[]::new));
        if (enc.timedOut()) {
            return emit(BenchRow.skipped(name, family, String.format(Locale.ROOT,
                    "skipped: did not finish within %.0f s (--sog-timeout)", timeout)));
        }
        if (!enc.ok()) {
            return emit(BenchRow.skipped(name, family, "splat-transform failed (exit " + enc.exitCode() + "): "
                    + lastLine(enc.output())));
        }
        GaussianCloud back;
        double decodeSeconds;
        if (decodeWithTool) {
            Path backPly = work.resolve(out.getFileName() + ".decoded.ply");
            SplatTransformTool.Run dec = tool.run(timeout, "-w", out.toString(), backPly.toString());
            if (!dec.ok()) {
                return emit(BenchRow.skipped(name, family, "splat-transform could not decode its own file: "
                        + lastLine(dec.output())));
            }
            back = finiteOpacity(SceneFiles.read(backPly, ReadOptions.DEFAULT.lenient()), backPly);
            decodeSeconds = dec.seconds();
        } else {
            long t0 = System.nanoTime();
            back = SceneFiles.read(out);
            decodeSeconds = (System.nanoTime() - t0) / 1e9;
        }
        return row(name, family, Files.size(out), back, enc.seconds(), decodeSeconds,
                decodeWithTool ? "decoded back to PLY by splat-transform (decode time = that process)"
                        : "read with our SPZ reader; encode time = the whole node process");
    }

    /**
     * splat-transform writes opacity 0 as the logit -Infinity (and 1 as +Infinity); renderers
     * treat them as 0 and 1, so they become logits of -100 and 100 here. Anything else
     * non-finite is a real error.
     */
    static GaussianCloud finiteOpacity(GaussianCloud c, Path file) throws CorruptDataException {
        float[] op = c.opacityLogits();
        for (int i = 0; i < c.size(); i++) {
            if (Float.isInfinite(op[i])) {
                op[i] = op[i] > 0 ? 100f : -100f;
            }
        }
        int bad = c.firstNonFinite();
        if (bad >= 0) {
            throw CorruptDataException.field(file, "Gaussian " + bad, "a non-finite attribute besides opacity");
        }
        return c;
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int nl = t.lastIndexOf('\n');
        return nl >= 0 ? t.substring(nl + 1) : t;
    }

    /**
     * Our codec at one setting.
     *
     * @param withViews view-based significance from the training views
     * @param fineTune  quantization-aware fine-tuning, or null: on the training views with
     *                  {@code withViews}, else on pseudo views of the model itself
     *                  (self-distillation, {@code splat compress --distill})
     */
    public Encoded ours(String name, GaussianCloud model, CodecOptions options, boolean withViews,
                        FineTuneFactory fineTune) throws IOException {
        Encoded e = encode(name, model, options, withViews, fineTune);
        emit(e.row());
        return e;
    }

    private Encoded encode(String name, GaussianCloud model, CodecOptions options, boolean withViews,
                           FineTuneFactory fineTune) throws IOException {
        return encode(name, model, options, withViews, fineTune, 0);
    }

    /**
     * Our codec with views (and fine-tuning when given) at the finest step scale of
     * {@code options} whose archive fits in {@code maxBytes} ({@link SceneCodec#encodeToSize}):
     * "at a peer's size, what quality do we give?". A skipped row when even the coarsest step
     * scale does not fit.
     */
    public BenchRow oursAtSize(String name, GaussianCloud model, CodecOptions options, FineTuneFactory fineTune,
                               long maxBytes) throws IOException {
        try {
            return emit(encode(name, model, options, true, fineTune, maxBytes).row());
        } catch (IllegalArgumentException e) {
            return emit(BenchRow.skipped(name, "sfz", "skipped: " + e.getMessage()));
        }
    }

    private Encoded encode(String name, GaussianCloud model, CodecOptions options, boolean withViews,
                           FineTuneFactory fineTune, long maxBytes) throws IOException {
        CompressSettings s = new CompressSettings(options, withViews ? views : null, fineTune, false, maxBytes,
                !withViews && fineTune != null);
        CodecOptions o = CompressJob.optionsFor(s, model, device);
        long tEnc = System.nanoTime();
        EncodeResult r = maxBytes > 0 ? codec.encodeToSize(model, o, maxBytes) : codec.encodeWithStats(model, o);
        double enc = maxBytes > 0 ? (System.nanoTime() - tEnc) / 1e9 : r.planSeconds() + r.codeSeconds();
        long t0 = System.nanoTime();
        GaussianCloud back = codec.decode(r.bytes());
        double dec = (System.nanoTime() - t0) / 1e9;
        Files.write(work.resolve(name.replaceAll("[^A-Za-z0-9.]+", "-") + ".sfz"), r.bytes());
        String note = String.format(Locale.ROOT, "%s, significance %s, %d -> %d Gaussians%s%s",
                options.quality().name().toLowerCase(Locale.ROOT), r.significance(), r.sourceCount(), r.count(),
                fineTune == null ? "" : withViews ? ", fine-tuned" : ", self-distilled on pseudo views",
                maxBytes > 0 ? String.format(Locale.ROOT, ", finest step scale within %d bytes (search included in "
                        + "the encode time)", maxBytes) : "");
        ImageQuality q = eval.measure(back);
        BenchRow row = new BenchRow(name, "sfz", r.bytes().length, back.size(), q.psnr(), q.ssim(), enc, dec, note);
        return new Encoded(row, r);
    }

    /** A row of ours with the encoder's statistics. */
    public record Encoded(BenchRow row, EncodeResult result) {
    }

    /**
     * Our smallest archive whose PSNR is at least {@code targetPsnr}: for each of
     * {@code bases}, the step scale is searched (bisection on its log, 7 steps between 1/8
     * and 16), and the smallest archive over all bases is the row (bases differ in what the
     * step scale does not reach: pruning, SH band modes).
     */
    public BenchRow matched(String name, GaussianCloud model, List<CodecOptions> bases, double targetPsnr)
            throws IOException {
        BenchRow best = null;
        for (CodecOptions base : bases) {
            BenchRow r = search(name, model, base, targetPsnr);
            if (best == null || (r.ran() && (!best.ran() || r.bytes() < best.bytes()))) {
                best = r;
            }
        }
        return emit(best);
    }

    private BenchRow search(String name, GaussianCloud model, CodecOptions base, double targetPsnr)
            throws IOException {
        double lo = Math.log(1.0 / 8), hi = Math.log(16);
        Encoded best = null;
        Encoded atLo = encode(name, model, base.withStepScale(Math.exp(lo)), false, null);
        if (atLo.row().psnr() < targetPsnr) {
            return BenchRow.skipped(name, "sfz", String.format(Locale.ROOT,
                    "even step scale 1/8 gives %.2f dB < %.2f dB", atLo.row().psnr(), targetPsnr));
        }
        best = atLo;
        double bestScale = Math.exp(lo);
        for (int it = 0; it < 7; it++) {
            double mid = 0.5 * (lo + hi);
            Encoded e = encode(name, model, base.withStepScale(Math.exp(mid)), false, null);
            Log.debug("matched %s: scale %.3f -> %d bytes, %.3f dB (target %.3f)", name, Math.exp(mid),
                    e.row().bytes(), e.row().psnr(), targetPsnr);
            if (e.row().psnr() >= targetPsnr) {
                if (e.row().bytes() < best.row().bytes()) {
                    best = e;
                    bestScale = Math.exp(mid);
                }
                lo = mid;
            } else {
                hi = mid;
            }
        }
        BenchRow r = best.row();
        return new BenchRow(name, "sfz", r.bytes(), r.gaussians(), r.psnr(), r.ssim(), r.encodeSeconds(),
                r.decodeSeconds(), String.format(Locale.ROOT, "%s preset x step scale %.3f, PSNR >= %.2f dB",
                base.quality().name().toLowerCase(Locale.ROOT), bestScale, targetPsnr));
    }

    /**
     * Our smallest archive whose PSNR is at least {@code targetPsnr} by pruning: {@code base}
     * at prune fractions {@code maxPrune * k / points}, k = 1..points, each pruned, coded and
     * fine-tuned as {@code fineTune} says (with views: on the training views; without:
     * self-distilled), and the smallest archive that passes is the row. A scan, not a
     * bisection: after fine-tuning, quality is not monotone in the fraction (on the 2,000
     * iteration tabletop model, medium + distill lost 0.34 dB at 0.125 but 0.31 dB at 0.25).
     *
     * @param fineTune the fine-tuner for a given pruned setting, or null for none
     */
    public BenchRow matchedPrune(String name, GaussianCloud model, CodecOptions base, boolean withViews,
                                 Function<CodecOptions, FineTuneFactory> fineTune,
                                 double targetPsnr, double maxPrune, int points) throws IOException {
        Encoded best = null;
        double bestF = 0;
        for (int k = 1; k <= points; k++) {
            double f = maxPrune * k / points;
            Encoded e = prunedAt(name, model, base, f, withViews, fineTune, targetPsnr);
            if (e.row().psnr() >= targetPsnr && (best == null || e.row().bytes() < best.row().bytes())) {
                best = e;
                bestF = f;
            }
        }
        if (best == null) {
            return emit(BenchRow.skipped(name, "sfz", String.format(Locale.ROOT,
                    "no prune fraction in (0, %.2f] reaches %.2f dB", maxPrune, targetPsnr)));
        }
        BenchRow r = best.row();
        return emit(new BenchRow(name, "sfz", r.bytes(), r.gaussians(), r.psnr(), r.ssim(), r.encodeSeconds(),
                r.decodeSeconds(), String.format(Locale.ROOT, "%s, prune fraction %.3f (%d fractions up to %.2f "
                        + "scanned), PSNR >= %.2f dB", r.note(), bestF, points, maxPrune, targetPsnr)));
    }

    private Encoded prunedAt(String name, GaussianCloud model, CodecOptions base, double fraction, boolean withViews,
                             Function<CodecOptions, FineTuneFactory> fineTune, double targetPsnr) throws IOException {
        CodecOptions o = base.withPruneFraction(fraction);
        Encoded e = encode(name, model, o, withViews, fineTune == null ? null : fineTune.apply(o));
        Log.debug("matched prune %s: fraction %.3f -> %d bytes, %.3f dB (target %.3f)", name, fraction,
                e.row().bytes(), e.row().psnr(), targetPsnr);
        return e;
    }

    private BenchRow row(String name, String family, long bytes, GaussianCloud back, double enc, double dec,
                         String note) {
        ImageQuality q = eval.measure(back);
        return emit(new BenchRow(name, family, bytes, back.size(), q.psnr(), q.ssim(), enc, dec, note));
    }

    private BenchRow emit(BenchRow r) {
        progress.accept(r);
        return r;
    }

    @Override
    public void close() {
        eval.close();
    }

    /** Settings of the rate points the bench runs for our codec. */
    public static List<Quality> defaultRates() {
        return List.of(Quality.HIGH, Quality.MEDIUM, Quality.SMALL);
    }
}
