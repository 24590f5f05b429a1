package org.splatforge.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.cli.compress.ViewsOptions;
import org.splatforge.compress.batch.FineTuneFactory;
import org.splatforge.compress.bench.BenchRow;
import org.splatforge.compress.bench.CompressBench;
import org.splatforge.compress.bench.SplatTransformTool;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.Quality;
import org.splatforge.compress.eval.ImageQuality;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.finetune.FineTuneConfig;
import org.splatforge.compress.finetune.QuantizationAwareFineTuner;
import org.splatforge.core.data.DatasetOptions;
import org.splatforge.core.data.Datasets;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code splat bench compress}: our codec at several rate points against PLY + gzip/zstd,
 * SPZ (ours and splat-transform's), splat-transform's compressed PLY and SOG, on a trained
 * scene and its dataset's test views (see {@link CompressBench}). Prints one JSON document on
 * stdout and the side-by-side table on stderr.
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Compare our codec with SPZ, SOG, compressed PLY and gzip/zstd of the PLY on a trained scene:",
                "bytes, bytes/Gaussian, test-view PSNR/SSIM of the decoded scene, encode/decode seconds. Prints JSON."})
public final class CompressBenchCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "The trained scene (any format splat reads), e.g. a `splat train` output PLY.")
    Path model;

    @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "../shared/datasets/tabletop-static",
            description = "The dataset the scene was trained on: training views for significance and fine-tuning,"
                    + " test views for the metrics (default: ${DEFAULT-VALUE}).")
    Path dataset;

    @Option(names = "--resolution", paramLabel = "R", defaultValue = "2",
            description = "Image downscale the scene was trained at (default: ${DEFAULT-VALUE}).")
    double resolution;

    @Option(names = "--test-views", paramLabel = "N", defaultValue = "0",
            description = "Measure on N evenly spaced test views (0 = all; default: ${DEFAULT-VALUE}).")
    int testViews;

    @Option(names = "--rates", split = ",", paramLabel = "Q", defaultValue = "high,medium,small",
            description = "Our rate points (default: ${DEFAULT-VALUE}).")
    List<String> rates;

    @Option(names = "--no-views", description = "Skip our rows with view-based significance.")
    boolean noViews;

    @Option(names = "--fine-tune", paramLabel = "STEPS", defaultValue = "" + ViewsOptions.DEFAULT_FINE_TUNE_STEPS,
            description = {"Quantization-aware fine-tuning steps of our rows with views and fine-tuning",
                    "(0 = skip those rows; default: ${DEFAULT-VALUE})."})
    int fineTuneSteps;

    @Option(names = "--fine-tune-prune", split = ",", paramLabel = "F", defaultValue = "0.5",
            description = {"Extra fine-tuned rows at the small preset that prune this fraction first (LightGaussian's",
                    "recipe: prune by view significance, then recover by fine-tuning); none = skip (default: ${DEFAULT-VALUE})."})
    List<String> fineTunePrune;

    @Option(names = "--distill-prune", split = ",", paramLabel = "F", defaultValue = "0.2",
            description = {"Rows without views at the medium preset that prune this fraction, then fine-tune",
                    "(--distill-steps) against renders of the scene itself from pseudo views around it",
                    "(`splat compress --prune F --distill`); none = skip (default: ${DEFAULT-VALUE})."})
    List<String> distillPrune;

    @Option(names = "--distill-steps", paramLabel = "STEPS", defaultValue = "" + ViewsOptions.DEFAULT_DISTILL_STEPS,
            description = "Fine-tuning steps of the --distill-prune rows (0 = skip them; default: ${DEFAULT-VALUE}).")
    int distillSteps;

    @Option(names = "--at-spz-fraction", paramLabel = "X", defaultValue = "0.25",
            description = {"A row with views and fine-tuning (small preset, pruning --at-spz-prune) at the finest",
                    "step scale whose archive fits in X times splat-transform's SPZ (ours when that did not",
                    "run); 0 = skip (default: ${DEFAULT-VALUE}: the issue's '4x smaller than SPZ')."})
    double spzFraction;

    @Option(names = "--at-spz-prune", paramLabel = "F", defaultValue = "0.6",
            description = "Pruned fraction of the --at-spz-fraction row (default: ${DEFAULT-VALUE}).")
    double spzPrune;

    @Option(names = "--target-loss", paramLabel = "DB", defaultValue = "0.3",
            description = {"Also search our smallest archive (no views) within this test-PSNR loss of the scene",
                    "(the compression issue's target; default: ${DEFAULT-VALUE})."})
    double targetLoss;

    @Option(names = "--prune-scan", paramLabel = "N", defaultValue = "8",
            description = {"Also find our smallest archive within --target-loss by pruning: 2N prune fractions",
                    "evenly up to 0.4 for medium + distill (no views, ~35 s each on a 25k-Gaussian scene)",
                    "and N up to 0.8 for small + views + fine-tune (~60 s each); 0 skips both scans",
                    "(default: ${DEFAULT-VALUE})."})
    int pruneScan;

    @Option(names = "--no-matched",
            description = "Skip the searches for our size at --target-loss and at each peer's PSNR.")
    boolean noMatched;

    @Option(names = "--splat-transform", paramLabel = "EXE",
            description = "splat-transform executable (default: " + SplatTransformTool.REPO_RELATIVE
                    + " above the working folder, $SPLAT_TRANSFORM, or the PATH).")
    Path splatTransform;

    @Option(names = "--no-peers", description = "Skip the splat-transform rows.")
    boolean noPeers;

    @Option(names = "--sog-timeout", paramLabel = "S", defaultValue = "600",
            description = "Seconds SOG encoding may take before it is skipped (default: ${DEFAULT-VALUE}).")
    double sogTimeout;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Where to keep the encoded files (default: a temporary folder, removed at the end).")
    Path work;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(model)) {
            throw new NoSuchFileException(model.toString());
        }
        if (testViews < 0 || !(sogTimeout > 0)) {
            throw new IllegalArgumentException("--test-views must be >= 0 and --sog-timeout > 0");
        }
        if (!(targetLoss > 0) || !Double.isFinite(targetLoss)) {
            throw new IllegalArgumentException("--target-loss must be > 0 dB, got " + targetLoss);
        }
        if (pruneScan < 0) {
            throw new IllegalArgumentException("--prune-scan must be >= 0, got " + pruneScan);
        }
        if (fineTuneSteps < 0 || distillSteps < 0) {
            throw new IllegalArgumentException("--fine-tune and --distill-steps must be >= 0 steps, got "
                    + fineTuneSteps + " and " + distillSteps);
        }
        if (!(spzFraction >= 0 && spzFraction <= 1) || !(spzPrune >= 0 && spzPrune < 1)) {
            throw new IllegalArgumentException("--at-spz-fraction must be in [0, 1] and --at-spz-prune in [0, 1), got "
                    + spzFraction + " and " + spzPrune);
        }
        List<Double> prunes = fractions(fineTunePrune, "--fine-tune-prune");
        List<Double> distillPrunes = fractions(distillPrune, "--distill-prune");
        List<Quality> qs = new ArrayList<>();
        for (String r : rates) {
            qs.add(lossy(r, "--rates"));
        }
        SplatTransformTool tool = noPeers ? null : SplatTransformTool.find(splatTransform);
        if (!noPeers && tool == null) {
            Log.warn("splat-transform not found: its rows are skipped (run `npm ci` in .ci/interop)");
        }
        boolean tempWork = work == null;
        Path dir = tempWork ? Files.createTempDirectory("splat-bench-compress") : Files.createDirectories(work);
        Map<String, Object> doc = new LinkedHashMap<>();
        List<BenchRow> rows = new ArrayList<>();
        try (Device device = deviceOptions.open()) {
            GaussianCloud scene = SceneFiles.read(model);
            SceneViews views = SceneViews.of(Datasets.load(dataset, DatasetOptions.defaults()
                    .withResolution(resolution).withMaxViews(testViews).withLabels(false)));
            Log.info("bench compress: %,d Gaussians (SH degree %d) from %s; %d test views", scene.size(),
                    scene.shDegree(), model, views.evalViews().size());
            try (CompressBench bench = new CompressBench(device, views, dir, tool, sogTimeout, r -> {
                rows.add(r);
                Log.info("%s", line(r));
            })) {
                Path ply = dir.resolve("model.ply");
                BenchRow plyRow = bench.ply(scene, ply);
                ImageQuality base = new ImageQuality(plyRow.psnr(), plyRow.ssim(), views.evalViews().size());
                bench.generalPurpose(ply, scene, base);
                BenchRow spz = bench.ourSpz(scene);
                List<BenchRow> peers = bench.splatTransform(ply);
                for (Quality q : qs) {
                    bench.ours("sfz " + name(q), scene, CodecOptions.preset(q), false, null);
                }
                if (distillSteps > 0) {
                    FineTuneFactory distill = distill();
                    for (double f : distillPrunes) {
                        bench.ours(String.format(Locale.ROOT, "sfz medium prune %.2f + distill", f), scene,
                                CodecOptions.preset(Quality.MEDIUM).withPruneFraction(f), false, distill);
                    }
                }
                if (!noViews) {
                    for (Quality q : qs) {
                        bench.ours("sfz " + name(q) + " + views", scene, CodecOptions.preset(q), true, null);
                    }
                    if (fineTuneSteps > 0) {
                        // the rates `splat compress --dataset` would use for each row's pruning
                        for (Quality q : qs) {
                            CodecOptions o = CodecOptions.preset(q);
                            bench.ours("sfz " + name(q) + " + views + fine-tune", scene, o, true, fineTune(o));
                        }
                        for (double f : prunes) {
                            CodecOptions o = CodecOptions.preset(Quality.SMALL).withPruneFraction(f);
                            bench.ours(String.format(Locale.ROOT, "sfz small prune %.2f + views + fine-tune", f), scene,
                                    o, true, fineTune(o));
                        }
                        if (spzFraction > 0) {
                            BenchRow ref = spzReference(spz, peers);
                            long budget = (long) Math.floor(ref.bytes() * spzFraction);
                            bench.oursAtSize(String.format(Locale.ROOT, "sfz small prune %.2f at %.2f x %s bytes + "
                                    + "views + fine-tune", spzPrune, spzFraction, ref.name()), scene,
                                    CodecOptions.preset(Quality.SMALL).withPruneFraction(spzPrune),
                                    fineTune(CodecOptions.preset(Quality.SMALL).withPruneFraction(spzPrune)), budget);
                        }
                    }
                }
                if (!noMatched) {
                    List<CodecOptions> bases = List.of(CodecOptions.preset(Quality.MEDIUM),
                            CodecOptions.preset(Quality.SMALL));
                    bench.matched(String.format(Locale.ROOT, "sfz at %.1f dB loss", targetLoss), scene, bases,
                            base.psnr() - targetLoss);
                    if (pruneScan > 0 && distillSteps > 0) {
                        bench.matchedPrune(String.format(Locale.ROOT, "sfz at %.1f dB loss, medium prune + distill",
                                targetLoss), scene, CodecOptions.preset(Quality.MEDIUM), false, o -> distill(),
                                base.psnr() - targetLoss, 0.4, 2 * pruneScan);
                    }
                    if (pruneScan > 0 && !noViews && fineTuneSteps > 0) {
                        bench.matchedPrune(String.format(Locale.ROOT,
                                "sfz at %.1f dB loss, small prune + views + fine-tune", targetLoss), scene,
                                CodecOptions.preset(Quality.SMALL), true, this::fineTune, base.psnr() - targetLoss,
                                0.8, pruneScan);
                    }
                    bench.matched("sfz at spz (splatforge) PSNR", scene, bases, spz.psnr());
                    for (BenchRow p : peers) {
                        if (p.ran() && !p.family().equals("ply")) {
                            bench.matched("sfz at " + p.name() + " PSNR", scene, bases, p.psnr());
                        }
                    }
                }
                doc.put("model", model.toString());
                doc.put("dataset", dataset.toString());
                doc.put("resolution", resolution);
                doc.put("gaussians", scene.size());
                doc.put("shDegree", scene.shDegree());
                doc.put("testViews", views.evalViews().size());
                doc.put("device", device.describe());
                doc.put("splatTransform", tool == null ? null : tool.version());
                doc.put("plyBytes", plyRow.bytes());
                doc.put("baselinePsnr", base.psnr());
                doc.put("baselineSsim", base.ssim());
                List<Map<String, Object>> out = new ArrayList<>();
                for (BenchRow r : rows) {
                    out.add(toMap(r, plyRow.bytes(), base.psnr(), scene.size()));
                }
                doc.put("rows", out);
                System.err.println(table(rows, plyRow.bytes(), base.psnr(), scene.size()));
            }
        } finally {
            if (tempWork) {
                deleteTree(dir);
            }
        }
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        return ExitCodes.OK;
    }

    /** splat-transform's SPZ row when it ran, else ours. */
    private static BenchRow spzReference(BenchRow ours, List<BenchRow> peers) {
        for (BenchRow p : peers) {
            if (p.ran() && p.family().equals("spz")) {
                return p;
            }
        }
        return ours;
    }

    /** Fractions in [0, 1) from a comma list; "none" or blank entries are skipped. */
    private static List<Double> fractions(List<String> list, String option) {
        List<Double> out = new ArrayList<>();
        for (String f : list) {
            if (f.isBlank() || f.equals("none")) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(f);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes fractions in [0, 1), got '" + f + "'");
            }
            if (!(v >= 0 && v < 1)) {
                throw new IllegalArgumentException(option + " takes fractions in [0, 1), got " + f);
            }
            out.add(v);
        }
        return out;
    }

    private static Quality lossy(String r, String option) {
        Quality q = Quality.parse(r);
        if (q == Quality.LOSSLESS) {
            throw new IllegalArgumentException(option + " takes lossy presets (high, medium, small)");
        }
        return q;
    }

    /** The fine-tuner of a row with views, at the rates for its pruning. */
    private FineTuneFactory fineTune(CodecOptions o) {
        return QuantizationAwareFineTuner.factory(FineTuneConfig.forPruned(fineTuneSteps, o.pruneFraction()));
    }

    /** The self-distillation of a row without views ({@code splat compress --distill}). */
    private FineTuneFactory distill() {
        return QuantizationAwareFineTuner.factory(FineTuneConfig.distillation(distillSteps));
    }

    private static String name(Quality q) {
        return q.name().toLowerCase(Locale.ROOT);
    }

    /** One row as JSON; bytes per Gaussian are per Gaussian of the input scene (pruning counts as savings). */
    private static Map<String, Object> toMap(BenchRow r, long plyBytes, double basePsnr, int sourceGaussians) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("family", r.family());
        m.put("bytes", r.ran() ? r.bytes() : null);
        m.put("bytesPerGaussian", r.ran() ? num((double) r.bytes() / Math.max(1, sourceGaussians)) : null);
        m.put("ratioVsPly", r.ran() ? num((double) plyBytes / r.bytes()) : null);
        m.put("gaussians", r.gaussians());
        m.put("psnr", num(r.psnr()));
        m.put("ssim", num(r.ssim()));
        m.put("psnrLoss", num(basePsnr - r.psnr()));
        m.put("encodeSeconds", num(r.encodeSeconds()));
        m.put("decodeSeconds", num(r.decodeSeconds()));
        m.put("note", r.note());
        return m;
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The side-by-side table (Markdown); bytes per Gaussian of the input scene. */
    static String table(List<BenchRow> rows, long plyBytes, double basePsnr, int sourceGaussians) {
        StringBuilder sb = new StringBuilder();
        sb.append("| codec | bytes | bytes/Gaussian | vs PLY | Gaussians kept | PSNR dB | loss dB | SSIM | encode s | decode s |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchRow r : rows) {
            if (!r.ran()) {
                sb.append("| ").append(r.name()).append(" | ").append(r.note()).append(" | | | | | | | | |\n");
                continue;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %.1fx | %,d | %.2f | %.2f | %.4f | %.2f | %.2f |%n",
                    r.name(), r.bytes(), (double) r.bytes() / Math.max(1, sourceGaussians), (double) plyBytes / r.bytes(),
                    r.gaussians(), r.psnr(), basePsnr - r.psnr(), r.ssim(), r.encodeSeconds(), r.decodeSeconds()));
        }
        return sb.toString();
    }

    private static String line(BenchRow r) {
        if (!r.ran()) {
            return r.name() + ": " + r.note();
        }
        return String.format(Locale.ROOT, "%s: %,d bytes, %,d Gaussians, PSNR %.2f dB, SSIM %.4f, encode %.2f s, decode %.2f s",
                r.name(), r.bytes(), r.gaussians(), r.psnr(), r.ssim(), r.encodeSeconds(), r.decodeSeconds());
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            Log.warn("could not remove %s: %s", dir, e.getMessage());
        }
    }
}
