package org.splatforge.vision.onnx;

import java.util.List;

/** An ONNX NodeProto: {@code opType} over named inputs and outputs ("" marks an omitted optional input). */
public record OnnxNode(String opType, String name, List<String> inputs, List<String> outputs, List<OnnxAttribute> attributes) {

    public OnnxAttribute attribute(String n) {
        for (OnnxAttribute a : attributes) {
            if (a.name().equals(n)) {
                return a;
            }
        }
        return null;
    }

    public long intAttr(String n, long dflt) {
        OnnxAttribute a = attribute(n);
        return a == null ? dflt : a.i();
    }

    public float floatAttr(String n, float dflt) {
        OnnxAttribute a = attribute(n);
        return a == null ? dflt : a.f();
    }

    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }
}
