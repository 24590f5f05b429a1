package org.splatforge.vision.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.splatforge.core.io.CorruptDataException;

/**
 * Reads Fashion-MNIST (Xiao et al. 2017) in its IDX format (LeCun's MNIST layout: big-endian
 * magic 0x00000803 for images with count, rows, cols; 0x00000801 for labels), gzipped or
 * not. Debian's {@code dataset-fashion-mnist} installs the four files under
 * {@link #DEFAULT_DIR}.
 */
public final class FashionMnist {

    /** Where Debian's package puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** The training split (60,000 images) from {@code dir}. */
    public static ImageSet train(Path dir) throws IOException {
        return load(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"));
    }

    /** The test split (10,000 images) from {@code dir}. */
    public static ImageSet test(Path dir) throws IOException {
        return load(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"));
    }

    /** True when all four files are in {@code dir}. */
    public static boolean available(Path dir) {
        for (String n : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            if (!Files.exists(dir.resolve(n + ".gz")) && !Files.exists(dir.resolve(n))) {
                return false;
            }
        }
        return true;
    }

    private static Path find(Path dir, String name) throws IOException {
        Path gz = dir.resolve(name + ".gz");
        if (Files.exists(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name);
        if (Files.exists(raw)) {
            return raw;
        }
        throw new java.nio.file.NoSuchFileException(gz + " (Fashion-MNIST: install Debian's dataset-fashion-mnist or pass --data DIR)");
    }

    /** Loads an IDX image file and its label file. */
    public static ImageSet load(Path images, Path labels) throws IOException {
        int rows, cols, n;
        byte[] pix;
        try (DataInputStream in = open(images)) {
            int magic = readInt(in, images, 0, "magic");
            if (magic != 0x00000803) {
                throw CorruptDataException.at(images, 0, String.format("magic 0x%08x, expected 0x00000803 (IDX unsigned-byte 3-D)", magic));
            }
            n = readInt(in, images, 4, "image count");
            rows = readInt(in, images, 8, "rows");
            cols = readInt(in, images, 12, "columns");
            if (n <= 0 || n > 10_000_000 || rows <= 0 || rows > 4096 || rows != cols) {
                throw CorruptDataException.at(images, 4, "header says " + n + " images of " + rows + "x" + cols
                        + ", expected a positive count of square images");
            }
            pix = new byte[Math.multiplyExact(n, rows * cols)];
            readFully(in, pix, images, 16);
        }
        byte[] lab;
        try (DataInputStream in = open(labels)) {
            int magic = readInt(in, labels, 0, "magic");
            if (magic != 0x00000801) {
                throw CorruptDataException.at(labels, 0, String.format("magic 0x%08x, expected 0x00000801 (IDX unsigned-byte 1-D)", magic));
            }
            int ln = readInt(in, labels, 4, "label count");
            if (ln != n) {
                throw CorruptDataException.at(labels, 4, "label count " + ln + " != image count " + n + " in " + images);
            }
            lab = new byte[n];
            readFully(in, lab, labels, 8);
        }
        for (int i = 0; i < n; i++) {
            if ((lab[i] & 0xff) >= CLASSES.size()) {
                throw CorruptDataException.at(labels, 8 + i, "label " + (lab[i] & 0xff) + ", expected 0..9");
            }
        }
        return new ImageSet(n, 1, rows, pix, lab, CLASSES);
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        if (p.getFileName().toString().endsWith(".gz")) {
            raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static int readInt(DataInputStream in, Path p, long offset, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw CorruptDataException.at(p, offset, "file ends before the " + what);
        }
    }

    private static void readFully(DataInputStream in, byte[] dst, Path p, long offset) throws IOException {
        int got = in.readNBytes(dst, 0, dst.length);
        if (got < dst.length) {
            throw CorruptDataException.at(p, offset + got, "file ends early: expected " + dst.length + " data bytes, got " + got);
        }
    }
}
