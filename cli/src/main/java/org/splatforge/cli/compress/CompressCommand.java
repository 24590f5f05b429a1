package org.splatforge.cli.compress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.OutputPaths;
import org.splatforge.cli.Splat;
import org.splatforge.compress.batch.BatchCompressor;
import org.splatforge.compress.batch.BatchManifest;
import org.splatforge.compress.batch.BatchResult;
import org.splatforge.compress.batch.CompressJob;
import org.splatforge.compress.batch.CompressSettings;
import org.splatforge.compress.batch.FineTuneFactory;
import org.splatforge.compress.batch.FileResult;
import org.splatforge.compress.batch.FileStatus;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.eval.ViewEvaluator;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.util.Log;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splat compress}: one scene to an {@code .sfz} archive, or a whole folder
 * ({@code --batch}). See compress/FORMAT.md for the archive and {@link BatchCompressor}
 * for the batch rules (resumable, failures reported and skipped, manifest).
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Compress a scene (.ply, .splat, .spz, .arrow) into a .sfz archive, or every scene under a folder.",
                "  splat compress scene.ply [scene.sfz] [--quality high] [--dataset DIR [--fine-tune STEPS]]",
                "  splat compress scene.ply --quality medium --prune 0.2 --distill   (view-free fine-tuning)",
                "  splat compress --batch IN_DIR --out OUT_DIR [--jobs N]",
                "Outputs appear only when complete. Batch runs skip finished outputs (resumable), report bad files and go on,",
                "and write OUT_DIR/manifest.arrow (Arrow IPC) and OUT_DIR/manifest.txt. Exit code 0 when every file is done;",
                "otherwise the code of the failures (3 bad input, 4 I/O, 1 other), with every good file still written."})
public final class CompressCommand implements Callable<Integer> {

    @Parameters(arity = "0..2", paramLabel = "IN [OUT]",
            description = {"The scene file to compress, and the archive to write",
                    "(default: IN with its extension replaced by .sfz)."})
    List<Path> files = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "IN_DIR", description = "Compress every scene file under IN_DIR (recursively).")
    Path batch;

    @Option(names = "--out", paramLabel = "OUT_DIR", description = "Batch: where the archives and the manifest go.")
    Path outDir;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Batch: files compressed at once; the threads are shared among them (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--quality", paramLabel = "Q", defaultValue = "medium",
            description = "lossless (bit-exact), high (visually lossless), medium or small (default: ${DEFAULT-VALUE}).")
    String quality;

    @Option(names = "--prune", paramLabel = "F",
            description = "Also drop this fraction of the least significant Gaussians, in [0, 1) (default: the preset's).")
    Double prune;

    @Option(names = "--target-size", paramLabel = "BYTES",
            description = "Single file: the finest setting of the preset whose archive fits in BYTES (8 trial encodes).")
    Long targetSize;

    @Option(names = "--keep-order", description = "Store the input order, so decompress returns the Gaussians in it.")
    boolean keepOrder;

    @Option(names = "--no-eval", description = "With --dataset: skip measuring test-view PSNR/SSIM.")
    boolean noEval;

    @Option(names = {"-w", "--overwrite"}, description = "Replace existing outputs (batch: redo finished files).")
    boolean overwrite;

    @Option(names = "--json", description = "Print the result as JSON on stdout (single file).")
    boolean json;

    @Mixin
    ViewsOptions views;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        CodecOptions options = options();
        if (batch != null) {
            if (!files.isEmpty()) {
                throw new IllegalArgumentException("give either IN [OUT] or --batch IN_DIR --out OUT_DIR, not both");
            }
            return batch(options);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("missing IN: give a scene file, or --batch IN_DIR --out OUT_DIR");
        }
        if (outDir != null || jobs != 1) {
            throw new IllegalArgumentException("--out and --jobs are for --batch; give the output file as OUT");
        }
        Path in = files.get(0);
        Path target = files.size() > 1 ? files.get(1) : sibling(in);
        if (!target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sfz")) {
            throw new IllegalArgumentException("OUT " + target + " must end in .sfz (use `splat convert` for other formats)");
        }
        OutputPaths.check(in, target, overwrite);
        FineTuneFactory ft = views.fineTune(options.pruneFraction());
        SceneViews v = views.load();
        CompressSettings settings = new CompressSettings(options, v, ft, v != null && !noEval,
                targetSize == null ? 0 : targetSize, views.distill());
        FileResult r;
        try (Device device = deviceOptions.open();
             ViewEvaluator eval = settings.evaluate() ? new ViewEvaluator(v.evalViews(), device) : null) {
            r = CompressJob.run(in, target, in.toString(), target.toString(), settings, device, eval);
        }
        Log.info("%s", line(r));
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap(r)));
        }
        return ExitCodes.OK;
    }

    private CodecOptions options() {
        if (targetSize != null && targetSize <= 0) {
            throw new IllegalArgumentException("--target-size must be > 0 bytes, got " + targetSize);
        }
        if (targetSize != null && batch != null) {
            throw new IllegalArgumentException("--target-size is for single files, not --batch");
        }
        CodecOptions o = CodecOptions.preset(Quality.parse(quality));
        if (prune != null) {
            o = o.withPruneFraction(prune);
        }
        return o.withKeepOrder(keepOrder);
    }

    private int batch(CodecOptions options) throws Exception {
        if (outDir == null) {
            throw new IllegalArgumentException("--batch needs --out OUT_DIR");
        }
        if (json) {
            throw new IllegalArgumentException("--json is for single files; the batch writes " + BatchManifest.ARROW_NAME);
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be >= 1, got " + jobs);
        }
        FineTuneFactory ft = views.fineTune(options.pruneFraction());
        SceneViews v = views.load();
        CompressSettings settings = new CompressSettings(options, v, ft, v != null && !noEval, 0, views.distill());
        BatchResult res;
        try (BatchProgress progress = new BatchProgress(System.err, BatchProgress.isTerminal())) {
            res = BatchCompressor.run(batch, outDir, jobs, overwrite, settings,
                    k -> deviceOptions.openShare(jobs), progress);
        }
        System.err.print(BatchManifest.summary(res.rows()));
        Log.info("manifest: %s and %s", res.manifest(), res.summary());
        if (!res.anyFailed()) {
            return ExitCodes.OK;
        }
        int code = -1;
        for (Throwable t : res.failures().values()) {
            int c = Splat.exitCodeFor(t);
            code = code < 0 || code == c ? c : ExitCodes.FAILURE;
        }
        Log.warn("%d of %d files failed (listed above and in %s); the others were written", res.count(FileStatus.FAILED),
                res.rows().size(), res.summary());
        return code == ExitCodes.USAGE ? ExitCodes.BAD_INPUT : code;
    }

    /** {@code dir/name.ext} to {@code dir/name.sfz}. */
    static Path sibling(Path in) {
        String n = in.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String stem = dot > 0 ? n.substring(0, dot) : n;
        if (stem.toLowerCase(Locale.ROOT).endsWith(".compressed")) {
            stem = stem.substring(0, stem.length() - ".compressed".length());
        }
        return in.resolveSibling(stem + ".sfz");
    }

    static String line(FileResult r) {
        String q = Double.isNaN(r.psnrOut()) ? "" : String.format(Locale.ROOT, "; test PSNR %.2f -> %.2f dB (%+.2f), "
                + "SSIM %.4f -> %.4f", r.psnrIn(), r.psnrOut(), -r.psnrLoss(), r.ssimIn(), r.ssimOut());
        return String.format(Locale.ROOT, "%s: %,d -> %,d Gaussians, %,d -> %,d bytes (%.1fx, %s) in %.2f s%s",
                r.output(), r.gaussiansIn(), r.gaussiansOut(), r.bytesIn(), r.bytesOut(), r.ratio(), r.quality(),
                r.seconds(), q);
    }

    static Map<String, Object> toMap(FileResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file());
        m.put("output", r.output());
        m.put("status", r.status().label());
        m.put("quality", r.quality());
        m.put("gaussiansIn", r.gaussiansIn());
        m.put("gaussiansOut", r.gaussiansOut());
        m.put("bytesIn", r.bytesIn());
        m.put("bytesOut", r.bytesOut());
        m.put("ratio", num(r.ratio()));
        m.put("psnrIn", num(r.psnrIn()));
        m.put("ssimIn", num(r.ssimIn()));
        m.put("psnrOut", num(r.psnrOut()));
        m.put("ssimOut", num(r.ssimOut()));
        m.put("seconds", num(r.seconds()));
        m.put("evalSeconds", num(r.evalSeconds()));
        return m;
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
