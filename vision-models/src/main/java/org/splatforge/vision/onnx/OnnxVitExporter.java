package org.splatforge.vision.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.vision.model.VitCheckpoint;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;
import org.splatforge.vision.model.VitWeights;

/**
 * Writes a ViT as an ONNX graph with the op patterns PyTorch's exporter produces for timm and
 * torchvision ViTs, so the same importer reads ours and theirs, and ONNX Runtime can run ours.
 * Input {@code input: float[N][C][H][W]} (already normalised), output {@code logits: float[N][classes]}.
 *
 * <ul>
 * <li>{@link Style#TIMM} (opset 17): Conv patch embedding, Reshape + Transpose, class token via
 * Shape/Slice/Concat/Expand, {@code LayerNormalization}, linears as MatMul + Add with
 * pre-transposed weights, qkv split by Reshape [B,N,3,H,hd] + Transpose + Gather, attention
 * MatMul/Mul/Softmax/MatMul, GELU as the exported erf pattern (Div, Erf, Add, Mul, Mul), class
 * token taken with Gather, head as MatMul + Add.</li>
 * <li>{@link Style#TORCHVISION} (opset 13, as older torch exports): LayerNorm decomposed into
 * ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add, q/k/v by Split + Squeeze, q scaled before
 * its MatMul, and the head as {@code Gemm(transB=1)} on the PyTorch [out, in] weight.</li>
 * </ul>
 */
public final class OnnxVitExporter {

    public enum Style { TIMM, TORCHVISION }

    private final List<OnnxNode> nodes = new ArrayList<>();
    private final Map<String, OnnxTensor> inits = new LinkedHashMap<>();
    private int counter;

    private OnnxVitExporter() {
    }

    public static OnnxModel export(VitWeights w, Style style) {
        return new OnnxVitExporter().build(w, style);
    }

    private OnnxModel build(VitWeights w, Style style) {
        VitConfig c = w.config;
        VitLayout lay = w.layout;
        int D = c.dim(), P = c.patch(), T = c.tokens(), H = c.heads(), hd = c.headDim();
        String x = node("Conv", List.of("input", init("patch_embed.proj.weight", torch(w, "patch_embed.proj.weight"),
                        D, c.channels(), P, P), init("patch_embed.proj.bias", slice(w, lay.patchB, D), D)),
                OnnxAttribute.ofInts("kernel_shape", P, P), OnnxAttribute.ofInts("strides", P, P));
        x = node("Reshape", List.of(x, longs(0, D, -1)));
        x = node("Transpose", List.of(x), OnnxAttribute.ofInts("perm", 0, 2, 1));
        String shape = node("Shape", List.of(x));
        String batch = node("Slice", List.of(shape, longs(0), longs(1), longs(0)));
        String clsShape = node("Concat", List.of(batch, longs(1, D)), OnnxAttribute.ofInt("axis", 0));
        String cls = node("Expand", List.of(init("cls_token", slice(w, lay.cls, D), 1, 1, D), clsShape));
        x = node("Concat", List.of(cls, x), OnnxAttribute.ofInt("axis", 1));
        x = node("Add", List.of(x, init("pos_embed", slice(w, lay.pos, T * D), 1, T, D)));
        for (int l = 0; l < c.depth(); l++) {
            VitLayout.Block b = lay.block(l);
            String p = "blocks." + l + ".";
            String h = layerNorm(style, x, w, b.ln1W(), b.ln1B(), p + "norm1", c);
            String qkv = linear(h, w, b.qkvW(), b.qkvB(), D, 3 * D, p + "attn.qkv");
            qkv = node("Reshape", List.of(qkv, longs(0, 0, 3, H, hd)));
            qkv = node("Transpose", List.of(qkv), OnnxAttribute.ofInts("perm", 2, 0, 3, 1, 4));
            String q, k, v;
            if (style == Style.TIMM) {
                q = node("Gather", List.of(qkv, scalarLong(0)), OnnxAttribute.ofInt("axis", 0));
                k = node("Gather", List.of(qkv, scalarLong(1)), OnnxAttribute.ofInt("axis", 0));
                v = node("Gather", List.of(qkv, scalarLong(2)), OnnxAttribute.ofInt("axis", 0));
            } else {
                String[] parts = {fresh(), fresh(), fresh()};
                nodes.add(new OnnxNode("Split", fresh(), List.of(qkv, longs(1, 1, 1)), List.of(parts),
                        List.of(OnnxAttribute.ofInt("axis", 0))));
                q = node("Squeeze", List.of(parts[0], longs(0)));
                k = node("Squeeze", List.of(parts[1], longs(0)));
                v = node("Squeeze", List.of(parts[2], longs(0)));
            }
            String kt = node("Transpose", List.of(k), OnnxAttribute.ofInts("perm", 0, 1, 3, 2));
            String scale = scalarFloat((float) (1 / Math.sqrt(hd)));
            String att;
            if (style == Style.TIMM) {
                att = node("Mul", List.of(node("MatMul", List.of(q, kt)), scale));
            } else {
                att = node("MatMul", List.of(node("Mul", List.of(q, scale)), kt));
            }
            att = node("Softmax", List.of(att), OnnxAttribute.ofInt("axis", -1));
            String o = node("MatMul", List.of(att, v));
            o = node("Transpose", List.of(o), OnnxAttribute.ofInts("perm", 0, 2, 1, 3));
            o = node("Reshape", List.of(o, longs(0, 0, D)));
            o = linear(o, w, b.projW(), b.projB(), D, D, p + "attn.proj");
            x = node("Add", List.of(x, o));
            h = layerNorm(style, x, w, b.ln2W(), b.ln2B(), p + "norm2", c);
            String u = linear(h, w, b.fc1W(), b.fc1B(), D, c.mlp(), p + "mlp.fc1");
            String e = node("Erf", List.of(node("Div", List.of(u, scalarFloat((float) Math.sqrt(2))))));
            u = node("Mul", List.of(node("Mul", List.of(u, node("Add", List.of(e, scalarFloat(1f))))), scalarFloat(0.5f)));
            u = linear(u, w, b.fc2W(), b.fc2B(), c.mlp(), D, p + "mlp.fc2");
            x = node("Add", List.of(x, u));
        }
        x = layerNorm(style, x, w, lay.normW, lay.normB, "norm", c);
        x = node("Gather", List.of(x, scalarLong(0)), OnnxAttribute.ofInt("axis", 1));
        String logits;
        if (style == Style.TIMM) {
            logits = linear(x, w, lay.headW, lay.headB, D, c.classes(), "head");
        } else {
            logits = node("Gemm", List.of(x, init("head.weight", torch(w, "head.weight"), c.classes(), D),
                    init("head.bias", slice(w, lay.headB, c.classes()), c.classes())), OnnxAttribute.ofInt("transB", 1));
        }
        // Rename the last output to "logits".
        OnnxNode last = nodes.remove(nodes.size() - 1);
        nodes.add(new OnnxNode(last.opType(), last.name(), last.inputs(), List.of("logits"), last.attributes()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("splatforge.mean", join(c.mean()));
        meta.put("splatforge.std", join(c.std()));
        meta.put("splatforge.heads", Integer.toString(H));
        return new OnnxModel(8, style == Style.TIMM ? 17 : 13, "splatforge", "vit", nodes, inits,
                List.of(new OnnxModel.ValueInfo("input", OnnxTensor.FLOAT, new long[] {-1, c.channels(), c.imageSize(), c.imageSize()},
                        new String[] {"batch", "", "", ""})),
                List.of(new OnnxModel.ValueInfo("logits", OnnxTensor.FLOAT, new long[] {-1, c.classes()}, new String[] {"batch", ""})),
                meta);
    }

    private String layerNorm(Style style, String x, VitWeights w, int g, int b, String name, VitConfig c) {
        int D = c.dim();
        String gamma = init(name + ".weight", slice(w, g, D), D), beta = init(name + ".bias", slice(w, b, D), D);
        if (style == Style.TIMM) {
            return node("LayerNormalization", List.of(x, gamma, beta), OnnxAttribute.ofInt("axis", -1),
                    OnnxAttribute.ofFloat("epsilon", c.lnEps()));
        }
        String mean = node("ReduceMean", List.of(x), OnnxAttribute.ofInts("axes", -1), OnnxAttribute.ofInt("keepdims", 1));
        String d = node("Sub", List.of(x, mean));
        String var = node("ReduceMean", List.of(node("Pow", List.of(d, scalarFloat(2f)))), OnnxAttribute.ofInts("axes", -1),
                OnnxAttribute.ofInt("keepdims", 1));
        String std = node("Sqrt", List.of(node("Add", List.of(var, scalarFloat(c.lnEps())))));
        return node("Add", List.of(node("Mul", List.of(node("Div", List.of(d, std)), gamma)), beta));
    }

    private String linear(String x, VitWeights w, int wOff, int bOff, int in, int out, String name) {
        float[] wt = new float[in * out];
        System.arraycopy(w.data, wOff, wt, 0, wt.length); // our [in][out] is MatMul's B as is
        String y = node("MatMul", List.of(x, init(name + ".weight_t", wt, in, out)));
        return node("Add", List.of(y, init(name + ".bias", slice(w, bOff, out), out)));
    }

    private String node(String op, List<String> inputs, OnnxAttribute... attrs) {
        String out = fresh();
        nodes.add(new OnnxNode(op, op + "_" + counter, inputs, List.of(out), List.of(attrs)));
        return out;
    }

    private String fresh() {
        return "t" + (counter++);
    }

    private String init(String name, float[] data, long... dims) {
        inits.put(name, OnnxTensor.ofFloats(name, data, dims));
        return name;
    }

    private String longs(long... v) {
        String n = "const_" + (counter++);
        inits.put(n, OnnxTensor.ofLongs(n, v, v.length));
        return n;
    }

    private String scalarLong(long v) {
        String n = "const_" + (counter++);
        inits.put(n, OnnxTensor.ofLongs(n, new long[] {v}));
        return n;
    }

    private String scalarFloat(float v) {
        String n = "const_" + (counter++);
        inits.put(n, OnnxTensor.ofFloats(n, new float[] {v}));
        return n;
    }

    private static float[] slice(VitWeights w, int off, int n) {
        return java.util.Arrays.copyOfRange(w.data, off, off + n);
    }

    private static float[] torch(VitWeights w, String name) {
        return VitCheckpoint.toTorch(w, w.layout.tensor(name));
    }

    private static String join(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }
}
