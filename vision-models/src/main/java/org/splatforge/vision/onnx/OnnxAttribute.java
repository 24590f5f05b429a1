package org.splatforge.vision.onnx;

/** An ONNX AttributeProto: one of float, int, string, tensor, floats or ints, by {@code type}. */
public record OnnxAttribute(String name, int type, float f, long i, String s, OnnxTensor t, float[] floats, long[] ints) {

    public static final int FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, FLOATS = 6, INTS = 7;

    public static OnnxAttribute ofInt(String name, long v) {
        return new OnnxAttribute(name, INT, 0, v, null, null, null, null);
    }

    public static OnnxAttribute ofFloat(String name, float v) {
        return new OnnxAttribute(name, FLOAT, v, 0, null, null, null, null);
    }

    public static OnnxAttribute ofInts(String name, long... v) {
        return new OnnxAttribute(name, INTS, 0, 0, null, null, null, v);
    }

    public static OnnxAttribute ofTensor(String name, OnnxTensor t) {
        return new OnnxAttribute(name, TENSOR, 0, 0, null, t, null, null);
    }
}
