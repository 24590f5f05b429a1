package org.splatforge.core.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.splatforge.core.camera.Camera;
import org.splatforge.core.image.FloatImage;
import org.splatforge.core.image.Images;
import org.splatforge.core.image.LabelImage;
import org.splatforge.core.image.PackedImage;
import org.splatforge.core.io.CorruptDataException;

/**
 * Decodes, undistorts and resizes the views of a dataset on several threads (one image per
 * task; PNG decoding dominates and parallelises perfectly). Results keep the readers' order.
 *
 * <p>Resampling (undistortion, the {@code --resolution} area filter) runs in float on
 * premultiplied RGBA, which commutes with compositing on any background; the result is
 * stored back at the source's bit depth, premultiplied. The rounding that adds is at most
 * half a code value, the same as the file's own quantisation.
 */
final class ViewLoader {

    private ViewLoader() {
    }

    static List<View> load(List<ViewSpec> specs, DatasetOptions opts) throws IOException {
        int threads = Math.min(opts.threads(), Math.max(1, specs.size()));
        float[] bg = opts.background();
        if (threads == 1) {
            List<View> out = new ArrayList<>(specs.size());
            for (ViewSpec s : specs) {
                out.add(loadOne(s, opts, bg));
            }
            return out;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "splat-data-loader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<View>> futures = new ArrayList<>(specs.size());
            for (ViewSpec s : specs) {
                futures.add(pool.submit(() -> loadOne(s, opts, bg)));
            }
            List<View> out = new ArrayList<>(specs.size());
            for (Future<View> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    for (Future<View> g : futures) {
                        g.cancel(true);
                    }
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IOException(c);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while loading images");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The pixels and camera of one view after undistortion and resizing; {@code sourceAlpha}
     * says whether the file had an alpha channel (a fully opaque one is dropped to save
     * memory, and the view still reports alpha 1 everywhere).
     */
    record Prepared(PackedImage image, LabelImage labels, Camera camera, boolean sourceAlpha) {
    }

    static View loadOne(ViewSpec s, DatasetOptions opts, float[] bg) throws IOException {
        Prepared p = prepare(s, opts.resolution());
        PixelSource src = opts.lazyImages() ? new LazySource(s, opts.resolution(), p.camera())
                : new PixelSource.InMemory(p.image(), p.labels());
        return new View(p.camera(), s.name(), s.stream(), s.image(), bg, src, p.sourceAlpha(), p.labels() != null);
    }

    static Prepared prepare(ViewSpec s, double resolution) throws IOException {
        PackedImage file = Images.readPacked(s.image());
        boolean sourceAlpha = file.hasAlpha();
        PackedImage raw = file.dropOpaqueAlpha();
        Camera cam = s.camera().at(raw.width(), raw.height()).withTime(s.time()).withName(s.name());
        LabelImage labels = null;
        if (s.labels() != null) {
            labels = Images.readLabels(s.labels());
            if (labels.width() != raw.width() || labels.height() != raw.height()) {
                throw CorruptDataException.at(s.labels(), -1, "label map is " + labels.width() + "x" + labels.height()
                        + " but its image " + s.image().getFileName() + " is " + raw.width() + "x" + raw.height());
            }
        }
        boolean undistort = s.undistortion() != null && !s.undistortion().isIdentity();
        Camera target = cam.downscaled(resolution);
        boolean resize = target.width() != cam.width() || target.height() != cam.height();
        if (!undistort && !resize) {
            return new Prepared(raw, labels, cam, sourceAlpha);
        }
        FloatImage f = raw.toFloatPremultiplied();
        if (undistort) {
            f = s.undistortion().apply(f, cam);
            if (labels != null) {
                labels = s.undistortion().apply(labels, cam);
            }
            cam = s.undistortion().pinhole(cam);
            target = cam.downscaled(resolution);
        }
        if (resize) {
            f = Images.resizeArea(f, target.width(), target.height());
            if (labels != null) {
                labels = labels.resizeNearest(target.width(), target.height());
            }
            cam = target;
        }
        return new Prepared(PackedImage.quantize(f, raw.bits(), raw.hasAlpha()), labels, cam, sourceAlpha);
    }

    /** Decodes (and resamples) again on every access; keeps nothing. */
    private record LazySource(ViewSpec spec, double resolution, Camera camera) implements PixelSource {
        @Override
        public PackedImage image() throws IOException {
            return prepare(spec, resolution).image();
        }

        @Override
        public LabelImage labels() throws IOException {
            return prepare(spec, resolution).labels();
        }

        @Override
        public long retainedBytes() {
            return 0;
        }
    }
}
