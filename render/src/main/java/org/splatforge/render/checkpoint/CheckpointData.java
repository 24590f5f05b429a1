package org.splatforge.render.checkpoint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.splatforge.core.io.CorruptDataException;

/**
 * The contents of a checkpoint: named arrays ({@code float[]}, {@code int[]}, {@code long[]},
 * {@code double[]}) and named UTF-8 texts (JSON), in insertion order. {@link CheckpointFile}
 * reads and writes it. Getters throw {@link CorruptDataException} naming the file and the
 * entry when an entry is missing or of the wrong type or length, so a damaged checkpoint is
 * reported, not half-restored.
 */
public final class CheckpointData {

    private final Map<String, Object> entries = new LinkedHashMap<>();
    private final Path source;

    /** An empty container to fill and write. */
    public CheckpointData() {
        this(null);
    }

    /** A container read from {@code source} (named in error messages). */
    public CheckpointData(Path source) {
        this.source = source;
    }

    public Path source() {
        return source;
    }

    public Map<String, Object> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    public CheckpointData put(String name, float[] a) {
        return add(name, a);
    }

    public CheckpointData put(String name, int[] a) {
        return add(name, a);
    }

    public CheckpointData put(String name, long[] a) {
        return add(name, a);
    }

    public CheckpointData put(String name, double[] a) {
        return add(name, a);
    }

    public CheckpointData putText(String name, String text) {
        return add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private CheckpointData add(String name, Object v) {
        if (name.isEmpty() || name.length() > 200) {
            throw new IllegalArgumentException("checkpoint entry name must be 1..200 characters: '" + name + "'");
        }
        if (entries.putIfAbsent(name, v) != null) {
            throw new IllegalArgumentException("duplicate checkpoint entry '" + name + "'");
        }
        return this;
    }

    Object raw(String name) {
        return entries.get(name);
    }

    void putRaw(String name, Object v) {
        add(name, v);
    }

    public float[] floats(String name, long expectedLength) throws CorruptDataException {
        return check(name, float[].class, expectedLength, get(name) instanceof float[] a ? a.length : -1);
    }

    public int[] ints(String name, long expectedLength) throws CorruptDataException {
        return check(name, int[].class, expectedLength, get(name) instanceof int[] a ? a.length : -1);
    }

    public long[] longs(String name, long expectedLength) throws CorruptDataException {
        return check(name, long[].class, expectedLength, get(name) instanceof long[] a ? a.length : -1);
    }

    public double[] doubles(String name, long expectedLength) throws CorruptDataException {
        return check(name, double[].class, expectedLength, get(name) instanceof double[] a ? a.length : -1);
    }

    public String text(String name) throws CorruptDataException {
        Object v = get(name);
        if (!(v instanceof byte[] b)) {
            throw CorruptDataException.field(source, name, "expected a text entry, found " + kind(v));
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private Object get(String name) throws CorruptDataException {
        Object v = entries.get(name);
        if (v == null) {
            throw CorruptDataException.field(source, name, "missing from the checkpoint");
        }
        return v;
    }

    /** @param expectedLength required length, or -1 for any */
    private <T> T check(String name, Class<T> type, long expectedLength, int actual) throws CorruptDataException {
        Object v = get(name);
        if (!type.isInstance(v)) {
            throw CorruptDataException.field(source, name, "expected " + type.getComponentType() + "[], found " + kind(v));
        }
        if (expectedLength >= 0 && actual != expectedLength) {
            throw CorruptDataException.field(source, name, "expected " + expectedLength + " values, found " + actual);
        }
        return type.cast(v);
    }

    private static String kind(Object v) {
        return v instanceof byte[] ? "text" : v == null ? "nothing" : v.getClass().getComponentType() + "[]";
    }
}
