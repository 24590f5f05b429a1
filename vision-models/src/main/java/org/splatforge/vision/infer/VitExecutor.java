package org.splatforge.vision.infer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.vision.model.VitConfig;
import org.splatforge.vision.model.VitLayout;
import org.splatforge.vision.model.VitWeights;
import org.splatforge.vision.ops.Fp32Ops;
import org.splatforge.vision.plan.MemoryPlanner;
import org.splatforge.vision.train.Patches;

/**
 * fp32 ViT inference on any {@link Fp32Ops} device. All activations live in one arena whose
 * layout comes from the {@link MemoryPlanner}; the schedule walk that runs the ops is the same
 * code that declares buffer lifetimes to the planner, so the plan always matches what runs.
 * Both schedules compute every value with the same arithmetic in the same order, so their
 * logits are bit-identical (a test checks this).
 *
 * <p>Not thread-safe: one forward at a time (the device already uses every core).
 */
public final class VitExecutor<B> {

    /** Samples per attention group in the planned schedule. */
    public static final int GROUP = 4;
    /** Token rows per MLP chunk in the planned schedule. */
    public static final int CHUNK_ROWS = 128;

    private final Fp32Ops<B> ops;
    private final VitConfig c;
    private final VitLayout lay;
    private final B params;
    private final Map<String, Program> programs = new LinkedHashMap<>();
    private float[] staging = new float[0];

    /** A planned program for one batch size and schedule. */
    private static final class Program {
        final List<MemoryPlanner.Buffer> buffers;
        final MemoryPlanner.Plan plan;
        final Object arena;

        Program(List<MemoryPlanner.Buffer> buffers, MemoryPlanner.Plan plan, Object arena) {
            this.buffers = buffers;
            this.plan = plan;
            this.arena = arena;
        }
    }

    public VitExecutor(Fp32Ops<B> ops, VitWeights weights) {
        this.ops = ops;
        this.c = weights.config;
        this.lay = weights.layout;
        this.params = ops.alloc(weights.data.length);
        ops.upload(weights.data, 0, params, 0, weights.data.length);
    }

    public VitConfig config() {
        return c;
    }

    /** Logits {@code [n][classes]} of {@code n} 8-bit CHW images at {@code pixels[pixOff...]}. */
    public void forward(byte[] pixels, int pixOff, int n, Schedule schedule, float[] logits) {
        int pd = c.patchDim(), np = c.patches();
        if (staging.length < n * np * pd) {
            staging = new float[n * np * pd];
        }
        for (int b = 0; b < n; b++) {
            Patches.extract(c, pixels, pixOff + b * c.pixels(), staging, b * np * pd, false, 0, 0);
        }
        forwardPatches(staging, n, schedule, logits);
    }

    /** Logits of {@code n} images given as normalised patch rows {@code [n*patches][patchDim]}. */
    @SuppressWarnings("unchecked")
    public void forwardPatches(float[] patches, int n, Schedule schedule, float[] logits) {
        Program p = program(n, schedule);
        Walk w = new Walk(true, p.plan);
        run(w, (B) p.arena, patches, n, schedule, logits);
    }

    /** Peak activation bytes for a batch under each schedule. */
    public MemoryReport memory(int n) {
        List<MemoryPlanner.Buffer> planned = describe(n, Schedule.PLANNED);
        List<MemoryPlanner.Buffer> naive = describe(n, Schedule.NAIVE);
        return new MemoryReport(n, 4 * MemoryPlanner.plan(planned).arenaSize(),
                4 * MemoryPlanner.noReuse(naive).arenaSize(), 4 * MemoryPlanner.plan(naive).arenaSize());
    }

    /** The buffers and lifetimes a schedule declares for batch {@code n}. */
    public List<MemoryPlanner.Buffer> describe(int n, Schedule schedule) {
        Walk w = new Walk(false, null);
        run(w, null, null, n, schedule, null);
        return w.buffers();
    }

    private Program program(int n, Schedule schedule) {
        String key = schedule + ":" + n;
        Program p = programs.get(key);
        if (p == null) {
            List<MemoryPlanner.Buffer> bufs = describe(n, schedule);
            MemoryPlanner.Plan plan = schedule == Schedule.PLANNED ? MemoryPlanner.plan(bufs) : MemoryPlanner.noReuse(bufs);
            if (plan.arenaSize() > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("batch " + n + " needs " + plan.arenaSize() + " floats of activations");
            }
            p = new Program(bufs, plan, ops.alloc((int) plan.arenaSize()));
            programs.clear(); // keep one arena alive at a time
            programs.put(key, p);
        }
        return p;
    }

    /** Walks a schedule: declares buffers (describe mode) or resolves them and runs ops (exec mode). */
    private static final class Walk {
        final boolean exec;
        final MemoryPlanner.Plan plan;
        final Map<String, long[]> life = new LinkedHashMap<>();
        int step;

        Walk(boolean exec, MemoryPlanner.Plan plan) {
            this.exec = exec;
            this.plan = plan;
        }

        int buf(String name, long size) {
            if (exec) {
                return (int) plan.offset(name);
            }
            long[] l = life.get(name);
            if (l == null) {
                life.put(name, new long[] {size, step, step});
            } else {
                l[2] = step;
            }
            return 0;
        }

        void next() {
            step++;
        }

        List<MemoryPlanner.Buffer> buffers() {
            List<MemoryPlanner.Buffer> out = new ArrayList<>();
            life.forEach((k, v) -> out.add(new MemoryPlanner.Buffer(k, v[0], (int) v[1], (int) v[2])));
            return out;
        }
    }

    private void run(Walk w, B a, float[] patches, int n, Schedule schedule, float[] logits) {
        int T = c.tokens(), D = c.dim(), M = c.mlp(), H = c.heads(), hd = c.headDim(), np = c.patches(),
                pd = c.patchDim(), C = c.classes();
        float eps = c.lnEps();
        boolean ex = w.exec;
        int pIn = w.buf("patches", (long) n * np * pd);
        int x = w.buf("x", (long) n * T * D);
        if (ex) {
            ops.upload(patches, 0, a, pIn, n * np * pd);
            ops.embed(n, np, pd, D, a, pIn, params, lay.patchW, params, lay.patchB, params, lay.cls, params, lay.pos, a, x);
        }
        w.next();
        if (schedule == Schedule.PLANNED) {
            for (int l = 0; l < c.depth(); l++) {
                VitLayout.Block blk = lay.block(l);
                for (int g0 = 0; g0 < n; g0 += GROUP) {
                    int gs = Math.min(GROUP, n - g0), rows = gs * T, xr = x + g0 * T * D;
                    String id = "l" + l + ".g" + g0 + ".";
                    int h = w.buf(id + "ln1", (long) rows * D);
                    w.buf("x", 0);
                    if (ex) {
                        ops.layerNorm(a, xr, a, h, rows, D, params, blk.ln1W(), params, blk.ln1B(), eps);
                    }
                    w.next();
                    int qkv = w.buf(id + "qkv", (long) rows * 3 * D);
                    w.buf(id + "ln1", 0);
                    if (ex) {
                        ops.linear(rows, 3 * D, D, a, h, D, params, blk.qkvW(), params, blk.qkvB(), a, qkv, 3 * D, false, false);
                    }
                    w.next();
                    int o = w.buf(id + "attn", (long) rows * D);
                    int s = w.buf(id + "scores", (long) ops.workers() * T * T);
                    w.buf(id + "qkv", 0);
                    if (ex) {
                        ops.attention(gs, T, H, hd, a, qkv, a, o, a, s, false);
                    }
                    w.next();
                    w.buf(id + "attn", 0);
                    w.buf("x", 0);
                    if (ex) { // x += attn Wo + bo (fused residual)
                        ops.linear(rows, D, D, a, o, D, params, blk.projW(), params, blk.projB(), a, xr, D, true, false);
                    }
                    w.next();
                }
                int total = n * T;
                for (int r0 = 0; r0 < total; r0 += CHUNK_ROWS) {
                    int rows = Math.min(CHUNK_ROWS, total - r0), xr = x + r0 * D;
                    String id = "l" + l + ".r" + r0 + ".";
                    int h2 = w.buf(id + "ln2", (long) rows * D);
                    w.buf("x", 0);
                    if (ex) {
                        ops.layerNorm(a, xr, a, h2, rows, D, params, blk.ln2W(), params, blk.ln2B(), eps);
                    }
                    w.next();
                    int u = w.buf(id + "mlp", (long) rows * M);
                    w.buf(id + "ln2", 0);
                    if (ex) { // gelu fused into fc1
                        ops.linear(rows, M, D, a, h2, D, params, blk.fc1W(), params, blk.fc1B(), a, u, M, false, true);
                    }
                    w.next();
                    w.buf(id + "mlp", 0);
                    w.buf("x", 0);
                    if (ex) { // x += gelu(.) W2 + b2 (fused residual)
                        ops.linear(rows, D, M, a, u, M, params, blk.fc2W(), params, blk.fc2B(), a, xr, D, true, false);
                    }
                    w.next();
                }
            }
        } else {
            for (int l = 0; l < c.depth(); l++) {
                VitLayout.Block blk = lay.block(l);
                String id = "l" + l + ".";
                int rows = n * T;
                int h1 = w.buf(id + "ln1", (long) rows * D);
                w.buf(l == 0 ? "x" : "l" + (l - 1) + ".out", 0);
                int xin = l == 0 ? x : w.buf("l" + (l - 1) + ".out", 0);
                if (ex) {
                    ops.layerNorm(a, xin, a, h1, rows, D, params, blk.ln1W(), params, blk.ln1B(), eps);
                }
                w.next();
                int qkv = w.buf(id + "qkv", (long) rows * 3 * D);
                w.buf(id + "ln1", 0);
                if (ex) {
                    ops.linear(rows, 3 * D, D, a, h1, D, params, blk.qkvW(), params, blk.qkvB(), a, qkv, 3 * D, false, false);
                }
                w.next();
                int s = w.buf(id + "scores", (long) n * H * T * T);
                int o = w.buf(id + "attn", (long) rows * D);
                w.buf(id + "qkv", 0);
                if (ex) {
                    ops.attention(n, T, H, hd, a, qkv, a, o, a, s, true);
                }
                w.next();
                int pr = w.buf(id + "proj", (long) rows * D);
                w.buf(id + "attn", 0);
                if (ex) {
                    ops.linear(rows, D, D, a, o, D, params, blk.projW(), params, blk.projB(), a, pr, D, false, false);
                }
                w.next();
                int xm = w.buf(id + "res1", (long) rows * D);
                w.buf(id + "proj", 0);
                w.buf(l == 0 ? "x" : "l" + (l - 1) + ".out", 0);
                if (ex) {
                    ops.add(a, xin, a, pr, a, xm, rows * D);
                }
                w.next();
                int h2 = w.buf(id + "ln2", (long) rows * D);
                w.buf(id + "res1", 0);
                if (ex) {
                    ops.layerNorm(a, xm, a, h2, rows, D, params, blk.ln2W(), params, blk.ln2B(), eps);
                }
                w.next();
                int u = w.buf(id + "fc1", (long) rows * M);
                w.buf(id + "ln2", 0);
                if (ex) {
                    ops.linear(rows, M, D, a, h2, D, params, blk.fc1W(), params, blk.fc1B(), a, u, M, false, false);
                }
                w.next();
                int gl = w.buf(id + "gelu", (long) rows * M);
                w.buf(id + "fc1", 0);
                if (ex) {
                    ops.copy(a, u, a, gl, rows * M);
                    ops.gelu(a, gl, rows, M, M);
                }
                w.next();
                int f = w.buf(id + "fc2", (long) rows * D);
                w.buf(id + "gelu", 0);
                if (ex) {
                    ops.linear(rows, D, M, a, gl, M, params, blk.fc2W(), params, blk.fc2B(), a, f, D, false, false);
                }
                w.next();
                int xo = w.buf(id + "out", (long) rows * D);
                w.buf(id + "fc2", 0);
                w.buf(id + "res1", 0);
                if (ex) {
                    ops.add(a, xm, a, f, a, xo, rows * D);
                }
                w.next();
            }
        }
        String last = schedule == Schedule.PLANNED ? "x" : "l" + (c.depth() - 1) + ".out";
        int z = w.buf("cls_norm", (long) n * D);
        int xl = w.buf(last, 0);
        if (ex) {
            for (int b = 0; b < n; b++) {
                ops.layerNorm(a, xl + b * T * D, a, z + b * D, 1, D, params, lay.normW, params, lay.normB, eps);
            }
        }
        w.next();
        int lg = w.buf("logits", (long) n * C);
        w.buf("cls_norm", 0);
        if (ex) {
            ops.linear(n, C, D, a, z, D, params, lay.headW, params, lay.headB, a, lg, C, false, false);
            ops.download(a, lg, logits, 0, n * C);
        }
        w.next();
    }
}
