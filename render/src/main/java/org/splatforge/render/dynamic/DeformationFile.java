package org.splatforge.render.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.render.checkpoint.CheckpointData;
import org.splatforge.render.checkpoint.CheckpointFile;

/**
 * The deformation-field file ({@code deformation.sfdf}, written next to the canonical
 * {@code point_cloud.ply} by {@code splat train --dynamic}). It uses the checkpoint
 * container ({@link CheckpointFile}: named, typed, CRC32C-checked entries, atomic writes)
 * with these entries:
 * <ul>
 *   <li>{@code meta} (UTF-8 JSON): {@code format = "splatforge-deformation"}, {@code version = 1},
 *       the {@link FieldConfig} ({@code spatialRes, scales, timeRes, features, hidden,
 *       hiddenLayers}), the box {@code lo, hi} (world, 3 floats each), {@code deformOpacity},
 *       and {@code outputs} naming the 11 deltas in order</li>
 *   <li>{@code planes} (f32, {@link HexPlaneLayout#size()}): planes in the layout's order</li>
 *   <li>{@code mlp} (f32, {@link MlpLayout#size()}): per layer {@code W^T[in][out]} then {@code b[out]}</li>
 *   <li>{@code dynamicBits} (i32, ceil(N/32), optional) with {@code dynamicCount} (i32, 1: N):
 *       Swift4D split, bit {@code i % 32} (least significant first) of word {@code i / 32} set
 *       for Gaussians that query the field, clear for static ones, in the PLY's order. (Files
 *       from before stop 14 hold {@code dynamicMask}, i32 N of 0/1, instead: 32x the bytes, still read.)</li>
 * </ul>
 * A Gaussian i of the canonical PLY at time t in [0, 1] is rendered with raw parameters
 * {@code mean + d[0..2], logScale + d[3..5], quat + d[6..9], opacityLogit + d[10]} (the last
 * only when {@code deformOpacity}), {@code d} the field's output at (mean, t).
 */
public final class DeformationFile {

    public static final String FORMAT = "splatforge-deformation";
    public static final int VERSION = 1;
    /** The conventional file name next to the canonical PLY. */
    public static final String NAME = "deformation.sfdf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeformationFile() {
    }

    /** A field with its settings as stored in a file. {@code dynamicMask} is null without the split. */
    public record Model(DeformationField field, boolean deformOpacity, int[] dynamicMask) {
    }

    /** Atomically writes the field (and the optional Swift4D mask) to {@code file}. */
    public static void write(Path file, DeformationField field, boolean deformOpacity, int[] dynamicMask) throws IOException {
        CheckpointData d = new CheckpointData();
        put(d, "", field, deformOpacity);
        if (dynamicMask != null) {
            int[] bits = new int[(dynamicMask.length + 31) / 32];
            for (int i = 0; i < dynamicMask.length; i++) {
                bits[i >>> 5] |= (dynamicMask[i] != 0 ? 1 : 0) << (i & 31);
            }
            d.put("dynamicCount", new int[] {dynamicMask.length});
            d.put("dynamicBits", bits);
        }
        CheckpointFile.write(file, d);
    }

    /** Reads and validates a file written by {@link #write}. */
    public static Model read(Path file) throws IOException {
        CheckpointData d = CheckpointFile.read(file);
        DeformationField f = get(d, "");
        boolean op = readMeta(d, "meta").path("deformOpacity").asBoolean(true);
        int[] mask = null;
        if (d.has("dynamicCount")) {
            int n = d.ints("dynamicCount", 1)[0];
            if (n < 0) {
                throw CorruptDataException.field(file, "dynamicCount", "expected a count >= 0, found " + n);
            }
            int[] bits = d.ints("dynamicBits", (n + 31L) / 32);
            mask = new int[n];
            for (int i = 0; i < n; i++) {
                mask[i] = (bits[i >>> 5] >>> (i & 31)) & 1;
            }
        } else if (d.has("dynamicMask")) {
            Object o = d.entries().get("dynamicMask");
            if (!(o instanceof int[] m)) {
                throw CorruptDataException.field(file, "dynamicMask", "expected i32 entries");
            }
            for (int i = 0; i < m.length; i++) {
                if (m[i] != 0 && m[i] != 1) {
                    throw CorruptDataException.field(file, "dynamicMask[" + i + "]", "expected 0 or 1, found " + m[i]);
                }
            }
            mask = m;
        }
        return new Model(f, op, mask);
    }

    /** Puts the field's meta, planes and mlp under {@code prefix} (checkpoints use "deform/field/"). */
    static void put(CheckpointData d, String prefix, DeformationField f, boolean deformOpacity) {
        FieldConfig c = f.config();
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("spatialRes", c.spatialRes());
        meta.put("scales", c.scales());
        meta.put("timeRes", c.timeRes());
        meta.put("features", c.features());
        meta.put("hidden", c.hidden());
        meta.put("hiddenLayers", c.hiddenLayers());
        ArrayNode lo = meta.putArray("lo"), hi = meta.putArray("hi");
        for (int a = 0; a < 3; a++) {
            lo.add(f.lo()[a]);
            hi.add(f.hi()[a]);
        }
        meta.put("deformOpacity", deformOpacity);
        ArrayNode outs = meta.putArray("outputs");
        for (String s : new String[] {"dx", "dy", "dz", "dlogScale0", "dlogScale1", "dlogScale2", "dqw", "dqx", "dqy", "dqz",
                "dopacityLogit"}) {
            outs.add(s);
        }
        d.putText(prefix + "meta", meta.toString());
        d.put(prefix + "planes", f.planes().clone());
        d.put(prefix + "mlp", f.mlp().clone());
    }

    /** Reads what {@link #put} wrote, checking the format, the shape, the box and that every value is finite. */
    static DeformationField get(CheckpointData d, String prefix) throws CorruptDataException {
        Path file = d.source();
        JsonNode m = readMeta(d, prefix + "meta");
        if (!FORMAT.equals(m.path("format").asText()) || m.path("version").asInt() != VERSION) {
            throw CorruptDataException.field(file, prefix + "meta.format", "expected " + FORMAT + " version " + VERSION
                    + ", found " + m.path("format").asText() + " version " + m.path("version").asText());
        }
        FieldConfig c;
        float[] lo = new float[3], hi = new float[3];
        try {
            c = new FieldConfig(m.path("spatialRes").asInt(), m.path("scales").asInt(), m.path("timeRes").asInt(),
                    m.path("features").asInt(), m.path("hidden").asInt(), m.path("hiddenLayers").asInt());
            for (int a = 0; a < 3; a++) {
                lo[a] = (float) m.path("lo").path(a).asDouble(Double.NaN);
                hi[a] = (float) m.path("hi").path(a).asDouble(Double.NaN);
            }
            DeformationField f = new DeformationField(c, lo, hi);
            copyFinite(d, prefix + "planes", f.planes());
            copyFinite(d, prefix + "mlp", f.mlp());
            return f;
        } catch (IllegalArgumentException e) {
            throw CorruptDataException.field(file, prefix + "meta", e.getMessage());
        }
    }

    private static void copyFinite(CheckpointData d, String name, float[] dst) throws CorruptDataException {
        float[] src = d.floats(name, dst.length);
        for (int i = 0; i < src.length; i++) {
            if (!Float.isFinite(src[i])) {
                throw CorruptDataException.field(d.source(), name + "[" + i + "]", "expected a finite value, found " + src[i]);
            }
        }
        System.arraycopy(src, 0, dst, 0, dst.length);
    }

    private static JsonNode readMeta(CheckpointData d, String name) throws CorruptDataException {
        try {
            return JSON.readTree(d.text(name));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CorruptDataException.field(d.source(), name, "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
