package org.splatforge.vision.onnx;

/**
 * An ONNX TensorProto restricted to what ViT graphs hold: FLOAT ({@code floats}) or INT64
 * ({@code longs}) data with {@code dims}.
 */
public record OnnxTensor(String name, int dataType, long[] dims, float[] floats, long[] longs) {

    public static final int FLOAT = 1, INT32 = 6, INT64 = 7;

    public static OnnxTensor ofFloats(String name, float[] data, long... dims) {
        return new OnnxTensor(name, FLOAT, dims, data, null);
    }

    public static OnnxTensor ofLongs(String name, long[] data, long... dims) {
        return new OnnxTensor(name, INT64, dims, null, data);
    }

    public long elements() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    public int rank() {
        return dims.length;
    }
}
