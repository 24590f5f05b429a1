package org.splatforge.vision.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.CorruptDataException;

/**
 * Generic safetensors files (huggingface/safetensors) of 1-D integer and float arrays:
 * {@code short[]} as I16, {@code int[]} as I32, {@code long[]} as I64, {@code float[]} as F32,
 * plus string metadata. Used for integer models; written atomically, read with every offset
 * and dtype checked.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Arrays and metadata read from a file. */
    public record Contents(Map<String, Object> tensors, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    public static void write(Path file, Map<String, Object> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        metadata.forEach(meta::put);
        long off = 0;
        for (Map.Entry<String, Object> e : tensors.entrySet()) {
            int n = length(e.getValue());
            int width = width(e.getValue());
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype(e.getValue()));
            t.putArray("shape").add(n);
            t.putArray("data_offsets").add(off).add(off + (long) n * width);
            off += (long) n * width;
        }
        byte[] h = JSON.writeValueAsBytes(header);
        int pad = (8 - h.length % 8) % 8;
        byte[] hp = java.util.Arrays.copyOf(h, h.length + pad);
        java.util.Arrays.fill(hp, h.length, hp.length, (byte) ' ');
        long total = off;
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hp.length).array());
            out.write(hp);
            ByteBuffer bb = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
            for (Object v : tensors.values()) {
                switch (v) {
                    case short[] a -> {
                        for (short x : a) {
                            bb.putShort(x);
                        }
                    }
                    case int[] a -> {
                        for (int x : a) {
                            bb.putInt(x);
                        }
                    }
                    case long[] a -> {
                        for (long x : a) {
                            bb.putLong(x);
                        }
                    }
                    case float[] a -> {
                        for (float x : a) {
                            bb.putFloat(x);
                        }
                    }
                    default -> throw new IllegalArgumentException(v.getClass().toString());
                }
            }
            out.write(bb.array());
        });
    }

    public static Contents read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 8 || size > Integer.MAX_VALUE) {
            throw CorruptDataException.at(file, 0, "size " + size + " is not that of a safetensors file we can read");
        }
        byte[] all = Files.readAllBytes(file);
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long hlen = bb.getLong(0);
        if (hlen <= 0 || hlen > size - 8) {
            throw CorruptDataException.at(file, 0, "header length " + hlen + " does not fit a file of " + size + " bytes");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(all, 8, (int) hlen, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CorruptDataException.at(file, 8, "header is not valid JSON");
        }
        long dataStart = 8 + hlen, dataLen = size - dataStart;
        Map<String, Object> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            JsonNode t = e.getValue();
            String dt = t.path("dtype").asText();
            long n = 1;
            for (JsonNode d : t.path("shape")) {
                n *= d.asLong(-1);
            }
            long b = t.path("data_offsets").path(0).asLong(-1), en = t.path("data_offsets").path(1).asLong(-1);
            int width = switch (dt) {
                case "I16" -> 2;
                case "I32", "F32" -> 4;
                case "I64" -> 8;
                default -> throw CorruptDataException.field(file, e.getKey() + ".dtype", "expected I16, I32, I64 or F32, got '" + dt + "'");
            };
            if (n < 0 || b < 0 || en - b != n * width || en > dataLen) {
                throw CorruptDataException.field(file, e.getKey() + ".data_offsets", "[" + b + ", " + en + "] does not hold "
                        + n + " " + dt + " values inside the " + dataLen + "-byte data section");
            }
            int p = (int) (dataStart + b);
            Object arr = switch (dt) {
                case "I16" -> {
                    short[] a = new short[(int) n];
                    for (int i = 0; i < n; i++) {
                        a[i] = bb.getShort(p + 2 * i);
                    }
                    yield a;
                }
                case "I32" -> {
                    int[] a = new int[(int) n];
                    for (int i = 0; i < n; i++) {
                        a[i] = bb.getInt(p + 4 * i);
                    }
                    yield a;
                }
                case "I64" -> {
                    long[] a = new long[(int) n];
                    for (int i = 0; i < n; i++) {
                        a[i] = bb.getLong(p + 8 * i);
                    }
                    yield a;
                }
                default -> {
                    float[] a = new float[(int) n];
                    for (int i = 0; i < n; i++) {
                        a[i] = bb.getFloat(p + 4 * i);
                    }
                    yield a;
                }
            };
            tensors.put(e.getKey(), arr);
        }
        return new Contents(tensors, meta);
    }

    private static int length(Object v) {
        return switch (v) {
            case short[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            case float[] a -> a.length;
            default -> throw new IllegalArgumentException("unsupported tensor type " + v.getClass());
        };
    }

    private static int width(Object v) {
        return v instanceof short[] ? 2 : v instanceof long[] ? 8 : 4;
    }

    private static String dtype(Object v) {
        return v instanceof short[] ? "I16" : v instanceof int[] ? "I32" : v instanceof long[] ? "I64" : "F32";
    }
}
