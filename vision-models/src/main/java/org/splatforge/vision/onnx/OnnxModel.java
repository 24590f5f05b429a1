package org.splatforge.vision.onnx;

import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX ModelProto a ViT needs (onnx/onnx.proto): opset version of the default
 * domain, the graph's nodes (topologically ordered, as the spec requires), initializers, graph
 * inputs and outputs (name, element type, dims with -1 for symbolic), and metadata_props.
 */
public record OnnxModel(long irVersion, long opset, String producer, String graphName, List<OnnxNode> nodes,
                        Map<String, OnnxTensor> initializers, List<ValueInfo> inputs, List<ValueInfo> outputs,
                        Map<String, String> metadata) {

    /** A graph input or output. {@code dims[i] = -1} with {@code dimNames[i]} for symbolic dimensions. */
    public record ValueInfo(String name, int elemType, long[] dims, String[] dimNames) {
    }
}
