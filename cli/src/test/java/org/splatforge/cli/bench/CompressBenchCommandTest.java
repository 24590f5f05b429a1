package org.splatforge.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.cli.CliRun;
import org.splatforge.cli.ExitCodes;
import org.splatforge.compress.bench.SyntheticCloud;
import org.splatforge.core.io.SceneFiles;

/** {@code splat bench compress} end to end on a tiny generated dataset: JSON shape and lossless rows. */
class CompressBenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsOneRowPerCodecWithLosslessPeersAtTheBaselineQuality() throws Exception {
        Path data = shapes();
        Path model = model();
        CliRun r = CliRun.splat("bench", "compress", "--model", model.toString(), "--dataset", data.toString(),
                "--resolution", "1", "--rates", "medium,small", "--no-matched", "--sog-timeout", "15", "--fine-tune", "6", "--distill-steps", "6",
                "--fine-tune-prune", "0.3",
                "--threads", "2");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(1200, doc.get("gaussians").asInt());
        assertEquals(2, doc.get("testViews").asInt());
        List<String> names = new ArrayList<>();
        double base = doc.get("baselinePsnr").asDouble();
        for (JsonNode row : doc.get("rows")) {
            String name = row.get("name").asText();
            names.add(name);
            if (name.startsWith("ply")) {
                assertEquals(base, row.get("psnr").asDouble(), 0, name + " is lossless");
            }
            if (name.startsWith("sfz") || name.startsWith("spz v4 (splatforge)")) {
                assertTrue(row.get("bytes").asLong() > 0, name);
                assertEquals(doc.get("plyBytes").asDouble() / row.get("bytes").asDouble(),
                        row.get("ratioVsPly").asDouble(), 1e-9, name);
                assertTrue(Math.abs(row.get("psnrLoss").asDouble()) < 3, name + " " + row);
            }
        }
        String atSpz = names.remove(names.size() - 1);
        assertTrue(atSpz.startsWith("sfz small prune 0.60 at 0.25 x spz v4 (") && atSpz.endsWith(
                " bytes + views + fine-tune"), atSpz);
        assertEquals(List.of("ply", "ply + gzip -9", "ply + zstd", "spz v4 (splatforge)", "spz v4 (splat-transform)",
                "compressed.ply (splat-transform)", "sog (splat-transform, -g cpu)", "sfz medium", "sfz small",
                "sfz medium prune 0.20 + distill", "sfz medium + views", "sfz small + views", "sfz medium + views + fine-tune",
                "sfz small + views + fine-tune", "sfz small prune 0.30 + views + fine-tune"), names);
        assertTrue(r.err().contains("| codec | bytes |"), "the table goes to stderr");
    }

    /**
     * The prune-fraction searches at a target loss: each row either meets the target (loss
     * at most --target-loss, fewer Gaussians than the source, the chosen fraction in the
     * searched range) or says why it was skipped.
     */
    @Test
    void prunedSearchesMeetTheTargetLossOrSaySo() throws Exception {
        Path data = shapes();
        Path model = model();
        double target = 0.5;
        CliRun r = CliRun.splat("bench", "compress", "--model", model.toString(), "--dataset", data.toString(),
                "--resolution", "1", "--rates", "medium", "--no-peers", "--fine-tune", "4", "--distill-steps", "4",
                "--fine-tune-prune", "none", "--distill-prune", "none", "--at-spz-fraction", "0",
                "--target-loss", "" + target, "--prune-scan", "2", "--threads", "2");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        int searched = 0;
        for (JsonNode row : doc.get("rows")) {
            String name = row.get("name").asText();
            if (!name.contains("dB loss, ")) {
                continue;
            }
            searched++;
            String note = row.get("note").asText();
            if (row.get("bytes").isNull()) {
                assertTrue(note.contains("reaches"), note);
                continue;
            }
            assertTrue(row.get("psnrLoss").asDouble() <= target + 1e-9, name + " " + row);
            Matcher m = Pattern.compile("prune fraction ([0-9.]+) \\([24] fractions up to ([0-9.]+) scanned\\)")
                    .matcher(note);
            assertTrue(m.find(), note);
            double f = Double.parseDouble(m.group(1)), max = Double.parseDouble(m.group(2));
            assertTrue(f > 0 && f <= max, note);
            assertTrue(row.get("gaussians").asInt() <= Math.round(1200 * (1 - f)) + 1, name + " " + row);
        }
        assertEquals(2, searched, "one search without views (distill), one with views (fine-tune)");
    }

    /** A tiny generated dataset (40x36, 3 training and 2 test views). */
    private Path shapes() {
        Path data = dir.resolve("shapes");
        CliRun gen = CliRun.splat("scene", "generate", "shapes", "--out", data.toString(), "--width", "40", "--height",
                "36", "--train", "3", "--test", "2", "--samples", "1");
        assertEquals(ExitCodes.OK, gen.code(), gen.err());
        return data;
    }

    /** A synthetic 1200-Gaussian, SH degree 3 model (seed 2) as PLY. */
    private Path model() throws IOException {
        System.out.println("synthetic cloud n=1200 degree 3 seed 2");
        Path model = dir.resolve("model.ply");
        SceneFiles.write(model, SyntheticCloud.scene(1200, 3, 2));
        return model;
    }
}
