package org.splatforge.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.splatforge.core.io.CorruptDataException;

/** Small JSON helpers whose errors name the file and the field. */
final class Json {

    /** Accepts Python's bare NaN/Infinity so the field check below can name the field. */
    static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private Json() {
    }

    static JsonNode read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw CorruptDataException.at(file, 0, "expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new CorruptDataException(file + (loc != null ? ": at line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr() : "") + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A finite number at {@code node.key}, or {@code fallback} when the key is absent. */
    static double number(JsonNode node, String key, double fallback, Path file, String field) throws CorruptDataException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        return number(v, file, field);
    }

    static double number(JsonNode v, Path file, String field) throws CorruptDataException {
        if (!v.isNumber()) {
            throw CorruptDataException.field(file, field, "is " + v + ", expected a finite number");
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw CorruptDataException.field(file, field, "is " + d + ", expected a finite number");
        }
        return d;
    }

    static boolean has(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /**
     * A 4x4 (or 3x4, completed with 0 0 0 1) matrix of finite numbers, row-major.
     */
    static double[] matrix(JsonNode v, Path file, String field) throws CorruptDataException {
        if (v == null || !v.isArray() || (v.size() != 4 && v.size() != 3)) {
            throw CorruptDataException.field(file, field, "expected a 4x4 (or 3x4) array of numbers, got "
                    + (v == null ? "nothing" : abbreviate(v.toString())));
        }
        double[] m = new double[16];
        m[15] = 1;
        for (int r = 0; r < v.size(); r++) {
            JsonNode row = v.get(r);
            if (!row.isArray() || row.size() != 4) {
                throw CorruptDataException.field(file, field + "[" + r + "]", "expected 4 numbers, got " + abbreviate(row.toString()));
            }
            for (int c = 0; c < 4; c++) {
                m[r * 4 + c] = number(row.get(c), file, field + "[" + r + "][" + c + "]");
            }
        }
        return m;
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
