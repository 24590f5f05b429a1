package org.splatforge.cli.scene;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.splatforge.cli.DeviceOptions;
import org.splatforge.cli.ExitCodes;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.io.SceneFormats;
import org.splatforge.core.io.SceneHeader;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.CloudStatistics;
import org.splatforge.core.scene.ColumnStats;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code splat info FILE}: what a scene file holds. The header (format, count, SH degree,
 * format details), the bounds of the means, and per-column statistics like
 * splat-transform's {@code --summary} (min, max, median, mean, population stddev, NaN and
 * Inf counts over raw values). NaN/Inf values are counted, not refused, so this is the
 * command to inspect a file other commands reject.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show a scene file's format, Gaussian count, SH degree, bounds and per-attribute statistics.",
                "Reads PLY, .splat, SPZ and Arrow splat tables (format detected from the content),",
                "and a dynamic scene's deformation field (.sfdf)."})
public final class InfoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The scene file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON document on stdout instead of text.")
    boolean json;

    @Option(names = "--header-only", description = "Read only the header: no statistics (instant on any size).")
    boolean headerOnly;

    @Mixin
    DeviceOptions deviceOptions;

    @Override
    public Integer call() throws Exception {
        if (DeformationInfo.isFieldFile(file)) {
            Map<String, Object> d = DeformationInfo.describe(file);
            if (json) {
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(d));
            } else {
                d.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-20s %s%n", k, v));
            }
            return ExitCodes.OK;
        }
        SceneHeader h = SceneFiles.probe(file);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file.toString());
        out.put("format", h.format());
        out.put("description", SceneFormats.byName(h.format()).description());
        out.put("bytes", Files.size(file));
        out.put("count", h.count());
        out.put("shDegree", h.shDegree());
        out.put("details", h.details());
        Path field = org.splatforge.render.dynamic.DynamicModel.fieldNextTo(file);
        if (field != null) { // a dynamic scene's canonical cloud: say so, and what the field holds
            Map<String, Object> d = DeformationInfo.describe(field);
            d.remove("file");
            d.put("fieldFile", field.toString());
            out.put("dynamic", d);
        }
        List<ColumnStats> stats = List.of();
        if (!headerOnly) {
            try (Device device = deviceOptions.open()) {
                GaussianCloud c = SceneFiles.read(file, ReadOptions.DEFAULT.lenient().withDevice(device));
                stats = CloudStatistics.compute(c, device);
            }
            long bad = 0;
            for (ColumnStats s : stats) {
                bad += s.nanCount() + s.infCount();
            }
            if (bad > 0) {
                Log.warn("%s: %d NaN/Inf values (see the nan/inf columns); `splat convert` refuses such files", file, bad);
            }
            Map<String, Object> bounds = new LinkedHashMap<>();
            bounds.put("min", List.of(num(stats.get(0).min()), num(stats.get(1).min()), num(stats.get(2).min())));
            bounds.put("max", List.of(num(stats.get(0).max()), num(stats.get(1).max()), num(stats.get(2).max())));
            out.put("bounds", bounds);
            List<Map<String, Object>> cols = new ArrayList<>();
            for (ColumnStats s : stats) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("min", num(s.min()));
                m.put("max", num(s.max()));
                m.put("median", num(s.median()));
                m.put("mean", num(s.mean()));
                m.put("stdDev", num(s.stdDev()));
                m.put("nanCount", s.nanCount());
                m.put("infCount", s.infCount());
                cols.add(m);
            }
            out.put("columns", cols);
        }
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        } else {
            printText(System.out, h, out, stats);
        }
        return ExitCodes.OK;
    }

    /** JSON has no NaN: absent values become null. */
    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private void printText(PrintStream p, SceneHeader h, Map<String, Object> out, List<ColumnStats> stats) {
        p.printf(Locale.ROOT, "%-20s %s%n", "file", file);
        p.printf(Locale.ROOT, "%-20s %s: %s%n", "format", h.format(), out.get("description"));
        p.printf(Locale.ROOT, "%-20s %,d bytes%n", "size", (Long) out.get("bytes"));
        p.printf(Locale.ROOT, "%-20s %,d%n", "Gaussians", h.count());
        p.printf(Locale.ROOT, "%-20s %d%n", "SH degree", h.shDegree());
        for (Map.Entry<String, String> e : h.details().entrySet()) {
            p.printf(Locale.ROOT, "%-20s %s%n", e.getKey(), e.getValue());
        }
        if (out.get("dynamic") instanceof Map<?, ?> d) {
            p.printf(Locale.ROOT, "%-20s %s (%s, %,d parameters)%s%n", "dynamic", d.get("fieldFile"), d.get("field"),
                    (Integer) d.get("parameters"), d.containsKey("dynamicGaussians")
                            ? String.format(Locale.ROOT, "; %,d of %,d Gaussians deform", (Integer) d.get("dynamicGaussians"),
                            (Integer) d.get("maskedGaussians")) : "; every Gaussian deforms");
        }
        if (stats.isEmpty()) {
            return;
        }
        p.printf(Locale.ROOT, "%-20s (%s, %s, %s) .. (%s, %s, %s)%n", "bounds", g(stats.get(0).min()), g(stats.get(1).min()),
                g(stats.get(2).min()), g(stats.get(0).max()), g(stats.get(1).max()), g(stats.get(2).max()));
        p.println();
        p.printf(Locale.ROOT, "%-10s %12s %12s %12s %12s %12s %8s %8s%n", "column", "min", "max", "median", "mean", "stddev", "nan", "inf");
        for (ColumnStats s : stats) {
            p.printf(Locale.ROOT, "%-10s %12s %12s %12s %12s %12s %8d %8d%n", s.name(), g(s.min()), g(s.max()), g(s.median()),
                    g(s.mean()), g(s.stdDev()), s.nanCount(), s.infCount());
        }
    }

    private static String g(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6g", v == 0 ? 0.0 : v); // no "-0"
    }
}
