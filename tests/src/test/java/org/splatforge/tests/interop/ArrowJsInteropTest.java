package org.splatforge.tests.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.testing.SharedData;

/**
 * The Arrow splat table read by an independent implementation of the format: Apache Arrow's
 * own JavaScript library (pinned in {@code .ci/interop/package.json}), through
 * {@code .ci/interop/arrow-summary.mjs}. It reports per column the type, nulls, the double sum
 * and the first and last value; each is compared with the cloud we wrote, column by column in
 * the INRIA PLY naming (DESIGN.md), so a wrong name, order, type or batch boundary fails.
 * Skipped, with the reason, when node or the package is missing.
 */
class ArrowJsInteropTest {

    @TempDir
    Path dir;

    @Test
    void arrowJsReadsEveryColumnOfOurTable() throws Exception {
        Path root = interopRoot();
        // More rows than one record batch (65536) so the second batch's offsets are exercised.
        int n = 70_001;
        GaussianCloud c = SyntheticClouds.random(n, 3, SharedData.seed("arrow-js", 5));
        Path file = dir.resolve("table.arrow");
        SceneFiles.write(file, c);

        JsonNode got = summary(root, file);
        assertEquals(n, got.get("rows").asInt(), "rows");
        assertEquals(2, got.get("batches").asInt(), "record batches of 65536 rows");

        Map<String, IntToDoubleFunction> expected = expectedColumns(c);
        List<String> names = new ArrayList<>();
        got.get("columns").fieldNames().forEachRemaining(names::add);
        assertEquals(List.copyOf(expected.keySet()), names, "column names and order");
        for (Map.Entry<String, IntToDoubleFunction> e : expected.entrySet()) {
            JsonNode col = got.get("columns").get(e.getKey());
            assertEquals("Float32", col.get("type").asText(), e.getKey() + " type");
            assertEquals(0, col.get("nulls").asInt(), e.getKey() + " nulls");
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += e.getValue().applyAsDouble(i);
            }
            // Both sides add the same float32 values in double, in the same order: equal to rounding.
            assertEquals(sum, col.get("sum").asDouble(), 1e-9 * Math.max(1, Math.abs(sum)), e.getKey() + " sum");
            assertEquals(e.getValue().applyAsDouble(0), col.get("first").asDouble(), 0, e.getKey() + " first");
            assertEquals(e.getValue().applyAsDouble(n - 1), col.get("last").asDouble(), 0, e.getKey() + " last");
        }
    }

    /** Column name to value of row i, in the INRIA PLY order (f_rest channel-major). */
    private static Map<String, IntToDoubleFunction> expectedColumns(GaussianCloud c) {
        Map<String, IntToDoubleFunction> m = new LinkedHashMap<>();
        float[] means = c.means(), sh = c.sh(), op = c.opacityLogits(), sc = c.logScales(), q = c.quats();
        int k = c.shCoeffs();
        String[] xyz = {"x", "y", "z"};
        for (int a = 0; a < 3; a++) {
            int axis = a;
            m.put(xyz[a], i -> means[i * 3 + axis]);
        }
        for (int ch = 0; ch < 3; ch++) {
            int channel = ch;
            m.put("f_dc_" + ch, i -> sh[(i * k) * 3 + channel]);
        }
        for (int ch = 0; ch < 3; ch++) {
            for (int j = 1; j < k; j++) {
                int channel = ch, coeff = j;
                m.put("f_rest_" + (ch * (k - 1) + j - 1), i -> sh[(i * k + coeff) * 3 + channel]);
            }
        }
        m.put("opacity", i -> op[i]);
        for (int a = 0; a < 3; a++) {
            int axis = a;
            m.put("scale_" + a, i -> sc[i * 3 + axis]);
        }
        for (int a = 0; a < 4; a++) {
            int comp = a;
            m.put("rot_" + a, i -> q[i * 4 + comp]);
        }
        return m;
    }

    private static JsonNode summary(Path root, Path file) throws Exception {
        Process p = new ProcessBuilder("node", root.resolve("arrow-summary.mjs").toString(), file.toString())
                .directory(root.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node timed out");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "arrow-summary.mjs failed:\n" + text);
        return new ObjectMapper().readTree(text);
    }

    /** .ci/interop with apache-arrow installed and node on the PATH, or a skipped test. */
    private static Path interopRoot() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve(".ci/interop/package.json"))) {
            p = p.getParent();
        }
        assumeTrue(p != null, "skipped: no .ci/interop folder above the working directory");
        Path root = p.resolve(".ci/interop");
        assumeTrue(Files.isRegularFile(root.resolve("node_modules/apache-arrow/package.json")),
                "skipped: apache-arrow not installed in " + root + " (run `npm ci` there, as .ci/run does)");
        try {
            Process v = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            v.getInputStream().readAllBytes();
            assumeTrue(v.waitFor(30, TimeUnit.SECONDS) && v.exitValue() == 0, "skipped: node does not run");
        } catch (java.io.IOException e) {
            assumeTrue(false, "skipped: node is not on the PATH");
        }
        return root;
    }
}
