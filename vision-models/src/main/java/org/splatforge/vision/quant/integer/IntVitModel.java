package org.splatforge.vision.quant.integer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An integer-only ViT (I-ViT): int8 weights (widened to {@code int[]} for the SIMD kernels,
 * values in [-127, 127]), int32 biases, dyadic requantisers, and the integer constants of
 * Shiftmax and ShiftGELU. Activations between layers are int8 (GEMM inputs) or int16 (the
 * residual stream). The input is the raw 8-bit image; its normalisation is folded into the
 * patch embedding. Built by {@code org.splatforge.vision.quant.VitQuantizer}; holds no
 * floating-point value.
 *
 * <p>Shapes: {@code patchW: [C*P*P][D]}, {@code pos: [T][D]} (row 0 includes the class token),
 * per block {@code qkvW: [D][3D]}, {@code projW: [D][D]}, {@code fc1W: [D][M]}, {@code fc2W: [M][D]};
 * {@code headW: [D][classes]}.
 */
public final class IntVitModel {

    /** Shiftmax and ShiftGELU output precision bits (I-ViT's intsoftmax_exp_n and intgelu_exp_n). */
    public static final int SOFTMAX_N = 15, GELU_N = 23;

    public final int imageSize, channels, patch, dim, depth, heads, mlp, classes;
    public final int[] patchW, patchBias;
    public final Requant patchRq;
    public final short[] pos;
    public final Block[] blocks;
    public final long[] normBias;
    public final Requant normRq;
    public final int[] headW, headBias;
    public final Requant headRq;

    /** One encoder block's integer parameters. */
    public static final class Block {
        public final long[] ln1Bias, ln2Bias;
        public final Requant ln1Rq, ln2Rq;
        public final int[] qkvW, qkvBias, projW, projBias, fc1W, fc1Bias, fc2W, fc2Bias;
        public final Requant qkvRq, scoreRq, attnRq, projRq, res1A, res1B, fc1Rq, geluRq, fc2Rq, res2A, res2B;
        public final long softmaxX0, geluX0;

        public Block(long[] ln1Bias, Requant ln1Rq, int[] qkvW, int[] qkvBias, Requant qkvRq, Requant scoreRq,
                     long softmaxX0, Requant attnRq, int[] projW, int[] projBias, Requant projRq, Requant res1A,
                     Requant res1B, long[] ln2Bias, Requant ln2Rq, int[] fc1W, int[] fc1Bias, Requant fc1Rq,
                     long geluX0, Requant geluRq, int[] fc2W, int[] fc2Bias, Requant fc2Rq, Requant res2A, Requant res2B) {
            this.ln1Bias = ln1Bias;
            this.ln1Rq = ln1Rq;
            this.qkvW = qkvW;
            this.qkvBias = qkvBias;
            this.qkvRq = qkvRq;
            this.scoreRq = scoreRq;
            this.softmaxX0 = softmaxX0;
            this.attnRq = attnRq;
            this.projW = projW;
            this.projBias = projBias;
            this.projRq = projRq;
            this.res1A = res1A;
            this.res1B = res1B;
            this.ln2Bias = ln2Bias;
            this.ln2Rq = ln2Rq;
            this.fc1W = fc1W;
            this.fc1Bias = fc1Bias;
            this.fc1Rq = fc1Rq;
            this.geluX0 = geluX0;
            this.geluRq = geluRq;
            this.fc2W = fc2W;
            this.fc2Bias = fc2Bias;
            this.fc2Rq = fc2Rq;
            this.res2A = res2A;
            this.res2B = res2B;
            if (softmaxX0 >= 0 || geluX0 >= 0) {
                throw new IllegalArgumentException("ShiftExp x0 must be negative");
            }
        }
    }

    public IntVitModel(int imageSize, int channels, int patch, int dim, int depth, int heads, int mlp, int classes,
                       int[] patchW, int[] patchBias, Requant patchRq, short[] pos, Block[] blocks,
                       long[] normBias, Requant normRq, int[] headW, int[] headBias, Requant headRq) {
        this.imageSize = imageSize;
        this.channels = channels;
        this.patch = patch;
        this.dim = dim;
        this.depth = depth;
        this.heads = heads;
        this.mlp = mlp;
        this.classes = classes;
        this.patchW = patchW;
        this.patchBias = patchBias;
        this.patchRq = patchRq;
        this.pos = pos;
        this.blocks = blocks;
        this.normBias = normBias;
        this.normRq = normRq;
        this.headW = headW;
        this.headBias = headBias;
        this.headRq = headRq;
        int pd = channels * patch * patch, t = tokens();
        check(patchW.length == pd * dim && patchBias.length == dim && pos.length == t * dim && blocks.length == depth
                && headW.length == dim * classes && headBias.length == classes && normBias.length == dim, "global");
        for (Block b : blocks) {
            check(b.qkvW.length == dim * 3 * dim && b.projW.length == dim * dim && b.fc1W.length == dim * mlp
                    && b.fc2W.length == mlp * dim && b.qkvBias.length == 3 * dim && b.fc1Bias.length == mlp, "block");
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("integer ViT " + what + " arrays do not match the model shape");
        }
    }

    public int tokens() {
        int g = imageSize / patch;
        return g * g + 1;
    }

    public int patchDim() {
        return channels * patch * patch;
    }

    /** Every array by name, for checkpoints (int[]/long[]/short[] values). */
    public Map<String, Object> tensors() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", new int[] {imageSize, channels, patch, dim, depth, heads, mlp, classes});
        m.put("patch.w", patchW);
        m.put("patch.b", patchBias);
        putRq(m, "patch.rq", patchRq);
        m.put("pos", pos);
        for (int l = 0; l < depth; l++) {
            Block b = blocks[l];
            String p = "blocks." + l + ".";
            m.put(p + "ln1.b", b.ln1Bias);
            putRq(m, p + "ln1.rq", b.ln1Rq);
            m.put(p + "qkv.w", b.qkvW);
            m.put(p + "qkv.b", b.qkvBias);
            putRq(m, p + "qkv.rq", b.qkvRq);
            putRq(m, p + "score.rq", b.scoreRq);
            m.put(p + "softmax.x0", new long[] {b.softmaxX0});
            putRq(m, p + "attn.rq", b.attnRq);
            m.put(p + "proj.w", b.projW);
            m.put(p + "proj.b", b.projBias);
            putRq(m, p + "proj.rq", b.projRq);
            putRq(m, p + "res1.a", b.res1A);
            putRq(m, p + "res1.b", b.res1B);
            m.put(p + "ln2.b", b.ln2Bias);
            putRq(m, p + "ln2.rq", b.ln2Rq);
            m.put(p + "fc1.w", b.fc1W);
            m.put(p + "fc1.b", b.fc1Bias);
            putRq(m, p + "fc1.rq", b.fc1Rq);
            m.put(p + "gelu.x0", new long[] {b.geluX0});
            putRq(m, p + "gelu.rq", b.geluRq);
            m.put(p + "fc2.w", b.fc2W);
            m.put(p + "fc2.b", b.fc2Bias);
            putRq(m, p + "fc2.rq", b.fc2Rq);
            putRq(m, p + "res2.a", b.res2A);
            putRq(m, p + "res2.b", b.res2B);
        }
        m.put("norm.b", normBias);
        putRq(m, "norm.rq", normRq);
        m.put("head.w", headW);
        m.put("head.b", headBias);
        putRq(m, "head.rq", headRq);
        return m;
    }

    /** Inverse of {@link #tensors()}; throws IllegalArgumentException naming a missing or mis-typed entry. */
    public static IntVitModel fromTensors(Map<String, Object> m) {
        int[] s = ints(m, "shape");
        if (s.length != 8) {
            throw new IllegalArgumentException("'shape' must hold 8 integers");
        }
        int depth = s[4];
        if (depth < 1 || depth > 256) {
            throw new IllegalArgumentException("'shape' depth " + depth + " is absurd");
        }
        Block[] blocks = new Block[depth];
        for (int l = 0; l < depth; l++) {
            String p = "blocks." + l + ".";
            blocks[l] = new Block(longs(m, p + "ln1.b"), rq(m, p + "ln1.rq"), ints(m, p + "qkv.w"), ints(m, p + "qkv.b"),
                    rq(m, p + "qkv.rq"), rq(m, p + "score.rq"), longs(m, p + "softmax.x0")[0], rq(m, p + "attn.rq"),
                    ints(m, p + "proj.w"), ints(m, p + "proj.b"), rq(m, p + "proj.rq"), rq(m, p + "res1.a"),
                    rq(m, p + "res1.b"), longs(m, p + "ln2.b"), rq(m, p + "ln2.rq"), ints(m, p + "fc1.w"),
                    ints(m, p + "fc1.b"), rq(m, p + "fc1.rq"), longs(m, p + "gelu.x0")[0], rq(m, p + "gelu.rq"),
                    ints(m, p + "fc2.w"), ints(m, p + "fc2.b"), rq(m, p + "fc2.rq"), rq(m, p + "res2.a"), rq(m, p + "res2.b"));
        }
        Object pos = m.get("pos");
        if (!(pos instanceof short[] ps)) {
            throw new IllegalArgumentException("'pos' missing or not int16");
        }
        return new IntVitModel(s[0], s[1], s[2], s[3], depth, s[5], s[6], s[7], ints(m, "patch.w"), ints(m, "patch.b"),
                rq(m, "patch.rq"), ps, blocks, longs(m, "norm.b"), rq(m, "norm.rq"), ints(m, "head.w"), ints(m, "head.b"),
                rq(m, "head.rq"));
    }

    private static void putRq(Map<String, Object> m, String name, Requant r) {
        m.put(name + ".m", r.mult());
        m.put(name + ".s", r.shift());
    }

    private static Requant rq(Map<String, Object> m, String name) {
        return new Requant(ints(m, name + ".m"), ints(m, name + ".s"));
    }

    private static int[] ints(Map<String, Object> m, String name) {
        if (m.get(name) instanceof int[] v) {
            return v;
        }
        throw new IllegalArgumentException("'" + name + "' missing or not int32");
    }

    private static long[] longs(Map<String, Object> m, String name) {
        if (m.get(name) instanceof long[] v && v.length > 0) {
            return v;
        }
        throw new IllegalArgumentException("'" + name + "' missing or not int64");
    }
}
