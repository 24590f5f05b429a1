package org.splatforge.compress.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.splatforge.core.io.AtomicFiles;
import org.splatforge.core.io.CorruptDataException;

/**
 * The manifest of a compression batch: an Arrow IPC file (one row per input, the columns
 * below; opens in pyarrow {@code pyarrow.ipc.open_file}, pandas {@code read_feather}, DuckDB)
 * and a plain-text table of the same rows with totals for people.
 *
 * <p>Columns (in order): {@code file, output, status, error} (utf8; error null unless
 * failed), {@code quality} (utf8), {@code gaussians_in, gaussians_out, bytes_in, bytes_out}
 * (int64, null when unknown), {@code ratio} (float64, bytes_in / bytes_out),
 * {@code psnr_in, ssim_in, psnr_out, ssim_out} (float64, dB and SSIM of the input scene and
 * the decoded archive on held-out views; null without views), {@code seconds} (float64, read
 * + encode + write), {@code eval_seconds} (float64; null without views). Schema metadata
 * {@code splatforge.kind = compress-manifest}.
 */
public final class BatchManifest {

    /** File names inside the output folder. */
    public static final String ARROW_NAME = "manifest.arrow";
    public static final String TEXT_NAME = "manifest.txt";

    static final List<String> COLUMNS = List.of("file", "output", "status", "error", "quality", "gaussians_in",
            "gaussians_out", "bytes_in", "bytes_out", "ratio", "psnr_in", "ssim_in", "psnr_out", "ssim_out", "seconds",
            "eval_seconds");

    private BatchManifest() {
    }

    /** The manifest's Arrow schema. */
    public static Schema schema() {
        FieldType utf8 = FieldType.notNullable(ArrowType.Utf8.INSTANCE);
        FieldType utf8n = FieldType.nullable(ArrowType.Utf8.INSTANCE);
        FieldType i64 = FieldType.nullable(new ArrowType.Int(64, true));
        FieldType f64 = FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
        List<Field> f = new ArrayList<>();
        for (String c : COLUMNS) {
            FieldType t = switch (c) {
                case "file", "output", "status", "quality" -> utf8;
                case "error" -> utf8n;
                case "gaussians_in", "gaussians_out", "bytes_in", "bytes_out" -> i64;
                default -> f64;
            };
            f.add(new Field(c, t, null));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("splatforge.kind", "compress-manifest");
        meta.put("splatforge.units", "bytes; psnr dB (peak 1); seconds");
        return new Schema(f, meta);
    }

    /** Writes {@code rows} to {@code file} atomically (one record batch). */
    public static void writeArrow(Path file, List<FileResult> rows) throws IOException {
        try (BufferAllocator alloc = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema(), alloc)) {
            root.allocateNew();
            int n = rows.size();
            for (int r = 0; r < n; r++) {
                FileResult x = rows.get(r);
                text(root, "file", r, x.file());
                text(root, "output", r, x.output());
                text(root, "status", r, x.status().label());
                text(root, "error", r, x.error());
                text(root, "quality", r, x.quality());
                integer(root, "gaussians_in", r, x.gaussiansIn());
                integer(root, "gaussians_out", r, x.gaussiansOut());
                integer(root, "bytes_in", r, x.bytesIn());
                integer(root, "bytes_out", r, x.bytesOut());
                real(root, "ratio", r, x.ratio());
                real(root, "psnr_in", r, x.psnrIn());
                real(root, "ssim_in", r, x.ssimIn());
                real(root, "psnr_out", r, x.psnrOut());
                real(root, "ssim_out", r, x.ssimOut());
                real(root, "seconds", r, x.seconds());
                real(root, "eval_seconds", r, x.evalSeconds());
            }
            for (FieldVector v : root.getFieldVectors()) {
                v.setValueCount(n);
            }
            root.setRowCount(n);
            // Manifests are small: build the file in memory, then one atomic write.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArrowFileWriter w = new ArrowFileWriter(root, null, Channels.newChannel(bytes))) {
                w.start();
                w.writeBatch();
                w.end();
            }
            AtomicFiles.write(file, bytes.toByteArray());
        }
    }

    private static void text(VectorSchemaRoot root, String col, int r, String v) {
        VarCharVector vec = (VarCharVector) root.getVector(col);
        if (v == null) {
            vec.setNull(r);
        } else {
            vec.setSafe(r, v.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void integer(VectorSchemaRoot root, String col, int r, long v) {
        BigIntVector vec = (BigIntVector) root.getVector(col);
        if (v < 0) {
            vec.setNull(r);
        } else {
            vec.setSafe(r, v);
        }
    }

    private static void real(VectorSchemaRoot root, String col, int r, double v) {
        Float8Vector vec = (Float8Vector) root.getVector(col);
        if (Double.isNaN(v)) {
            vec.setNull(r);
        } else {
            vec.setSafe(r, v);
        }
    }

    /**
     * Reads a manifest written by {@link #writeArrow}.
     *
     * @throws CorruptDataException if the file is not an Arrow IPC file with these columns
     */
    public static List<FileResult> readArrow(Path file) throws IOException {
        long size = Files.size(file);
        try (BufferAllocator alloc = new RootAllocator(Math.max(16L << 20, 4 * size));
             SeekableByteChannel ch = Files.newByteChannel(file);
             ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            for (String c : COLUMNS) {
                if (root.getSchema().findField(c) == null) {
                    throw CorruptDataException.field(file, c, "column missing; a compress manifest has " + COLUMNS);
                }
            }
            List<FileResult> out = new ArrayList<>();
            for (ArrowBlock block : reader.getRecordBlocks()) {
                if (!reader.loadRecordBatch(block)) {
                    break;
                }
                for (int r = 0; r < root.getRowCount(); r++) {
                    out.add(new FileResult(str(root, "file", r), str(root, "output", r),
                            FileStatus.parse(str(root, "status", r)), str(root, "error", r), str(root, "quality", r),
                            lng(root, "gaussians_in", r), lng(root, "gaussians_out", r), lng(root, "bytes_in", r),
                            lng(root, "bytes_out", r), dbl(root, "psnr_in", r), dbl(root, "ssim_in", r),
                            dbl(root, "psnr_out", r), dbl(root, "ssim_out", r), dbl(root, "seconds", r),
                            dbl(root, "eval_seconds", r)));
                }
            }
            return out;
        } catch (CorruptDataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw CorruptDataException.at(file, -1, "not a readable compress manifest (Arrow IPC): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static String str(VectorSchemaRoot root, String col, int r) {
        VarCharVector v = (VarCharVector) root.getVector(col);
        return v.isNull(r) ? null : new String(v.get(r), StandardCharsets.UTF_8);
    }

    private static long lng(VectorSchemaRoot root, String col, int r) {
        BigIntVector v = (BigIntVector) root.getVector(col);
        return v.isNull(r) ? -1 : v.get(r);
    }

    private static double dbl(VectorSchemaRoot root, String col, int r) {
        Float8Vector v = (Float8Vector) root.getVector(col);
        return v.isNull(r) ? Double.NaN : v.get(r);
    }

    /** The readable summary: one line per file, then totals. */
    public static String summary(List<FileResult> rows) {
        StringBuilder sb = new StringBuilder();
        int w = 4;
        for (FileResult r : rows) {
            w = Math.max(w, r.file().length());
        }
        w = Math.min(w, 60);
        String fmt = "%-" + w + "s  %-7s  %12s  %12s  %13s  %12s  %8s  %8s  %8s  %7s  %8s%n";
        sb.append(String.format(Locale.ROOT, fmt, "file", "status", "gaussians in", "gaussians out", "bytes in",
                "bytes out", "ratio", "PSNR in", "PSNR out", "SSIM", "seconds"));
        long gIn = 0, gOut = 0, bIn = 0, bOut = 0;
        int done = 0, skipped = 0, failed = 0;
        double secs = 0;
        for (FileResult r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.file(), r.status().label(), count(r.gaussiansIn()),
                    count(r.gaussiansOut()), count(r.bytesIn()), count(r.bytesOut()), num(r.ratio(), "%.1fx"),
                    num(r.psnrIn(), "%.2f"), num(r.psnrOut(), "%.2f"), num(r.ssimOut(), "%.4f"),
                    num(r.seconds(), "%.1f")));
            switch (r.status()) {
                case DONE -> done++;
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
            }
            if (r.status() != FileStatus.FAILED) {
                gIn += Math.max(0, r.gaussiansIn());
                gOut += Math.max(0, r.gaussiansOut());
                bIn += Math.max(0, r.bytesIn());
                bOut += Math.max(0, r.bytesOut());
            }
            if (!Double.isNaN(r.seconds()) && r.status() == FileStatus.DONE) {
                secs += r.seconds();
            }
        }
        sb.append(String.format(Locale.ROOT, fmt, "total", "", count(gIn), count(gOut), count(bIn), count(bOut),
                bOut > 0 ? String.format(Locale.ROOT, "%.1fx", (double) bIn / bOut) : "-", "", "", "",
                String.format(Locale.ROOT, "%.1f", secs)));
        sb.append(String.format(Locale.ROOT, "%d files: %d compressed, %d skipped (already done), %d failed%n",
                rows.size(), done, skipped, failed));
        for (FileResult r : rows) {
            if (r.status() == FileStatus.FAILED) {
                sb.append("failed: ").append(r.file()).append(": ").append(r.error()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String count(long v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%,d", v);
    }

    private static String num(double v, String fmt) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, fmt, v);
    }

    /** Writes the summary atomically. */
    public static void writeText(Path file, List<FileResult> rows) throws IOException {
        AtomicFiles.write(file, summary(rows).getBytes(StandardCharsets.UTF_8));
    }
}
