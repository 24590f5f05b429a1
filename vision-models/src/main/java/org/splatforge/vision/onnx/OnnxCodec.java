package org.splatforge.vision.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.CorruptDataException;

/**
 * Reads and writes {@link OnnxModel} in the ONNX protobuf encoding, with field numbers from
 * onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto). Float tensors are written as {@code raw_data} (little endian);
 * both {@code raw_data} and typed fields are read. Unknown fields are skipped; models with
 * external data or unsupported tensor types are refused with the field named.
 */
public final class OnnxCodec {

    /** Files larger than this are refused: a ViT we can run fits far below it. */
    private static final long MAX_BYTES = 1L << 30;

    private OnnxCodec() {
    }

    // ---------------------------------------------------------------- writing

    public static byte[] encode(OnnxModel m) {
        ProtoWriter model = new ProtoWriter();
        model.varint(1, m.irVersion());
        model.string(2, m.producer());
        ProtoWriter graph = new ProtoWriter();
        for (OnnxNode n : m.nodes()) {
            graph.message(1, node(n));
        }
        graph.string(2, m.graphName());
        for (OnnxTensor t : m.initializers().values()) {
            graph.message(5, tensor(t));
        }
        for (OnnxModel.ValueInfo v : m.inputs()) {
            graph.message(11, valueInfo(v));
        }
        for (OnnxModel.ValueInfo v : m.outputs()) {
            graph.message(12, valueInfo(v));
        }
        model.message(7, graph);
        model.message(8, new ProtoWriter().string(1, "").varint(2, m.opset()));
        for (Map.Entry<String, String> e : m.metadata().entrySet()) {
            model.message(14, new ProtoWriter().string(1, e.getKey()).string(2, e.getValue()));
        }
        return model.toByteArray();
    }

    public static void write(Path file, OnnxModel m) throws IOException {
        AtomicFiles.write(file, encode(m));
    }

    private static ProtoWriter node(OnnxNode n) {
        ProtoWriter w = new ProtoWriter();
        for (String i : n.inputs()) {
            w.string(1, i);
        }
        for (String o : n.outputs()) {
            w.string(2, o);
        }
        w.string(3, n.name());
        w.string(4, n.opType());
        for (OnnxAttribute a : n.attributes()) {
            ProtoWriter aw = new ProtoWriter().string(1, a.name());
            switch (a.type()) {
                case OnnxAttribute.FLOAT -> aw.float32(2, a.f());
                case OnnxAttribute.INT -> aw.varint(3, a.i());
                case OnnxAttribute.STRING -> aw.string(4, a.s());
                case OnnxAttribute.TENSOR -> aw.message(5, tensor(a.t()));
                case OnnxAttribute.FLOATS -> {
                    for (float f : a.floats()) {
                        aw.float32(7, f);
                    }
                }
                case OnnxAttribute.INTS -> {
                    for (long v : a.ints()) {
                        aw.varint(8, v);
                    }
                }
                default -> throw new IllegalArgumentException("attribute type " + a.type());
            }
            aw.varint(20, a.type());
            w.message(5, aw);
        }
        return w;
    }

    private static ProtoWriter tensor(OnnxTensor t) {
        ProtoWriter w = new ProtoWriter();
        for (long d : t.dims()) {
            w.varint(1, d);
        }
        w.varint(2, t.dataType());
        w.string(8, t.name());
        ByteBuffer bb;
        if (t.dataType() == OnnxTensor.FLOAT) {
            bb = ByteBuffer.allocate(4 * t.floats().length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : t.floats()) {
                bb.putFloat(f);
            }
        } else {
            bb = ByteBuffer.allocate(8 * t.longs().length).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : t.longs()) {
                bb.putLong(v);
            }
        }
        w.bytes(9, bb.array());
        return w;
    }

    private static ProtoWriter valueInfo(OnnxModel.ValueInfo v) {
        ProtoWriter shape = new ProtoWriter();
        for (int i = 0; i < v.dims().length; i++) {
            ProtoWriter dim = new ProtoWriter();
            if (v.dims()[i] >= 0) {
                dim.varint(1, v.dims()[i]);
            } else {
                dim.string(2, v.dimNames()[i]);
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, v.elemType()).message(2, shape);
        return new ProtoWriter().string(1, v.name()).message(2, new ProtoWriter().message(1, tensorType));
    }

    // ---------------------------------------------------------------- reading

    public static OnnxModel read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw CorruptDataException.at(file, -1, "ONNX file of " + size + " bytes is larger than the 1 GiB we read");
        }
        return decode(file, Files.readAllBytes(file));
    }

    public static OnnxModel decode(Path file, byte[] bytes) throws CorruptDataException {
        ProtoReader r = new ProtoReader(file, bytes, 0, bytes.length);
        long ir = 0, opset = -1;
        String producer = "";
        ProtoReader graph = null;
        Map<String, String> meta = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> ir = r.varint();
                case 2 -> producer = r.string();
                case 7 -> graph = r.message();
                case 8 -> {
                    ProtoReader o = r.message();
                    String domain = "";
                    long version = -1;
                    while (o.next()) {
                        if (o.field() == 1) {
                            domain = o.string();
                        } else if (o.field() == 2) {
                            version = o.varint();
                        } else {
                            o.skip();
                        }
                    }
                    if (domain.isEmpty() || domain.equals("ai.onnx")) {
                        opset = version;
                    }
                }
                case 14 -> {
                    ProtoReader e = r.message();
                    String k = "", v = "";
                    while (e.next()) {
                        if (e.field() == 1) {
                            k = e.string();
                        } else if (e.field() == 2) {
                            v = e.string();
                        } else {
                            e.skip();
                        }
                    }
                    meta.put(k, v);
                }
                default -> r.skip();
            }
        }
        if (graph == null) {
            throw CorruptDataException.field(file, "ModelProto.graph", "missing: not an ONNX model");
        }
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensor> inits = new LinkedHashMap<>();
        List<OnnxModel.ValueInfo> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        String gname = "";
        while (graph.next()) {
            switch (graph.field()) {
                case 1 -> nodes.add(readNode(file, graph.message()));
                case 2 -> gname = graph.string();
                case 5 -> {
                    OnnxTensor t = readTensor(file, graph.message(), graph.offset());
                    inits.put(t.name(), t);
                }
                case 11 -> inputs.add(readValueInfo(graph.message()));
                case 12 -> outputs.add(readValueInfo(graph.message()));
                default -> graph.skip();
            }
        }
        return new OnnxModel(ir, opset, producer, gname, nodes, inits, inputs, outputs, meta);
    }

    private static OnnxNode readNode(Path file, ProtoReader r) throws CorruptDataException {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        List<OnnxAttribute> attrs = new ArrayList<>();
        String name = "", op = "", domain = "";
        while (r.next()) {
            switch (r.field()) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> attrs.add(readAttribute(file, r.message()));
                case 7 -> domain = r.string();
                default -> r.skip();
            }
        }
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            op = domain + "::" + op;
        }
        return new OnnxNode(op, name, in, out, attrs);
    }

    private static OnnxAttribute readAttribute(Path file, ProtoReader r) throws CorruptDataException {
        String name = "", s = null;
        int type = 0;
        float f = 0;
        long i = 0;
        OnnxTensor t = null;
        List<Float> fl = new ArrayList<>();
        List<Long> il = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> name = r.string();
                case 2 -> f = r.float32();
                case 3 -> i = r.varint();
                case 4 -> s = r.string();
                case 5 -> t = readTensor(file, r.message(), r.offset());
                case 7 -> r.floats(fl::add);
                case 8 -> r.varints(il::add);
                case 20 -> type = (int) r.varint();
                default -> r.skip();
            }
        }
        float[] floats = new float[fl.size()];
        for (int k = 0; k < floats.length; k++) {
            floats[k] = fl.get(k);
        }
        long[] ints = il.stream().mapToLong(Long::longValue).toArray();
        return new OnnxAttribute(name, type, f, i, s, t, floats, ints);
    }

    private static OnnxTensor readTensor(Path file, ProtoReader r, int at) throws CorruptDataException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        byte[] raw = null;
        List<Float> fl = new ArrayList<>();
        List<Long> il = new ArrayList<>();
        boolean external = false;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> r.varints(dims::add);
                case 2 -> type = (int) r.varint();
                case 4 -> r.floats(fl::add);
                case 5, 7 -> r.varints(il::add);
                case 8 -> name = r.string();
                case 9 -> raw = r.bytes();
                case 14 -> external = r.varint() == 1;
                default -> r.skip();
            }
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long x : d) {
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw CorruptDataException.at(file, at, "tensor '" + name + "' has dimension " + x);
            }
            n *= x;
            if (n > Integer.MAX_VALUE / 8) {
                throw CorruptDataException.at(file, at, "tensor '" + name + "' is absurdly large");
            }
        }
        if (external) {
            throw CorruptDataException.at(file, at, "tensor '" + name + "' uses external data, which is not supported: re-export with the weights inside the .onnx file");
        }
        if (type == OnnxTensor.FLOAT) {
            float[] v = new float[(int) n];
            if (raw != null) {
                if (raw.length != 4 * n) {
                    throw CorruptDataException.at(file, at, "tensor '" + name + "' raw_data has " + raw.length + " bytes, dims need " + 4 * n);
                }
                ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < n; k++) {
                    v[k] = bb.getFloat();
                }
            } else {
                if (fl.size() != n) {
                    throw CorruptDataException.at(file, at, "tensor '" + name + "' has " + fl.size() + " floats, dims need " + n);
                }
                for (int k = 0; k < n; k++) {
                    v[k] = fl.get(k);
                }
            }
            return new OnnxTensor(name, type, d, v, null);
        }
        if (type == OnnxTensor.INT64 || type == OnnxTensor.INT32) {
            long[] v = new long[(int) n];
            if (raw != null) {
                int width = type == OnnxTensor.INT64 ? 8 : 4;
                if (raw.length != width * n) {
                    throw CorruptDataException.at(file, at, "tensor '" + name + "' raw_data has " + raw.length + " bytes, dims need " + width * n);
                }
                ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < n; k++) {
                    v[k] = width == 8 ? bb.getLong() : bb.getInt();
                }
            } else {
                if (il.size() != n) {
                    throw CorruptDataException.at(file, at, "tensor '" + name + "' has " + il.size() + " integers, dims need " + n);
                }
                for (int k = 0; k < n; k++) {
                    v[k] = il.get(k);
                }
            }
            return new OnnxTensor(name, OnnxTensor.INT64, d, null, v);
        }
        throw CorruptDataException.at(file, at, "tensor '" + name + "' has data type " + type + "; only FLOAT (1), INT32 (6) and INT64 (7) are supported");
    }

    private static OnnxModel.ValueInfo readValueInfo(ProtoReader r) throws CorruptDataException {
        String name = "";
        int elem = 0;
        List<Long> dims = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (r.next()) {
            if (r.field() == 1) {
                name = r.string();
            } else if (r.field() == 2) {
                ProtoReader type = r.message();
                while (type.next()) {
                    if (type.field() != 1) {
                        type.skip();
                        continue;
                    }
                    ProtoReader tt = type.message();
                    while (tt.next()) {
                        if (tt.field() == 1) {
                            elem = (int) tt.varint();
                        } else if (tt.field() == 2) {
                            ProtoReader shape = tt.message();
                            while (shape.next()) {
                                if (shape.field() != 1) {
                                    shape.skip();
                                    continue;
                                }
                                ProtoReader dim = shape.message();
                                long v = -1;
                                String p = "?";
                                while (dim.next()) {
                                    if (dim.field() == 1) {
                                        v = dim.varint();
                                    } else if (dim.field() == 2) {
                                        p = dim.string();
                                    } else {
                                        dim.skip();
                                    }
                                }
                                dims.add(v);
                                names.add(p);
                            }
                        } else {
                            tt.skip();
                        }
                    }
                }
            } else {
                r.skip();
            }
        }
        return new OnnxModel.ValueInfo(name, elem, dims.stream().mapToLong(Long::longValue).toArray(), names.toArray(new String[0]));
    }
}
