package org.splatforge.vision.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.CorruptDataException;

/**
 * ViT checkpoints in the safetensors format (huggingface/safetensors: an 8-byte little-endian
 * header length, a JSON header mapping tensor names to dtype, shape and byte offsets, then the
 * raw little-endian data). Tensor names and shapes follow timm ({@code blocks.0.attn.qkv.weight:
 * [3D, D]}, patch kernel {@code [D, C, P, P]}), so the file loads into PyTorch with
 * {@code safetensors.torch.load_file}. The config goes into {@code __metadata__}.
 * Writes are atomic.
 */
public final class VitCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Refuse headers beyond this (safetensors itself caps at 100 MB). */
    private static final long MAX_HEADER = 100L << 20;

    private VitCheckpoint() {
    }

    /** Writes {@code w} (plus free-form string metadata) to {@code file} atomically. */
    public static void write(Path file, VitWeights w, Map<String, String> extraMetadata) throws IOException {
        VitConfig c = w.config;
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        meta.put("format", "splatforge-vit");
        meta.put("image_size", Integer.toString(c.imageSize()));
        meta.put("channels", Integer.toString(c.channels()));
        meta.put("patch", Integer.toString(c.patch()));
        meta.put("dim", Integer.toString(c.dim()));
        meta.put("depth", Integer.toString(c.depth()));
        meta.put("heads", Integer.toString(c.heads()));
        meta.put("mlp", Integer.toString(c.mlp()));
        meta.put("classes", Integer.toString(c.classes()));
        meta.put("mean", floats(c.mean()));
        meta.put("std", floats(c.std()));
        meta.put("ln_eps", Float.toString(c.lnEps()));
        if (extraMetadata != null) {
            extraMetadata.forEach(meta::put);
        }
        long offset = 0;
        for (VitLayout.Tensor t : w.layout.tensors()) {
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", "F32");
            ArrayNode shape = e.putArray("shape");
            for (int s : torchShape(c, t)) {
                shape.add(s);
            }
            ArrayNode offs = e.putArray("data_offsets");
            offs.add(offset);
            offset += 4L * t.size();
            offs.add(offset);
        }
        byte[] hjson = JSON.writeValueAsBytes(header);
        int pad = (8 - hjson.length % 8) % 8; // safetensors pads the header with spaces to 8 bytes
        byte[] hpad = new byte[hjson.length + pad];
        System.arraycopy(hjson, 0, hpad, 0, hjson.length);
        java.util.Arrays.fill(hpad, hjson.length, hpad.length, (byte) ' ');
        long dataBytes = offset;
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hpad.length);
            out.write(len.array());
            out.write(hpad);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (VitLayout.Tensor t : w.layout.tensors()) {
                float[] torch = toTorch(w, t);
                for (float v : torch) {
                    if (buf.remaining() < 4) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putFloat(v);
                }
            }
            out.write(buf.array(), 0, buf.position());
            if (dataBytes < 0) {
                throw new IllegalStateException();
            }
        });
    }

    /** Reads a checkpoint written by {@link #write} (or any safetensors file with the same names). */
    public static VitWeights read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 8) {
            throw CorruptDataException.at(file, 0, "file is " + size + " bytes, a safetensors file starts with an 8-byte header length");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] lenBytes = in.readNBytes(8);
            long hlen = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (hlen <= 0 || hlen > MAX_HEADER || hlen > size - 8) {
                throw CorruptDataException.at(file, 0, "header length " + hlen + " does not fit a file of " + size + " bytes");
            }
            byte[] hbytes = in.readNBytes((int) hlen);
            JsonNode header;
            try {
                header = JSON.readTree(new String(hbytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw CorruptDataException.at(file, 8, "header is not valid JSON: " + e.getMessage());
            }
            if (header == null || !header.isObject()) {
                throw CorruptDataException.at(file, 8, "header is not a JSON object");
            }
            VitConfig c = configFrom(file, header.path("__metadata__"));
            VitWeights w = VitWeights.zeros(c);
            long dataStart = 8 + hlen;
            long dataLen = size - dataStart;
            Map<String, long[]> ranges = new LinkedHashMap<>();
            for (VitLayout.Tensor t : w.layout.tensors()) {
                JsonNode e = header.get(t.name());
                if (e == null) {
                    throw CorruptDataException.field(file, t.name(), "tensor missing");
                }
                if (!"F32".equals(e.path("dtype").asText())) {
                    throw CorruptDataException.field(file, t.name() + ".dtype", "expected F32, got " + e.path("dtype"));
                }
                int[] want = torchShape(c, t);
                JsonNode shape = e.path("shape");
                boolean ok = shape.isArray() && shape.size() == want.length;
                for (int i = 0; ok && i < want.length; i++) {
                    ok = shape.get(i).asLong(-1) == want[i];
                }
                if (!ok) {
                    throw CorruptDataException.field(file, t.name() + ".shape", "expected " + java.util.Arrays.toString(want)
                            + " for " + c + ", got " + shape);
                }
                JsonNode offs = e.path("data_offsets");
                long b = offs.path(0).asLong(-1), en = offs.path(1).asLong(-1);
                if (b < 0 || en - b != 4L * t.size() || en > dataLen) {
                    throw CorruptDataException.field(file, t.name() + ".data_offsets", "expected " + (4L * t.size())
                            + " bytes inside the " + dataLen + "-byte data section, got [" + b + ", " + en + "]");
                }
                ranges.put(t.name(), new long[] {b, en});
            }
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, dataLen));
            if (data.length < dataLen) {
                throw CorruptDataException.at(file, dataStart + data.length, "file ends early");
            }
            ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            for (VitLayout.Tensor t : w.layout.tensors()) {
                long b = ranges.get(t.name())[0];
                float[] torch = new float[t.size()];
                for (int i = 0; i < torch.length; i++) {
                    torch[i] = bb.getFloat((int) b + 4 * i);
                    if (!Float.isFinite(torch[i])) {
                        throw CorruptDataException.at(file, dataStart + b + 4L * i, "tensor " + t.name() + " element " + i + " is " + torch[i]);
                    }
                }
                fromTorch(w, t, torch);
            }
            return w;
        }
    }

    /** Metadata string values of a checkpoint ({@code __metadata__}), with the header checked as {@link #read} does. */
    public static Map<String, String> metadata(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] lenBytes = in.readNBytes(8);
            if (lenBytes.length < 8) {
                throw CorruptDataException.at(file, 0, "file is " + size + " bytes, a safetensors file starts with an 8-byte header length");
            }
            long hlen = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (hlen <= 0 || hlen > MAX_HEADER || hlen > size - 8) {
                throw CorruptDataException.at(file, 0, "header length " + hlen + " does not fit a file of " + size + " bytes");
            }
            JsonNode meta;
            try {
                meta = JSON.readTree(in.readNBytes((int) hlen)).path("__metadata__");
            } catch (IOException e) {
                throw CorruptDataException.at(file, 8, "header is not valid JSON");
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue().asText());
            }
            return m;
        }
    }

    private static VitConfig configFrom(Path file, JsonNode meta) throws CorruptDataException {
        if (!meta.isObject()) {
            throw CorruptDataException.field(file, "__metadata__", "missing: the ViT config is stored there");
        }
        int ch = intField(file, meta, "channels");
        try {
            return new VitConfig(intField(file, meta, "image_size"), ch, intField(file, meta, "patch"),
                    intField(file, meta, "dim"), intField(file, meta, "depth"), intField(file, meta, "heads"),
                    intField(file, meta, "mlp"), intField(file, meta, "classes"),
                    floatList(file, meta, "mean"), floatList(file, meta, "std"),
                    Float.parseFloat(meta.path("ln_eps").asText("1e-6")));
        } catch (IllegalArgumentException e) {
            throw CorruptDataException.field(file, "__metadata__", e.getMessage());
        }
    }

    private static int intField(Path file, JsonNode meta, String name) throws CorruptDataException {
        try {
            return Integer.parseInt(meta.path(name).asText());
        } catch (NumberFormatException e) {
            throw CorruptDataException.field(file, "__metadata__." + name, "expected an integer, got '" + meta.path(name).asText() + "'");
        }
    }

    private static float[] floatList(Path file, JsonNode meta, String name) throws CorruptDataException {
        String s = meta.path(name).asText();
        try {
            String[] parts = s.split(",");
            float[] v = new float[parts.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Float.parseFloat(parts[i].trim());
            }
            return v;
        } catch (NumberFormatException e) {
            throw CorruptDataException.field(file, "__metadata__." + name, "expected comma-separated numbers, got '" + s + "'");
        }
    }

    private static String floats(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }

    /** PyTorch shape of a tensor: linear weights [out, in], the patch kernel [D, C, P, P]. */
    public static int[] torchShape(VitConfig c, VitLayout.Tensor t) {
        if (t.name().equals("patch_embed.proj.weight")) {
            return new int[] {c.dim(), c.channels(), c.patch(), c.patch()};
        }
        if (t.name().equals("cls_token")) {
            return new int[] {1, 1, c.dim()};
        }
        if (t.name().equals("pos_embed")) {
            return new int[] {1, c.tokens(), c.dim()};
        }
        if (t.transposed()) {
            return new int[] {t.shape()[1], t.shape()[0]};
        }
        return t.shape().clone();
    }

    /** Tensor values in PyTorch order (transposing our [in][out] weights). */
    public static float[] toTorch(VitWeights w, VitLayout.Tensor t) {
        float[] out = new float[t.size()];
        if (t.transposed()) {
            int rows = t.shape()[0], cols = t.shape()[1];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[j * rows + i] = w.data[t.offset() + i * cols + j];
                }
            }
        } else {
            System.arraycopy(w.data, t.offset(), out, 0, out.length);
        }
        return out;
    }

    /** Inverse of {@link #toTorch}. */
    public static void fromTorch(VitWeights w, VitLayout.Tensor t, float[] torch) {
        if (t.transposed()) {
            int rows = t.shape()[0], cols = t.shape()[1];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    w.data[t.offset() + i * cols + j] = torch[j * rows + i];
                }
            }
        } else {
            System.arraycopy(torch, 0, w.data, t.offset(), torch.length);
        }
    }
}
