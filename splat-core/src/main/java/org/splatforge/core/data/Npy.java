package org.splatforge.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.splatforge.core.io.CorruptDataException;

/**
 * A reader for NumPy {@code .npy} arrays of floats (format versions 1-3, per NumPy's
 * "A Simple File Format for NumPy Arrays", NEP 1): magic {@code \x93NUMPY}, version, header
 * length (u16 in v1, u32 in v2/v3, little-endian), a Python dict literal with {@code descr},
 * {@code fortran_order} and {@code shape}, then the data. Handles {@code f4} and {@code f8} in
 * either byte order and either memory order; values come back row-major (C order).
 *
 * @param shape dimensions
 * @param data  {@code prod(shape)} values, row-major
 */
record Npy(int[] shape, double[] data) {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static Npy read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < 10 || (b[0] & 0xFF) != 0x93 || !new String(b, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw CorruptDataException.at(file, 0, "not a .npy file: expected the magic \\x93NUMPY");
        }
        int major = b[6] & 0xFF;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw CorruptDataException.at(file, 8, "truncated: expected a 4-byte header length");
            }
            headerLen = bb.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw CorruptDataException.at(file, 6, "unsupported .npy format version " + major + " (expected 1, 2 or 3)");
        }
        if (headerStart + headerLen > b.length) {
            throw CorruptDataException.at(file, 8, "truncated: header of " + headerLen + " bytes, the file has "
                    + (b.length - headerStart) + " after the preamble");
        }
        String header = new String(b, headerStart, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw CorruptDataException.at(file, headerStart, "header is not a dict with 'descr', 'fortran_order' and 'shape': "
                    + header.strip());
        }
        String descr = d.group(1);
        int item;
        ByteOrder order;
        switch (descr) {
            case "<f8", "|f8", "=f8" -> { item = 8; order = ByteOrder.LITTLE_ENDIAN; }
            case ">f8" -> { item = 8; order = ByteOrder.BIG_ENDIAN; }
            case "<f4", "|f4", "=f4" -> { item = 4; order = ByteOrder.LITTLE_ENDIAN; }
            case ">f4" -> { item = 4; order = ByteOrder.BIG_ENDIAN; }
            default -> throw CorruptDataException.field(file, "descr", "is '" + descr + "', expected float64 or float32 ('<f8', '<f4')");
        }
        boolean fortran = f.group(1).equals("True");
        String[] dims = s.group(1).split(",");
        int nd = 0;
        int[] shape = new int[dims.length];
        long count = 1;
        for (String dim : dims) {
            String t = dim.strip();
            if (t.isEmpty()) {
                continue;
            }
            long v;
            try {
                v = Long.parseLong(t.replace("L", ""));
            } catch (NumberFormatException e) {
                throw CorruptDataException.field(file, "shape", "has '" + t + "', expected integers");
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw CorruptDataException.field(file, "shape", "dimension " + v + " is out of range");
            }
            shape[nd++] = (int) v;
            count *= v;
            if (count > Integer.MAX_VALUE) {
                throw CorruptDataException.field(file, "shape", "(" + s.group(1) + ") holds more values than this reader takes");
            }
        }
        shape = java.util.Arrays.copyOf(shape, nd);
        long dataStart = headerStart + headerLen;
        long need = count * item;
        if (dataStart + need > b.length) {
            throw CorruptDataException.at(file, dataStart, "truncated: shape (" + s.group(1).strip() + ") of " + descr
                    + " needs " + need + " data bytes, the file has " + (b.length - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(b, (int) dataStart, (int) need).slice().order(order);
        double[] v = new double[(int) count];
        for (int i = 0; i < count; i++) {
            v[i] = item == 8 ? data.getDouble(i * 8) : data.getFloat(i * 4);
        }
        if (fortran && nd > 1) {
            v = fortranToC(v, shape);
        }
        return new Npy(shape, v);
    }

    /** Reorders column-major values to row-major. */
    private static double[] fortranToC(double[] v, int[] shape) {
        double[] out = new double[v.length];
        int nd = shape.length;
        int[] idx = new int[nd];
        for (int c = 0; c < v.length; c++) {
            // c is the row-major index of idx; compute its column-major position.
            int f = 0, stride = 1;
            for (int k = 0; k < nd; k++) {
                f += idx[k] * stride;
                stride *= shape[k];
            }
            out[c] = v[f];
            for (int k = nd - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }
}
