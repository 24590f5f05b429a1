package org.splatforge.compress.codec;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.splatforge.compress.container.ByteReader;
import org.splatforge.compress.container.ByteWriter;
import org.splatforge.compress.container.Section;
import org.splatforge.compress.container.SectionInfo;
import org.splatforge.compress.container.SfzReader;
import org.splatforge.compress.container.SfzWriter;
import org.splatforge.compress.entropy.PredictiveChannelCoder;
import org.splatforge.compress.entropy.StreamCorruptException;
import org.splatforge.compress.order.SpatialSort;
import org.splatforge.compress.prune.CachedScore;
import org.splatforge.compress.prune.Pruner;
import org.splatforge.compress.quant.OpacityQuantizer;
import org.splatforge.compress.quant.PositionGrid;
import org.splatforge.compress.quant.RotationQuantizer;
import org.splatforge.compress.quant.UniformQuantizer;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.util.Log;

/**
 * The Splatforge scene codec: {@link GaussianCloud} to {@code .sfz} archive and back
 * (format: compress/FORMAT.md).
 *
 * <p>Encoding: score significance, prune, plan the quantizers (grids, steps, SH band
 * decisions and codebooks), optionally fine-tune through the quantizers, quantize, sort by
 * a space-filling curve, then entropy code each attribute section in independent blocks.
 * The bytes depend only on the cloud and the options: equal inputs give equal archives for
 * any thread count.
 *
 * <p>Decoding is streaming: sections are checked (CRC32C) and decoded in file order, without
 * seeking; unknown ancillary sections are skipped. Corrupt or truncated input throws a
 * {@link CorruptDataException} naming the source, byte offset and section.
 */
public final class SceneCodec {

    private final Device device;

    /** @param device where the parallel loops run (any thread count gives the same bytes) */
    public SceneCodec(Device device) {
        this.device = device;
    }

    /** Encodes {@code cloud}; see {@link #encodeWithStats}. */
    public byte[] encode(GaussianCloud cloud, CodecOptions options) {
        return encodeWithStats(cloud, options).bytes();
    }

    /** Encodes {@code cloud} to {@code out} (the archive is built in memory, then written). */
    public EncodeResult encode(GaussianCloud cloud, CodecOptions options, OutputStream out) throws IOException {
        EncodeResult r = encodeWithStats(cloud, options);
        out.write(r.bytes());
        return r;
    }

    /**
     * Encodes {@code cloud} with {@code options}.
     *
     * @throws IllegalArgumentException if an attribute is NaN or infinite (naming the
     *                                  Gaussian), or a significance score is invalid
     */
    public EncodeResult encodeWithStats(GaussianCloud cloud, CodecOptions options) {
        long t0 = System.nanoTime();
        int bad = cloud.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException("Gaussian " + bad + " has a NaN or infinite attribute; "
                    + "refusing to encode it (clean the input first)");
        }
        int n0 = cloud.size();
        float[] score = options.significance().score(cloud, device);
        if (score.length < n0) {
            throw new IllegalArgumentException("significance '" + options.significance().name() + "' returned "
                    + score.length + " scores for " + n0 + " Gaussians");
        }
        for (int i = 0; i < n0; i++) {
            if (!(score[i] >= 0) || !Float.isFinite(score[i])) {
                throw new IllegalArgumentException("significance '" + options.significance().name() + "' of Gaussian "
                        + i + " is " + score[i] + "; scores must be finite and >= 0");
            }
        }
        int[] kept = keep(cloud, score, options);
        GaussianCloud work = cloud.subset(kept);
        float[] weights = weights(score, kept);

        List<Section> sections = new ArrayList<>();
        List<ShDecision> decisions = new ArrayList<>();
        int[] order;
        CodecPlan plan = null;
        int blockSize = options.blockSize();
        int degreeOut;
        long t1;
        byte[][] payload;
        if (options.lossless()) {
            t1 = System.nanoTime();
            PositionGrid g = PositionGrid.fit(work.means(), work.size(), work.extent(), 1.0 / (1 << 20),
                    options.curve());
            order = sortOrder(work.means(), work.size(), g);
            GaussianCloud sorted = work.subset(order);
            degreeOut = sorted.shDegree();
            int k3 = sorted.shCoeffs() * 3;
            payload = new byte[6][];
            int n = sorted.size();
            device.parallelFor(6, 1, (s, e, w) -> {
                for (int t = s; t < e; t++) {
                    payload[t] = switch (t) {
                        case 0 -> PositionSection.encodeLossless(sorted, blockSize, device);
                        case 1 -> AttributeSections.encodeFloats(sorted.logScales(), 3, 3, n, blockSize, device);
                        case 2 -> AttributeSections.encodeFloats(sorted.quats(), 4, 4, n, blockSize, device);
                        case 3 -> AttributeSections.encodeFloats(sorted.opacityLogits(), 1, 1, n, blockSize, device);
                        case 4 -> AttributeSections.encodeFloats(sorted.sh(), k3, 3, n, blockSize, device);
                        default -> AttributeSections.encodeLosslessSh(sorted, blockSize, device);
                    };
                }
            });
        } else {
            ShDecision[] dec = new ShDecision[work.shDegree()];
            plan = Planner.plan(work, weights, options, device, dec);
            decisions.addAll(Arrays.asList(dec));
            if (options.fineTune() != null) {
                work = refine(options.fineTune(), work, plan);
            }
            t1 = System.nanoTime();
            QuantizedCloud q = plan.quantize(work, device);
            order = sortOrder(q, plan.grid);
            QuantizedCloud sorted = q.permute(order);
            degreeOut = plan.shDegree();
            payload = new byte[6][];
            final CodecPlan p = plan;
            device.parallelFor(6, 1, (s, e, w) -> {
                for (int t = s; t < e; t++) {
                    payload[t] = switch (t) {
                        case 0 -> PositionSection.encode(sorted, p.grid, blockSize, device);
                        case 1 -> AttributeSections.encodeScales(sorted, p.scale, blockSize, device);
                        case 2 -> RotationSection.encode(sorted, p.scale, p.rotation, blockSize, device);
                        case 3 -> AttributeSections.encodeOpacity(sorted, p.opacity, blockSize, device);
                        case 4 -> AttributeSections.encodeColor(sorted, p.color, blockSize, device);
                        default -> ShSection.encode(sorted, p, blockSize, device);
                    };
                }
            });
        }
        Header h = new Header(n0, kept.length, cloud.shDegree(), degreeOut, options.quality(), options.lossless(),
                options.keepOrder(), blockSize);
        sections.add(new Section(Tags.HEAD, true, h.encode()));
        String[] tags = {Tags.POSITIONS, Tags.SCALES, Tags.ROTATIONS, Tags.OPACITY, Tags.COLOR, Tags.SH};
        for (int t = 0; t < tags.length; t++) {
            sections.add(new Section(tags[t], true, payload[t]));
        }
        if (options.keepOrder()) {
            sections.add(new Section(Tags.PERMUTATION, false, encodePermutation(order)));
        }
        sections.add(new Section(Tags.META, false, meta(options, n0, kept.length, decisions)));
        byte[] bytes = SfzWriter.toBytes(sections);
        long t2 = System.nanoTime();

        int[] sourceIndex = new int[order.length];
        for (int j = 0; j < order.length; j++) {
            sourceIndex[j] = kept[order[j]];
        }
        if (options.keepOrder()) {
            sourceIndex = kept.clone();
        }
        List<SectionStat> stats = new ArrayList<>();
        for (Section s : sections) {
            stats.add(new SectionStat(s.tag(), s.payload().length));
        }
        return new EncodeResult(bytes, n0, sourceIndex, plan, stats, decisions, options.significance().name(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    /** Fine-tuned encodes {@link #encodeToSize} tries at most. */
    static final int FINE_TUNE_FIT_ATTEMPTS = 3;
    /** A fine-tuned archive this close to the budget (fraction) ends the tries. */
    static final double FINE_TUNE_FIT_CLOSE = 0.97;

    /**
     * Rate control to a byte budget: the finest {@link CodecOptions#withStepScale step scale}
     * of {@code options} (searched by bisection on its logarithm, 8 encodes, scale factors
     * 1/16 to 16) whose archive fits in {@code maxBytes}. The significance score is computed
     * once for all trial encodes ({@link CachedScore}). With a fine-tuner the search runs
     * without it, and a fine-tuned encode at the chosen scale follows. Fine-tuning keeps the
     * quantizers but moves raw parameters across their boundaries, which can add bytes (with
     * views and 1000 steps, the archive grew by 36% on the tabletop-static model): unless the
     * fine-tuned archive fits within 3% of the budget (or is no smaller than the plain
     * search's archive), the search runs again for a plain
     * budget corrected by the miss (ratio, then secant) and fine-tunes again,
     * {@value #FINE_TUNE_FIT_ATTEMPTS} fine-tuned encodes at most. The largest fine-tuned
     * archive that fits is returned; if none does, the plain one, with a warning.
     *
     * @throws IllegalArgumentException if even the coarsest setting does not fit, or for LOSSLESS
     */
    public EncodeResult encodeToSize(GaussianCloud cloud, CodecOptions options, long maxBytes) {
        if (options.lossless()) {
            throw new IllegalArgumentException("a byte budget needs a lossy quality, not LOSSLESS");
        }
        options = options.withSignificance(new CachedScore(options.significance(), cloud));
        CodecOptions plain = options.withFineTune(null);
        Fit first = search(cloud, plain, maxBytes);
        if (first == null) {
            throw new IllegalArgumentException("cannot fit " + maxBytes + " bytes: the coarsest setting gives "
                    + encodeWithStats(cloud, plain.withStepScale(MAX_STEP_SCALE)).bytes().length);
        }
        if (options.fineTune() == null) {
            return first.result();
        }
        // Aim the plain search so that the fine-tuned archive lands just inside the budget:
        // first by the ratio of the overshoot, then by the secant through the last two
        // (plain budget, fine-tuned size) pairs; keep the largest fine-tuned archive that fits.
        Fit fit = first;
        double budget = maxBytes, prevBudget = Double.NaN, prevSize = Double.NaN;
        EncodeResult bestTuned = null;
        for (int attempt = 0; attempt < FINE_TUNE_FIT_ATTEMPTS && fit != null; attempt++) {
            EncodeResult tuned = encodeWithStats(cloud, options.withStepScale(fit.scale()));
            int size = tuned.bytes().length;
            Log.info("fine-tuned archive at step scale %.3f: %,d bytes for a budget of %,d", fit.scale(), size,
                    maxBytes);
            if (size <= maxBytes) {
                if (bestTuned == null || size > bestTuned.bytes().length) {
                    bestTuned = tuned;
                }
                if (size >= Math.min(FINE_TUNE_FIT_CLOSE * maxBytes, first.result().bytes().length)) {
                    break; // close to the budget, or as close as the plain search got
                }
            }
            double goal = 0.99 * maxBytes, next;
            if (!Double.isNaN(prevSize) && prevSize != size && (prevSize - goal) * (size - goal) < 0) {
                next = budget + (goal - size) * (prevBudget - budget) / (prevSize - size);
            } else {
                next = budget * goal / size;
            }
            prevBudget = budget;
            prevSize = size;
            budget = next;
            fit = search(cloud, plain, (long) budget);
        }
        if (bestTuned != null) {
            return bestTuned;
        }
        Log.warn("no fine-tuned archive fitted in %,d bytes: keeping the one without fine-tuning", maxBytes);
        return first.result();
    }

    private static final double MIN_STEP_SCALE = 1.0 / 16, MAX_STEP_SCALE = 16;

    /** A plain archive found by the step-scale search, and its scale. */
    private record Fit(EncodeResult result, double scale) {
    }

    /** The finest step scale whose plain archive fits in {@code maxBytes}; null if the coarsest does not. */
    private Fit search(GaussianCloud cloud, CodecOptions plain, long maxBytes) {
        double lo = Math.log(MIN_STEP_SCALE), hi = Math.log(MAX_STEP_SCALE);
        EncodeResult coarsest = encodeWithStats(cloud, plain.withStepScale(MAX_STEP_SCALE));
        if (coarsest.bytes().length > maxBytes) {
            return null;
        }
        Fit best = new Fit(coarsest, MAX_STEP_SCALE);
        for (int it = 0; it < 8; it++) {
            double mid = 0.5 * (lo + hi);
            EncodeResult r = encodeWithStats(cloud, plain.withStepScale(Math.exp(mid)));
            if (r.bytes().length <= maxBytes) {
                best = new Fit(r, Math.exp(mid));
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return best;
    }

    private static GaussianCloud refine(FineTuneHook hook, GaussianCloud work, CodecPlan plan) {
        int n = work.size(), d = work.shDegree();
        GaussianCloud r = hook.refine(work, plan);
        if (r == null || r.size() != n || r.shDegree() != d) {
            throw new IllegalStateException("fine-tune hook must return " + n + " Gaussians of SH degree " + d
                    + ", got " + r);
        }
        int bad = r.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalStateException("fine-tune hook produced a non-finite attribute at Gaussian " + bad);
        }
        return r;
    }

    /** Indices (ascending) of the Gaussians that survive pruning. */
    private static int[] keep(GaussianCloud cloud, float[] score, CodecOptions options) {
        int n0 = cloud.size();
        int[] visible;
        if (options.pruneInvisible()) {
            boolean[] vis = new boolean[n0];
            for (int i = 0; i < n0; i++) {
                vis[i] = cloud.opacityLogits()[i] >= INVISIBLE_LOGIT;
            }
            visible = indices(vis, n0);
        } else {
            visible = indices(null, n0);
        }
        float[] s = new float[visible.length];
        for (int j = 0; j < visible.length; j++) {
            s[j] = score[visible[j]];
        }
        boolean[] k = Pruner.keepMask(s, visible.length, options.pruneFraction());
        int[] pos = indices(k, visible.length);
        int[] out = new int[pos.length];
        for (int j = 0; j < pos.length; j++) {
            out[j] = visible[pos[j]];
        }
        return out;
    }

    /**
     * sigmoid(logit) < 1/255 exactly when logit < -ln(254); the rasterizer never blends such
     * a Gaussian (DESIGN.md). The 1e-4 margin keeps float rounding in the renderer's sigmoid
     * from ever putting a pruned Gaussian back over the threshold.
     */
    static final float INVISIBLE_LOGIT = (float) (-Math.log(254.0) - 1e-4);

    private static int[] indices(boolean[] keep, int n) {
        if (keep == null) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            m += keep[i] ? 1 : 0;
        }
        int[] idx = new int[m];
        for (int i = 0, j = 0; i < n; i++) {
            if (keep[i]) {
                idx[j++] = i;
            }
        }
        return idx;
    }

    /** Significance of the kept Gaussians normalised to mean 1 and clamped to [1/50, 50]. */
    private static float[] weights(float[] score, int[] kept) {
        double sum = 0;
        for (int i : kept) {
            sum += score[i];
        }
        double mean = kept.length == 0 ? 1 : sum / kept.length;
        float[] w = new float[kept.length];
        for (int j = 0; j < kept.length; j++) {
            double v = mean > 0 ? score[kept[j]] / mean : 1;
            w[j] = (float) Math.max(0.02, Math.min(50, v));
        }
        return w;
    }

    private static int[] sortOrder(QuantizedCloud q, PositionGrid g) {
        long[] keys = new long[q.n];
        for (int i = 0; i < q.n; i++) {
            keys[i] = g.curve().key(q.px[i], q.py[i], q.pz[i], g.bits());
        }
        return SpatialSort.order(keys, q.n);
    }

    private static int[] sortOrder(float[] means, int n, PositionGrid g) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = g.curve().key(g.quantize(means[i * 3], 0), g.quantize(means[i * 3 + 1], 1),
                    g.quantize(means[i * 3 + 2], 2), g.bits());
        }
        return SpatialSort.order(keys, n);
    }

    private static byte[] encodePermutation(int[] order) {
        ByteWriter w = new ByteWriter();
        w.u8(Tags.MODE_QUANTIZED).varint(order.length);
        PredictiveChannelCoder.encode(w, order, 0, order.length, null, 0, 1, new int[] {0, 1});
        return w.toByteArray();
    }

    private static byte[] meta(CodecOptions o, int n0, int n, List<ShDecision> decisions) {
        StringBuilder sb = new StringBuilder();
        sb.append("encoder=splatforge-compress\n");
        sb.append("quality=").append(o.quality().name().toLowerCase(Locale.ROOT)).append('\n');
        sb.append(String.format(Locale.ROOT, "gaussians=%d kept=%d prune=%.4f significance=%s%n", n0, n,
                o.pruneFraction(), o.significance().name()));
        sb.append(String.format(Locale.ROOT, "steps position=%.6g scale=%.6g rotation=%.6g opacity=%d color=%.6g sh=%.6g%n",
                o.positionStep(), o.scaleStep(), o.rotationTolerance(), o.opacityLevels(), o.colorStep(), o.shStep()));
        for (ShDecision d : decisions) {
            sb.append(String.format(Locale.ROOT, "sh band %d: %s%n", d.band(), d.chosen().name().toLowerCase(Locale.ROOT)));
        }
        return new ByteWriter().u8(1).string(sb.toString()).toByteArray();
    }

    /**
     * Encodes {@code cloud} into {@code file} atomically (temporary file, fsync, rename: a
     * crash never leaves a half-written archive under the final name).
     */
    public EncodeResult write(GaussianCloud cloud, CodecOptions options, Path file) throws IOException {
        EncodeResult r = encodeWithStats(cloud, options);
        AtomicFiles.write(file, r.bytes());
        return r;
    }

    /** Decodes {@code file} (streaming; errors name the file). */
    public GaussianCloud read(Path file, DecodeOptions opt) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return decode(in, file.toString(), opt);
        }
    }

    // ---- decoding -----------------------------------------------------------------------------

    /** Decodes an in-memory archive with default limits. */
    public GaussianCloud decode(byte[] archive) throws IOException {
        return decode(new ByteArrayInputStream(archive), "<memory>", DecodeOptions.defaults());
    }

    /**
     * Decodes an archive from a stream, section by section, without seeking.
     *
     * @param source name used in error messages (usually the file path)
     */
    public GaussianCloud decode(InputStream in, String source, DecodeOptions opt) throws IOException {
        SfzReader r = new SfzReader(in, source, opt.maxSectionBytes());
        DecodeState st = new DecodeState();
        int required = 0;
        while (r.hasNext()) {
            SectionInfo info = r.peek();
            String tag = info.tag();
            int idx = indexOf(Tags.REQUIRED, tag);
            if (idx >= 0) {
                if (idx != required) {
                    throw r.at(info.offset(), "section '" + tag + "' (#" + info.index() + ") out of order: expected '"
                            + Tags.REQUIRED[required] + "' here");
                }
                required++;
            } else if (tag.equals(Tags.PERMUTATION) || tag.equals(Tags.META)) {
                if (required < Tags.REQUIRED.length) {
                    throw r.at(info.offset(), "section '" + tag + "' (#" + info.index()
                            + ") before the scene sections it refers to");
                }
            } else if (info.critical()) {
                throw r.at(info.offset(), "section '" + tag + "' (#" + info.index() + ") is marked critical but this "
                        + "decoder does not know it (archive written by a newer version?)");
            } else {
                r.skipNext();
                continue;
            }
            byte[] payload = r.readNext();
            try {
                st.section(tag, new ByteReader(payload), opt, device);
            } catch (StreamCorruptException e) {
                throw r.corrupt(info, e.offset(), e.detail());
            } catch (IllegalArgumentException e) {
                throw r.corrupt(info, 0, e.getMessage());
            }
        }
        if (required < Tags.REQUIRED.length) {
            throw r.at(-1, "archive ends without the '" + Tags.REQUIRED[required] + "' section");
        }
        GaussianCloud out = st.finish(opt, device);
        int bad = st.head.lossless() ? -1 : out.firstNonFinite();
        if (bad >= 0) {
            // Only crafted section parameters (e.g. an absurd grid step) can do this.
            throw r.at(-1, "decoded Gaussian " + bad + " has a non-finite attribute: the quantizer parameters in "
                    + "the section headers are out of range");
        }
        return out;
    }

    private static int indexOf(String[] a, String s) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(s)) {
                return i;
            }
        }
        return -1;
    }

    /** The parts decoded so far; sections arrive in the order of {@link Tags#REQUIRED}. */
    private static final class DecodeState {
        Header head;
        QuantizedCloud q;
        GaussianCloud raw;
        PositionGrid grid;
        UniformQuantizer scale;
        RotationQuantizer rotation;
        OpacityQuantizer opacity;
        UniformQuantizer color;
        ShBandPlan[] bands;
        int[] permutation;

        void section(String tag, ByteReader r, DecodeOptions opt, Device dev) {
            if (tag.equals(Tags.HEAD)) {
                head = Header.decode(r, opt.maxGaussians());
                if (head.lossless()) {
                    raw = GaussianCloud.create(head.count(), head.sourceDegree());
                } else {
                    q = new QuantizedCloud(head.count(), head.sourceDegree());
                }
                return;
            }
            if (tag.equals(Tags.META)) {
                return; // informational only
            }
            if (tag.equals(Tags.PERMUTATION)) {
                permutation = decodePermutation(r, head.count());
                return;
            }
            int modeAt = r.position();
            int mode = r.u8("encoding mode");
            int expected = head.lossless() ? Tags.MODE_LOSSLESS : Tags.MODE_QUANTIZED;
            if (mode != expected) {
                throw new StreamCorruptException(modeAt, "encoding mode " + mode + " but the header says "
                        + (head.lossless() ? "lossless" : "quantized"));
            }
            int n = head.count(), bs = head.blockSize();
            if (head.lossless()) {
                int k3 = raw.shCoeffs() * 3;
                switch (tag) {
                    case Tags.POSITIONS -> PositionSection.decodeLossless(r, raw, bs, dev);
                    case Tags.SCALES -> AttributeSections.decodeFloats(r, raw.logScales(), 3, 3, n, bs, dev);
                    case Tags.ROTATIONS -> AttributeSections.decodeFloats(r, raw.quats(), 4, 4, n, bs, dev);
                    case Tags.OPACITY -> AttributeSections.decodeFloats(r, raw.opacityLogits(), 1, 1, n, bs, dev);
                    case Tags.COLOR -> AttributeSections.decodeFloats(r, raw.sh(), k3, 3, n, bs, dev);
                    default -> AttributeSections.decodeLosslessSh(r, raw, bs, dev);
                }
            } else {
                switch (tag) {
                    case Tags.POSITIONS -> grid = PositionSection.decode(r, q, bs, dev);
                    case Tags.SCALES -> scale = AttributeSections.decodeScales(r, q, bs, dev);
                    case Tags.ROTATIONS -> rotation = RotationSection.decode(r, q, scale, bs, dev);
                    case Tags.OPACITY -> opacity = AttributeSections.decodeOpacity(r, q, bs, dev);
                    case Tags.COLOR -> color = AttributeSections.decodeColor(r, q, bs, dev);
                    default -> bands = ShSection.decode(r, q, scale, opacity, head.sourceDegree(), head.shDegree(),
                            bs, dev);
                }
            }
            r.expectEnd(tag);
        }

        GaussianCloud finish(DecodeOptions opt, Device dev) {
            GaussianCloud out;
            if (head.lossless()) {
                out = raw;
            } else {
                CodecPlan plan = new CodecPlan(head.sourceDegree(), grid, scale, rotation, opacity, color, bands, null);
                out = plan.dequantize(q, dev);
            }
            if (permutation != null && opt.restoreOrder()) {
                int[] inverse = new int[permutation.length];
                for (int j = 0; j < permutation.length; j++) {
                    inverse[permutation[j]] = j;
                }
                out = out.subset(inverse);
            }
            return out;
        }
    }

    private static int[] decodePermutation(ByteReader r, int n) {
        r.u8("permutation mode", 0, 0);
        int at = r.position();
        long count = r.varint("permutation length");
        if (count != n) {
            throw new StreamCorruptException(at, "permutation of " + count + " entries for " + n + " Gaussians");
        }
        int[] perm = new int[n];
        PredictiveChannelCoder.decode(r, perm, 0, n, null, 0, 1, 0, n - 1L, "permutation");
        boolean[] seen = new boolean[n];
        for (int j = 0; j < n; j++) {
            if (seen[perm[j]]) {
                throw new StreamCorruptException(r.position(), "permutation repeats index " + perm[j]);
            }
            seen[perm[j]] = true;
        }
        r.expectEnd("PERM");
        return perm;
    }
}
