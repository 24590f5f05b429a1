package org.splatforge.core.data.colmap;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splatforge.core.io.CorruptDataException;

/**
 * COLMAP's text model ({@code cameras.txt}, {@code images.txt}, {@code points3D.txt}), as
 * written by COLMAP's {@code Write*Text}: '#' comment lines, then whitespace-separated
 * records. {@code images.txt} has two lines per image, the second (the 2D points) possibly
 * empty, so blank lines are only skipped where an image header is expected.
 */
final class ColmapText {

    private ColmapText() {
    }

    private static CorruptDataException bad(Path file, int line, String what) {
        return new CorruptDataException(file + ": line " + line + ": " + what);
    }

    private static List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                out.add(l);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CorruptDataException(file + ": not UTF-8 text; is this a binary model named .txt?", e);
        }
        return out;
    }

    private static String[] tokens(String line) {
        String t = line.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    private static double num(String s, Path file, int line, String what) throws CorruptDataException {
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw bad(file, line, what + " is '" + s + "', expected a number");
        }
        if (!Double.isFinite(d)) {
            throw bad(file, line, what + " is " + s + ", expected a finite number");
        }
        return d;
    }

    private static long integer(String s, Path file, int line, String what) throws CorruptDataException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw bad(file, line, what + " is '" + s + "', expected an integer");
        }
    }

    static Map<Integer, ColmapCamera> cameras(Path file) throws IOException {
        List<String> lines = lines(file);
        Map<Integer, ColmapCamera> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int ln = i + 1;
            String[] t = tokens(l);
            if (t.length == 0 || t[0].startsWith("#")) {
                continue;
            }
            if (t.length < 4) {
                throw bad(file, ln, "expected CAMERA_ID MODEL WIDTH HEIGHT PARAMS[], got '" + l.strip() + "'");
            }
            int id = (int) integer(t[0], file, ln, "CAMERA_ID");
            ColmapCameraModel model = ColmapCameraModel.byName(t[1]);
            if (model == null) {
                throw bad(file, ln, "camera " + id + ": unknown camera model '" + t[1] + "' (COLMAP's models are "
                        + java.util.Arrays.toString(ColmapCameraModel.values()) + ")");
            }
            long w = integer(t[2], file, ln, "WIDTH");
            long h = integer(t[3], file, ln, "HEIGHT");
            if (w < 1 || h < 1 || w > 1 << 15 || h > 1 << 15) {
                throw bad(file, ln, "camera " + id + " is " + w + "x" + h + ", expected 1..32768 pixels a side");
            }
            if (t.length - 4 != model.numParams()) {
                throw bad(file, ln, "camera " + id + ": model " + model.name() + " takes " + model.numParams()
                        + " parameters (" + model.paramNames() + "), the line has " + (t.length - 4));
            }
            double[] p = new double[model.numParams()];
            for (int k = 0; k < p.length; k++) {
                p[k] = num(t[4 + k], file, ln, "parameter " + k + " of camera " + id);
            }
            if (out.put(id, new ColmapCamera(id, model, (int) w, (int) h, p)) != null) {
                throw bad(file, ln, "camera id " + id + " appears twice");
            }
        }
        return out;
    }

    static List<ColmapImage> images(Path file) throws IOException {
        List<String> lines = lines(file);
        List<ColmapImage> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String l = lines.get(i);
            int ln = i + 1;
            String[] t = tokens(l);
            i++;
            if (t.length == 0 || t[0].startsWith("#")) {
                continue;
            }
            if (t.length < 10) {
                throw bad(file, ln, "expected IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME, got '" + Json0.abbreviate(l.strip()) + "'");
            }
            int id = (int) integer(t[0], file, ln, "IMAGE_ID");
            double[] q = new double[4];
            double[] tv = new double[3];
            for (int k = 0; k < 4; k++) {
                q[k] = num(t[1 + k], file, ln, "Q" + "WXYZ".charAt(k) + " of image " + id);
            }
            for (int k = 0; k < 3; k++) {
                tv[k] = num(t[5 + k], file, ln, "T" + "XYZ".charAt(k) + " of image " + id);
            }
            checkQuaternion(q, file, "line " + ln + ": image " + id + " qvec");
            int cam = (int) integer(t[8], file, ln, "CAMERA_ID");
            // The name is the rest of the line (COLMAP names have no spaces, but be kind).
            String name = l.strip().split("\\s+", 10)[9];
            long n2d = 0;
            if (i < lines.size()) {
                String[] p = tokens(lines.get(i));
                if (p.length % 3 != 0) {
                    throw bad(file, i + 1, "image " + id + ": POINTS2D line has " + p.length
                            + " values, expected triples (X, Y, POINT3D_ID)");
                }
                n2d = p.length / 3;
                i++;
            }
            out.add(new ColmapImage(id, q, tv, cam, name, n2d));
        }
        return out;
    }

    static Points points(Path file) throws IOException {
        List<String> lines = lines(file);
        int n = 0;
        for (String l : lines) {
            String s = l.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                n++;
            }
        }
        float[] pos = new float[n * 3];
        float[] col = new float[n * 3];
        long[] ids = new long[n];
        float[] err = new float[n];
        int k = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] t = tokens(lines.get(i));
            int ln = i + 1;
            if (t.length == 0 || t[0].startsWith("#")) {
                continue;
            }
            if (t.length < 8 || (t.length - 8) % 2 != 0) {
                throw bad(file, ln, "expected POINT3D_ID X Y Z R G B ERROR TRACK[] (pairs), got " + t.length + " values");
            }
            ids[k] = integer(t[0], file, ln, "POINT3D_ID");
            for (int a = 0; a < 3; a++) {
                pos[k * 3 + a] = (float) num(t[1 + a], file, ln, "XYZ".charAt(a) + " of point " + ids[k]);
            }
            for (int a = 0; a < 3; a++) {
                long c = integer(t[4 + a], file, ln, "RGB".charAt(a) + " of point " + ids[k]);
                if (c < 0 || c > 255) {
                    throw bad(file, ln, "RGB".charAt(a) + " of point " + ids[k] + " is " + c + ", expected 0..255");
                }
                col[k * 3 + a] = c / 255f;
            }
            err[k] = (float) num(t[7], file, ln, "ERROR of point " + ids[k]);
            k++;
        }
        return new Points(pos, col, ids, err);
    }

    /** A quaternion must be finite and not (near) zero to define a rotation. */
    static void checkQuaternion(double[] q, Path file, String what) throws CorruptDataException {
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        if (!(n > 1e-6) || !Double.isFinite(n)) {
            throw new CorruptDataException(file + ": " + what + " = " + java.util.Arrays.toString(q)
                    + " is not a rotation (expected a non-zero quaternion w, x, y, z)");
        }
    }

    /** Tiny local helper (keeps this package free of the data package's JSON helpers). */
    private static final class Json0 {
        static String abbreviate(String s) {
            return s.length() > 80 ? s.substring(0, 77) + "..." : s;
        }
    }
}
