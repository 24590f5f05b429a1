package org.splatforge.compress.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.splatforge.compress.codec.ArchiveInfo;
import org.splatforge.compress.eval.ViewEvaluator;
import org.splatforge.compress.io.SfzSceneFormat;
import org.splatforge.core.io.SceneFormat;
import org.splatforge.core.io.SceneFormats;
import org.splatforge.core.runtime.Device;
import org.splatforge.core.util.Log;

/**
 * {@code splat compress --batch IN_DIR --out OUT_DIR --jobs N}: compresses every scene file
 * under a folder, {@code N} files at a time.
 *
 * <ul>
 *   <li><b>Inputs</b>: regular files under {@code IN_DIR} (recursively, sorted by path) whose
 *       names end in a scene extension other than {@code .sfz} ({@code .ply}, {@code .splat},
 *       {@code .spz}, {@code .arrow}, {@code .feather}); hidden files and anything inside
 *       {@code OUT_DIR} are ignored. {@code IN_DIR/a/b.ply} becomes {@code OUT_DIR/a/b.sfz};
 *       two inputs that would share an output are a usage error before any work.</li>
 *   <li><b>Resumable</b>: outputs are written atomically, so an output that exists is
 *       complete; it is skipped (its header is checked; a damaged one is redone) and its row
 *       carried over from the previous manifest. A killed run leaves at most temporary files,
 *       removed at the next start. A lock file keeps two runs out of one {@code OUT_DIR}.</li>
 *   <li><b>Failures</b>: a file that cannot be read, encoded or written is reported in the
 *       manifest (status {@code failed}, with the error) and the others go on.</li>
 *   <li><b>Manifest</b>: {@link BatchManifest} rewrites {@code manifest.arrow} and
 *       {@code manifest.txt} after every file, so even a killed run leaves an accurate one.</li>
 * </ul>
 *
 * Each worker opens its own device (the CPU device serves one caller at a time); archives
 * do not depend on the thread count, so any {@code --jobs} gives the same bytes.
 */
public final class BatchCompressor {

    /** Lock file in the output folder. */
    public static final String LOCK_NAME = ".splat-batch.lock";

    private BatchCompressor() {
    }

    /**
     * Runs a batch.
     *
     * @param jobs      files compressed at once, >= 1
     * @param overwrite redo files whose outputs exist
     * @param devices   opens the device for worker k (closed by the batch)
     * @throws IllegalArgumentException for bad folders, colliding outputs or bad counts
     * @throws IOException when the output folder or the manifest cannot be written
     */
    public static BatchResult run(Path inDir, Path outDir, int jobs, boolean overwrite, CompressSettings settings,
                                  IntFunction<Device> devices, BatchListener listener) throws IOException {
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be >= 1, got " + jobs);
        }
        if (!Files.isDirectory(inDir)) {
            throw new IllegalArgumentException("input folder " + inDir + " does not exist or is not a folder");
        }
        Path in = inDir.toAbsolutePath().normalize();
        Path out = outDir.toAbsolutePath().normalize();
        if (in.equals(out)) {
            throw new IllegalArgumentException("--out must differ from the input folder " + inDir
                    + " (a subfolder is fine)");
        }
        Files.createDirectories(out);
        try (FileChannel lockChannel = FileChannel.open(out.resolve(LOCK_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = lockChannel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another batch is writing to " + outDir + " (" + LOCK_NAME + " is locked)");
            }
            return runLocked(in, out, jobs, overwrite, settings, devices, listener);
        }
    }

    /** Input files under {@code in} (sorted), outside {@code out}. */
    static List<Path> inputs(Path in, Path out) throws IOException {
        Set<String> exts = new TreeSet<>();
        for (SceneFormat f : SceneFormats.all()) {
            if (!(f instanceof SfzSceneFormat)) {
                exts.addAll(f.extensions());
            }
        }
        try (Stream<Path> s = Files.walk(in)) {
            return s.filter(p -> !p.startsWith(out))
                    .filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return exts.stream().anyMatch(e -> n.endsWith(e) && n.length() > e.length());
                    })
                    .sorted()
                    .toList();
        }
    }

    /** {@code a/b.ply} to {@code a/b.sfz} (the longest known extension is replaced). */
    static String outputName(String rel) {
        SceneFormat f = SceneFormats.byExtension(Path.of(rel));
        String lower = rel.toLowerCase(Locale.ROOT);
        int cut = rel.length();
        if (f != null) {
            for (String e : f.extensions()) {
                if (lower.endsWith(e)) {
                    cut = Math.min(cut, rel.length() - e.length());
                }
            }
        }
        return rel.substring(0, cut) + ".sfz";
    }

    private static BatchResult runLocked(Path in, Path out, int jobs, boolean overwrite, CompressSettings settings,
                                         IntFunction<Device> devices, BatchListener listener) throws IOException {
        List<Path> files = inputs(in, out);
        int n = files.size();
        String[] rel = new String[n];
        String[] outRel = new String[n];
        Map<String, String> claimed = new HashMap<>();
        List<String> collisions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rel[i] = in.relativize(files.get(i)).toString();
            outRel[i] = outputName(rel[i]);
            String prev = claimed.putIfAbsent(outRel[i], rel[i]);
            if (prev != null) {
                collisions.add(prev + " and " + rel[i] + " -> " + outRel[i]);
            }
        }
        if (!collisions.isEmpty()) {
            throw new IllegalArgumentException("inputs would overwrite each other's outputs: " + String.join("; ",
                    collisions) + " (rename one of each pair)");
        }
        removeStaleTemporaries(out);
        Path manifest = out.resolve(BatchManifest.ARROW_NAME);
        Path summary = out.resolve(BatchManifest.TEXT_NAME);
        Map<String, FileResult> previous = previousRows(manifest);

        FileResult[] rows = new FileResult[n];
        List<Integer> todo = new ArrayList<>();
        String quality = settings.options().quality().name().toLowerCase(Locale.ROOT);
        for (int i = 0; i < n; i++) {
            Path target = out.resolve(outRel[i]);
            if (!overwrite && Files.exists(target)) {
                FileResult done = finishedRow(files.get(i), target, rel[i], outRel[i], previous.get(rel[i]));
                if (done != null) {
                    rows[i] = done;
                    continue;
                }
            }
            todo.add(i);
        }
        int skipped = n - todo.size();
        listener.started(n, skipped);
        Log.info("batch: %d input%s under %s, %d already done, %d to compress with %d job%s (quality %s)", n,
                n == 1 ? "" : "s", in, skipped, todo.size(), Math.min(jobs, Math.max(1, todo.size())),
                jobs == 1 ? "" : "s", quality);
        Map<String, Throwable> failures = new LinkedHashMap<>();
        Object lock = new Object();
        AtomicInteger next = new AtomicInteger();
        int[] finished = {0};
        IOException[] manifestError = {null};
        writeManifest(manifest, summary, rows); // a killed run still leaves the skipped rows
        int workers = Math.min(jobs, todo.size());
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] crash = {null};
        for (int k = 0; k < workers; k++) {
            int worker = k;
            Thread t = new Thread(() -> {
                try (Device device = devices.apply(worker);
                     ViewEvaluator eval = settings.evaluate() && settings.views() != null
                             ? new ViewEvaluator(settings.views().evalViews(), device) : null) {
                    for (int j; (j = next.getAndIncrement()) < todo.size(); ) {
                        int i = todo.get(j);
                        FileResult r;
                        long t0 = System.nanoTime();
                        Path target = out.resolve(outRel[i]);
                        try {
                            r = CompressJob.run(files.get(i), target, rel[i], outRel[i], settings, device, eval);
                        } catch (Exception e) {
                            long bytesIn = -1;
                            try {
                                bytesIn = Files.size(files.get(i));
                            } catch (IOException ignored) {
                                // reported through the main error
                            }
                            r = FileResult.failed(rel[i], outRel[i], quality, bytesIn, describe(files.get(i), e),
                                    (System.nanoTime() - t0) / 1e9);
                            synchronized (lock) {
                                failures.put(rel[i], e);
                            }
                            Log.warn("batch: %s failed: %s", rel[i], r.error());
                        }
                        synchronized (lock) {
                            rows[i] = r;
                            finished[0]++;
                            try {
                                writeManifest(manifest, summary, rows);
                            } catch (IOException e) {
                                manifestError[0] = e;
                                next.set(todo.size()); // stop handing out work: we cannot record it
                            }
                            listener.finished(r, finished[0], todo.size());
                        }
                    }
                } catch (RuntimeException e) {
                    synchronized (lock) {
                        crash[0] = e;
                    }
                    next.set(todo.size());
                }
            }, "splat-batch-" + k);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while waiting for the batch workers", e));
            }
        }
        if (crash[0] != null) {
            throw crash[0];
        }
        if (manifestError[0] != null) {
            throw manifestError[0];
        }
        List<FileResult> list = Arrays.asList(rows);
        writeManifest(manifest, summary, rows);
        return new BatchResult(List.copyOf(list), manifest, summary, failures);
    }

    /** A finished output's row, or null when the output is damaged and must be redone. */
    private static FileResult finishedRow(Path input, Path target, String rel, String outRel, FileResult previous) {
        ArchiveInfo a;
        long bytesIn, bytesOut;
        try {
            a = ArchiveInfo.read(target);
            bytesIn = Files.size(input);
            bytesOut = Files.size(target);
        } catch (IOException e) {
            Log.warn("batch: %s exists but is not a readable archive (%s); compressing it again", target, e.getMessage());
            return null;
        }
        if (previous != null && previous.status() != FileStatus.FAILED && previous.bytesOut() == bytesOut
                && previous.bytesIn() == bytesIn && outRel.equals(previous.output())) {
            return previous.withStatus(FileStatus.SKIPPED);
        }
        return new FileResult(rel, outRel, FileStatus.SKIPPED, null, a.quality().name().toLowerCase(Locale.ROOT),
                a.sourceCount(), a.count(), bytesIn, bytesOut, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    private static Map<String, FileResult> previousRows(Path manifest) {
        Map<String, FileResult> m = new HashMap<>();
        if (!Files.exists(manifest)) {
            return m;
        }
        try {
            for (FileResult r : BatchManifest.readArrow(manifest)) {
                m.put(r.file(), r);
            }
        } catch (IOException e) {
            Log.warn("batch: ignoring the previous manifest %s: %s", manifest, e.getMessage());
        }
        return m;
    }

    /** Temporary files of an atomic write a killed run left ({@code .NAME.RANDOM.tmp}). */
    private static void removeStaleTemporaries(Path out) throws IOException {
        List<Path> stale;
        try (Stream<Path> s = Files.walk(out)) {
            stale = s.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(".") && name.endsWith(".tmp")
                        && (name.contains(".sfz.") || name.startsWith("." + BatchManifest.ARROW_NAME + ".")
                        || name.startsWith("." + BatchManifest.TEXT_NAME + "."));
            }).toList();
        }
        for (Path p : stale) {
            Log.info("batch: removing %s, left by an interrupted run", p);
            Files.deleteIfExists(p);
        }
    }

    private static void writeManifest(Path manifest, Path summary, FileResult[] rows) throws IOException {
        List<FileResult> present = new ArrayList<>();
        for (FileResult r : rows) {
            if (r != null) {
                present.add(r);
            }
        }
        BatchManifest.writeArrow(manifest, present);
        BatchManifest.writeText(summary, present);
    }

    /** The error as the manifest states it: naming the file when the message does not. */
    static String describe(Path file, Throwable e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        } else if (t instanceof java.nio.file.NoSuchFileException) {
            m = "no such file: " + m;
        }
        return m.contains(file.getFileName().toString()) ? m : file + ": " + m;
    }
}
