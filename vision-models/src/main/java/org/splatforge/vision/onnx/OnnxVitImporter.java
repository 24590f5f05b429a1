package org.splatforge.vision.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.vision.model.VitCheckpoint;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;
import org.splatforge.vision.model.VitWeights;

/**
 * Reads a ViT/DeiT classifier from an ONNX graph as exported from timm or torchvision (the
 * patterns {@link OnnxVitExporter} documents) into {@link VitWeights}. The importer does not
 * interpret the graph; it recognises the parts of a pre-norm ViT in node order: the patch
 * Conv, the class token ([1,1,D] initializer), the position table ([1,T,D] added), every
 * LayerNorm (fused {@code LayerNormalization} or the decomposed ReduceMean...Sqrt...Div, Mul,
 * Add pattern), and every linear layer (MatMul by a 2-D initializer plus its bias Add, or Gemm),
 * which must come as qkv, proj, fc1, fc2 per block and the head last. The head count comes from
 * the qkv Reshape ([B, N, 3, H, hd]) or the model's metadata. ONNX carries no input
 * normalisation: pass {@code mean}/{@code std} unless the file has ours in metadata.
 */
public final class OnnxVitImporter {

    private OnnxVitImporter() {
    }

    public static VitWeights read(Path file, float[] mean, float[] std) throws IOException {
        return convert(file, OnnxCodec.read(file), mean, std);
    }

    private record Linear(float[] w, float[] b, int in, int out, String at) {
    }

    private record Norm(float[] g, float[] b, float eps) {
    }

    public static VitWeights convert(Path file, OnnxModel m, float[] mean, float[] std) throws CorruptDataException {
        Map<String, OnnxTensor> init = m.initializers();
        Map<String, List<OnnxNode>> consumers = new HashMap<>();
        Map<String, OnnxNode> producer = new HashMap<>();
        for (OnnxNode n : m.nodes()) {
            for (String i : n.inputs()) {
                consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
            for (String o : n.outputs()) {
                producer.put(o, n);
            }
        }
        OnnxTensor conv = null, convBias = null, cls = null, pos = null;
        int heads = -1;
        List<Linear> linears = new ArrayList<>();
        List<Norm> norms = new ArrayList<>();
        for (OnnxNode n : m.nodes()) {
            switch (n.opType()) {
                case "Conv" -> {
                    if (conv != null) {
                        throw unsupported(file, n, "a second Conv (hybrid or convolutional stems are not a ViT patch embedding)");
                    }
                    conv = init.get(n.input(1));
                    convBias = init.get(n.input(2));
                    if (conv == null || conv.rank() != 4 || conv.dims()[2] != conv.dims()[3]) {
                        throw unsupported(file, n, "the patch Conv needs a constant square [D, C, P, P] kernel");
                    }
                    OnnxAttribute s = n.attribute("strides");
                    if (s != null && (s.ints()[0] != conv.dims()[2] || s.ints()[1] != conv.dims()[3])) {
                        throw unsupported(file, n, "patch Conv stride must equal its kernel size");
                    }
                }
                case "Expand", "Concat" -> {
                    for (String i : n.inputs()) {
                        OnnxTensor t = init.get(i);
                        if (t != null && t.dataType() == OnnxTensor.FLOAT && t.rank() == 3 && t.dims()[0] == 1 && t.dims()[1] == 1) {
                            cls = t;
                        }
                    }
                }
                case "Add" -> {
                    for (String i : n.inputs()) {
                        OnnxTensor t = init.get(i);
                        if (t != null && t.rank() == 3 && t.dims()[0] == 1 && t.dims()[1] > 1 && pos == null) {
                            pos = t;
                        }
                    }
                }
                case "Reshape" -> {
                    OnnxTensor s = init.get(n.input(1));
                    if (s != null && s.longs() != null && s.longs().length == 5 && s.longs()[2] == 3 && heads < 0) {
                        heads = (int) s.longs()[3];
                    }
                }
                case "LayerNormalization" -> {
                    OnnxTensor g = init.get(n.input(1)), b = init.get(n.input(2));
                    if (g == null || b == null) {
                        throw unsupported(file, n, "LayerNormalization needs constant scale and bias");
                    }
                    norms.add(new Norm(g.floats(), b.floats(), n.floatAttr("epsilon", 1e-5f)));
                }
                case "Sqrt" -> norms.add(decomposedNorm(file, n, init, producer, consumers));
                case "MatMul" -> {
                    OnnxTensor w = init.get(n.input(1));
                    if (w != null && w.rank() == 2) {
                        int in = (int) w.dims()[0], out = (int) w.dims()[1];
                        linears.add(new Linear(w.floats(), biasAfter(n.outputs().get(0), out, init, consumers), in, out, n.name()));
                    }
                }
                case "Gemm" -> {
                    OnnxTensor w = init.get(n.input(1));
                    if (w == null || w.rank() != 2 || n.intAttr("transA", 0) != 0) {
                        throw unsupported(file, n, "Gemm needs a constant 2-D B and transA = 0");
                    }
                    boolean tb = n.intAttr("transB", 0) == 1;
                    int in = (int) w.dims()[tb ? 1 : 0], out = (int) w.dims()[tb ? 0 : 1];
                    float[] data = tb ? transpose(w.floats(), out, in) : w.floats();
                    OnnxTensor b = init.get(n.input(2));
                    float alpha = n.floatAttr("alpha", 1f), beta = n.floatAttr("beta", 1f);
                    if (alpha != 1f || (b != null && beta != 1f)) {
                        throw unsupported(file, n, "Gemm with alpha/beta other than 1");
                    }
                    linears.add(new Linear(data, b == null ? new float[out] : b.floats(), in, out, n.name()));
                }
                default -> {
                }
            }
        }
        if (conv == null) {
            throw CorruptDataException.field(file, "graph", "no patch-embedding Conv found: not a ViT");
        }
        if (cls == null || pos == null) {
            throw CorruptDataException.field(file, "graph", "no class token ([1,1,D] initializer) or position table ([1,T,D] added) found: "
                    + "only class-token ViT/DeiT classifiers are supported");
        }
        int D = (int) conv.dims()[0], C = (int) conv.dims()[1], P = (int) conv.dims()[2];
        int T = (int) pos.dims()[1];
        int grid = (int) Math.round(Math.sqrt(T - 1));
        if (grid * grid != T - 1 || pos.dims()[2] != D || cls.dims()[2] != D) {
            throw CorruptDataException.field(file, "pos_embed", "shape " + java.util.Arrays.toString(pos.dims())
                    + " does not fit a square patch grid of width " + D + " plus a class token");
        }
        if ((linears.size() - 1) % 4 != 0 || linears.size() < 5) {
            throw CorruptDataException.field(file, "graph", linears.size() + " linear layers found; a ViT has 4 per block plus a head");
        }
        int depth = (linears.size() - 1) / 4;
        if (norms.size() != 2 * depth + 1) {
            throw CorruptDataException.field(file, "graph", norms.size() + " LayerNorms found; " + depth + " blocks need " + (2 * depth + 1));
        }
        if (heads < 0 && m.metadata().containsKey("splatforge.heads")) {
            heads = Integer.parseInt(m.metadata().get("splatforge.heads"));
        }
        if (heads <= 0) {
            throw CorruptDataException.field(file, "graph", "head count not found (no Reshape to [B, N, 3, H, hd] after qkv)");
        }
        int mlp = linears.get(2).out();
        int classes = linears.get(linears.size() - 1).out();
        float[] mn = metaFloats(m, "splatforge.mean", mean), sd = metaFloats(m, "splatforge.std", std);
        VitConfig c;
        try {
            c = new VitConfig(grid * P, C, P, D, depth, heads, mlp, classes, mn, sd, norms.get(0).eps());
        } catch (IllegalArgumentException e) {
            throw CorruptDataException.field(file, "graph", e.getMessage());
        }
        VitWeights w = VitWeights.zeros(c);
        VitLayout lay = w.layout;
        VitCheckpoint.fromTorch(w, lay.tensor("patch_embed.proj.weight"), conv.floats());
        put(w, lay.patchB, convBias == null ? new float[D] : convBias.floats(), D, file, "patch bias");
        put(w, lay.cls, cls.floats(), D, file, "cls_token");
        put(w, lay.pos, pos.floats(), T * D, file, "pos_embed");
        for (int l = 0; l < depth; l++) {
            VitLayout.Block b = lay.block(l);
            Norm n1 = norms.get(2 * l), n2 = norms.get(2 * l + 1);
            put(w, b.ln1W(), n1.g(), D, file, "block " + l + " norm1");
            put(w, b.ln1B(), n1.b(), D, file, "block " + l + " norm1 bias");
            put(w, b.ln2W(), n2.g(), D, file, "block " + l + " norm2");
            put(w, b.ln2B(), n2.b(), D, file, "block " + l + " norm2 bias");
            linear(w, b.qkvW(), b.qkvB(), linears.get(4 * l), D, 3 * D, file, "block " + l + " qkv");
            linear(w, b.projW(), b.projB(), linears.get(4 * l + 1), D, D, file, "block " + l + " proj");
            linear(w, b.fc1W(), b.fc1B(), linears.get(4 * l + 2), D, mlp, file, "block " + l + " fc1");
            linear(w, b.fc2W(), b.fc2B(), linears.get(4 * l + 3), mlp, D, file, "block " + l + " fc2");
        }
        Norm nf = norms.get(2 * depth);
        put(w, lay.normW, nf.g(), D, file, "final norm");
        put(w, lay.normB, nf.b(), D, file, "final norm bias");
        linear(w, lay.headW, lay.headB, linears.get(linears.size() - 1), D, classes, file, "head");
        int bad = w.firstNonFinite();
        if (bad >= 0) {
            throw CorruptDataException.field(file, w.nameOf(bad), "non-finite weight");
        }
        return w;
    }

    private static Norm decomposedNorm(Path file, OnnxNode sqrt, Map<String, OnnxTensor> init, Map<String, OnnxNode> producer,
                                       Map<String, List<OnnxNode>> consumers) throws CorruptDataException {
        OnnxNode add = producer.get(sqrt.input(0));
        float eps = 0;
        if (add != null && add.opType().equals("Add")) {
            for (String i : add.inputs()) {
                OnnxTensor t = init.get(i);
                if (t != null && t.elements() == 1) {
                    eps = t.floats()[0];
                }
            }
        }
        OnnxNode div = only(consumers.get(sqrt.outputs().get(0)), "Div");
        OnnxNode mul = div == null ? null : only(consumers.get(div.outputs().get(0)), "Mul");
        OnnxNode bias = mul == null ? null : only(consumers.get(mul.outputs().get(0)), "Add");
        OnnxTensor g = mul == null ? null : vectorInput(mul, init), b = bias == null ? null : vectorInput(bias, init);
        if (g == null || b == null) {
            throw unsupported(file, sqrt, "a decomposed LayerNorm (Sqrt -> Div -> Mul(gamma) -> Add(beta))");
        }
        return new Norm(g.floats(), b.floats(), eps);
    }

    private static OnnxNode only(List<OnnxNode> ns, String op) {
        if (ns == null) {
            return null;
        }
        for (OnnxNode n : ns) {
            if (n.opType().equals(op)) {
                return n;
            }
        }
        return null;
    }

    private static OnnxTensor vectorInput(OnnxNode n, Map<String, OnnxTensor> init) {
        for (String i : n.inputs()) {
            OnnxTensor t = init.get(i);
            if (t != null && t.rank() == 1 && t.elements() > 1) {
                return t;
            }
        }
        return null;
    }

    private static float[] biasAfter(String out, int size, Map<String, OnnxTensor> init, Map<String, List<OnnxNode>> consumers) {
        OnnxNode add = only(consumers.get(out), "Add");
        if (add != null) {
            OnnxTensor t = vectorInput(add, init);
            if (t != null && t.elements() == size) {
                return t.floats();
            }
        }
        return new float[size];
    }

    private static void linear(VitWeights w, int wOff, int bOff, Linear l, int in, int out, Path file, String what)
            throws CorruptDataException {
        if (l.in() != in || l.out() != out) {
            throw CorruptDataException.field(file, l.at(), what + ": expected a " + in + " -> " + out + " linear layer, found "
                    + l.in() + " -> " + l.out());
        }
        System.arraycopy(l.w(), 0, w.data, wOff, in * out);
        System.arraycopy(l.b(), 0, w.data, bOff, out);
    }

    private static void put(VitWeights w, int off, float[] v, int n, Path file, String what) throws CorruptDataException {
        if (v.length != n) {
            throw CorruptDataException.field(file, what, "expected " + n + " values, found " + v.length);
        }
        System.arraycopy(v, 0, w.data, off, n);
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }

    private static float[] metaFloats(OnnxModel m, String key, float[] dflt) {
        String s = m.metadata().get(key);
        if (s == null) {
            return dflt;
        }
        String[] p = s.split(",");
        float[] v = new float[p.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(p[i].trim());
        }
        return v;
    }

    private static CorruptDataException unsupported(Path file, OnnxNode n, String what) {
        return CorruptDataException.field(file, "node " + n.name() + " (" + n.opType() + ")", "unsupported: expected " + what);
    }
}
