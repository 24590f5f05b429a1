package org.splatforge.compress.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.splatforge.compress.codec.CodecOptions;
import org.splatforge.compress.codec.DecodeOptions;
import org.splatforge.compress.codec.EncodeResult;
import org.splatforge.compress.codec.SceneCodec;
import org.splatforge.compress.eval.ImageQuality;
import org.splatforge.compress.eval.SceneViews;
import org.splatforge.compress.eval.ViewEvaluator;
import org.splatforge.compress.finetune.PseudoViews;
import org.splatforge.compress.prune.ViewSignificanceScore;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.scene.GaussianCloud;

/**
 * Compresses one scene file: read (any format {@link SceneFiles} knows), encode with the
 * job's settings, write the archive atomically, and, with views, measure test-view
 * PSNR/SSIM of the input and of the archive as decoded from disk. Used by
 * {@code splat compress} for one file and by {@link BatchCompressor} for each file.
 */
public final class CompressJob {

    private CompressJob() {
    }

    /**
     * The codec options for a job on {@code cloud}: with views, view-based significance and
     * the fine-tuner; with self-distillation, the fine-tuner trained on pseudo views of
     * {@code cloud} itself (rendered here, {@link PseudoViews#render}).
     */
    public static CodecOptions optionsFor(CompressSettings s, GaussianCloud cloud, Device device) {
        CodecOptions o = s.options();
        SceneViews v = s.views();
        if (o.lossless()) {
            return o;
        }
        if (v != null) {
            o = o.withSignificance(new ViewSignificanceScore(v.trainCameras(), v.rasterSettings()));
            if (s.fineTune() != null) {
                o = o.withFineTune(s.fineTune().create(v, device));
            }
        } else if (s.distill()) {
            o = o.withFineTune(s.fineTune().create(PseudoViews.render(cloud, device), device));
        }
        return o;
    }

    /**
     * Compresses {@code in} into {@code out} (replacing it). Errors propagate: the caller
     * decides whether one file's failure ends the run.
     *
     * @param fileLabel   how the manifest names the input
     * @param outputLabel how the manifest names the output
     * @param evaluator   measures quality (views given and {@code s.evaluate()}), or null
     */
    public static FileResult run(Path in, Path out, String fileLabel, String outputLabel, CompressSettings s,
                                 Device device, ViewEvaluator evaluator) throws IOException {
        long t0 = System.nanoTime();
        long bytesIn = Files.size(in);
        GaussianCloud cloud = SceneFiles.read(in, ReadOptions.DEFAULT.withDevice(device));
        SceneCodec codec = new SceneCodec(device);
        EncodeResult r;
        if (s.targetBytes() > 0) {
            r = codec.encodeToSize(cloud, optionsFor(s, cloud, device), s.targetBytes());
            AtomicFiles.write(out, r.bytes());
        } else {
            r = codec.write(cloud, optionsFor(s, cloud, device), out);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long bytesOut = Files.size(out);
        ImageQuality qIn = null, qOut = null;
        double evalSeconds = Double.NaN;
        if (evaluator != null) {
            long t1 = System.nanoTime();
            qIn = evaluator.measure(cloud);
            qOut = evaluator.measure(codec.read(out, DecodeOptions.defaults()));
            evalSeconds = (System.nanoTime() - t1) / 1e9;
        }
        String quality = s.options().quality().name().toLowerCase(Locale.ROOT);
        return new FileResult(fileLabel, outputLabel, FileStatus.DONE, null, quality, cloud.size(), r.count(), bytesIn,
                bytesOut, qIn == null ? Double.NaN : qIn.psnr(), qIn == null ? Double.NaN : qIn.ssim(),
                qOut == null ? Double.NaN : qOut.psnr(), qOut == null ? Double.NaN : qOut.ssim(), seconds, evalSeconds);
    }
}
