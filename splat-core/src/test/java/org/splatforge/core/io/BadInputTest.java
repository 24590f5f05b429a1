package org.splatforge.core.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.io.ply.PlyWriter;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SyntheticClouds;

/**
 * Every kind of bad input the readers must refuse with a CorruptDataException whose
 * message names the file and the offset or field, and says what was expected.
 */
class BadInputTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static CorruptDataException corrupt(Path f, String... fragments) {
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> SceneFiles.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString()), "names the file: " + m);
        for (String s : fragments) {
            assertTrue(m.contains(s), "'" + s + "' in: " + m);
        }
        return e;
    }

    private byte[] ply(int n, int degree) throws IOException {
        Path f = dir.resolve("src" + n + "_" + degree + ".ply");
        SceneFiles.write(f, SyntheticClouds.random(n, degree, 42));
        return Files.readAllBytes(f);
    }

    private static byte[] replaceHeader(byte[] ply, String from, String to) {
        String s = new String(ply, StandardCharsets.ISO_8859_1);
        return s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)).getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- PLY -----------------------------------------------------------------------------

    @Test
    void plyTruncated() throws IOException {
        byte[] b = ply(100, 3);
        corrupt(file("cut.ply", Arrays.copyOf(b, b.length - 100)), "at byte", "header declares 100 rows", "truncated");
    }

    @Test
    void plyTruncatedInHeader() throws IOException {
        corrupt(file("cuthead.ply", Arrays.copyOf(ply(10, 0), 60)), "at byte", "end_header");
    }

    @Test
    void plyWrongMagic() throws IOException {
        byte[] b = ply(5, 0);
        b[0] = 'P';
        corrupt(file("magic.ply", b), "at byte 0", "expected the magic line 'ply'");
    }

    @Test
    void plyCountExceedsFile() throws IOException {
        corrupt(file("count.ply", replaceHeader(ply(10, 1), "element vertex 10", "element vertex 11")),
                "at byte", "11 rows", "only");
    }

    @Test
    void plyAbsurdCountFailsBeforeAllocating() throws IOException {
        // 10^15 rows of 248 bytes: must be refused from the header alone.
        corrupt(file("absurd.ply", replaceHeader(ply(10, 3), "element vertex 10", "element vertex 1000000000000000")),
                "1000000000000000 rows");
        corrupt(file("overflow.ply", replaceHeader(ply(10, 3), "element vertex 10", "element vertex 9223372036854775807")),
                "9223372036854775807 rows");
        corrupt(file("negative.ply", replaceHeader(ply(10, 3), "element vertex 10", "element vertex -4")), "non-negative");
    }

    @Test
    void plyNanNamesGaussianAndAttribute() throws IOException {
        GaussianCloud c = SyntheticClouds.random(20, 2, 1);
        c.opacityLogits()[13] = Float.NaN;
        Path f = dir.resolve("nan.ply");
        PlyWriter.write(f, c, IoDevice.shared());
        corrupt(f, "Gaussian 13", "'opacity'", "NaN");
        c.opacityLogits()[13] = 0;
        c.sh()[(7 * 9 + 4) * 3 + 2] = Float.POSITIVE_INFINITY; // blue, coefficient 4 -> f_rest_(2*8 + 3)
        PlyWriter.write(f, c, IoDevice.shared());
        corrupt(f, "Gaussian 7", "'f_rest_19'", "Infinity");
        // info reads leniently
        assertTrue(Float.isInfinite(SceneFiles.read(f, ReadOptions.DEFAULT.lenient()).sh()[(7 * 9 + 4) * 3 + 2]));
    }

    @Test
    void plyUnknownPropertyType() throws IOException {
        corrupt(file("type.ply", replaceHeader(ply(3, 0), "property float opacity", "property float16 opacity")),
                "at byte", "unknown property type 'float16'", "float/float32");
    }

    @Test
    void plyMissingAndMisnumberedProperties() throws IOException {
        corrupt(file("missing.ply", replaceHeader(ply(3, 0), "property float opacity", "property float alpha")),
                "vertex property 'opacity'", "missing");
        corrupt(file("rest.ply", replaceHeader(ply(3, 1), "property float f_rest_8", "property float f_rest_x")),
                "f_rest", "expected 0, 9, 24 or 45");
        corrupt(file("encoding.ply", replaceHeader(ply(3, 0), "binary_little_endian", "binary_middle_endian")),
                "unknown encoding");
    }

    @Test
    void plyAsciiGarbage() throws IOException {
        String head = "ply\nformat ascii 1.0\nelement vertex 2\n";
        for (String p : new String[] {"x", "y", "z", "f_dc_0", "f_dc_1", "f_dc_2", "opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"}) {
            head += "property float " + p + "\n";
        }
        head += "end_header\n";
        String row = "0 0 0 0 0 0 0 0 0 0 1 0 0 0\n";
        corrupt(file("ascii.ply", (head + row + row.replace("1 0 0 0", "1 zero 0 0")).getBytes(StandardCharsets.US_ASCII)),
                "at byte", "'zero' is not a number", "row 1", "rot_1");
        corrupt(file("ascii2.ply", (head + row + "0 0 0 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0").getBytes(StandardCharsets.US_ASCII)
                .length > 0 ? (head + row + row.substring(0, 10)).getBytes(StandardCharsets.US_ASCII) : new byte[0]), "at byte");
    }

    // ---- .splat ----------------------------------------------------------------------------

    @Test
    void splatNotAMultipleOf32() throws IOException {
        Path f = dir.resolve("c.splat");
        SceneFiles.write(f, SyntheticClouds.random(10, 0, 2));
        byte[] b = Files.readAllBytes(f);
        corrupt(file("cut.splat", Arrays.copyOf(b, b.length - 5)), "at byte 288", "not a multiple of 32");
        corrupt(file("empty.splat", new byte[0]), "empty file");
    }

    @Test
    void splatZeroScaleIsNamed() throws IOException {
        byte[] row = new byte[32];
        row[28] = (byte) 255; // scale bytes stay 0: log(0) = -Infinity
        corrupt(file("zero.splat", row), "Gaussian 0", "'scale_0'", "Infinity");
    }

    // ---- SPZ -------------------------------------------------------------------------------

    private byte[] spz(int n, int degree, int version) throws IOException {
        Path f = dir.resolve("src" + version + ".spz");
        SceneFiles.write(f, SyntheticClouds.random(n, degree, 3), WriteOptions.DEFAULT.withSpzVersion(version));
        return Files.readAllBytes(f);
    }

    @Test
    void spzWrongMagic() throws IOException {
        corrupt(file("magic.spz", "hello, not a splat".getBytes(StandardCharsets.US_ASCII)), "at byte 0", "not an SPZ file", "'NGSP'");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(gz)) {
            o.write("this is a gzipped text file".getBytes(StandardCharsets.US_ASCII));
        }
        corrupt(file("text.spz", gz.toByteArray()), "field 'magic'", "not SPZ");
    }

    @Test
    void spzV4Truncated() throws IOException {
        byte[] b = spz(300, 3, 4);
        corrupt(file("cut.spz", Arrays.copyOf(b, b.length - 40)), "at byte", "run past the end of the file");
        corrupt(file("cuthead.spz", Arrays.copyOf(b, 20)), "truncated", "32 bytes");
    }

    @Test
    void spzV4InflatedCount() throws IOException {
        byte[] b = spz(300, 3, 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 40_000_000);
        corrupt(file("inflated.spz", b), "TOC entry 0 (positions)", "expected 360000000");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1); // 2^32 - 1
        corrupt(file("huge.spz", b), "numPoints", "4294967295");
    }

    @Test
    void spzV4LyingTocAndCorruptStream() throws IOException {
        byte[] b = spz(300, 1, 4);
        byte[] lie = b.clone();
        ByteBuffer.wrap(lie).order(ByteOrder.LITTLE_ENDIAN).putLong(32, 1L << 40);
        corrupt(file("toc.spz", lie), "TOC entry 0", "run past the end");
        byte[] garbage = b.clone();
        for (int i = 32 + 6 * 16 + 4; i < 32 + 6 * 16 + 40; i++) {
            garbage[i] ^= 0x5a;
        }
        corrupt(file("zstd.spz", garbage), "stream 0 (positions)");
    }

    @Test
    void spzGzipInflatedCountAndTruncation() throws IOException {
        byte[] b = spz(300, 2, 3);
        byte[] raw;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            raw = in.readAllBytes();
        }
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 30_000_000);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(gz)) {
            o.write(raw);
        }
        corrupt(file("inflated3.spz", gz.toByteArray()), "numPoints", "30000000 Gaussians", "1032:1");
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 301);
        gz.reset();
        try (GZIPOutputStream o = new GZIPOutputStream(gz)) {
            o.write(raw);
        }
        corrupt(file("plusone.spz", gz.toByteArray()), "truncated", "sh");
        corrupt(file("cut3.spz", Arrays.copyOf(b, b.length / 2)), "gzip stream");
    }

    // ---- detection and writing ---------------------------------------------------------------

    @Test
    void unknownContentWithoutExtension() throws IOException {
        corrupt(file("mystery", new byte[] {1, 2, 3, 4}), "at byte 0", "unrecognised content");
        assertThrows(NoSuchFileException.class, () -> SceneFiles.read(dir.resolve("absent.ply")));
        assertThrows(IllegalArgumentException.class, () -> SceneFiles.write(dir.resolve("out.obj"), GaussianCloud.create(1, 0)));
    }

    @Test
    void failedWriteLeavesNothingUnderTheName() throws IOException {
        GaussianCloud c = SyntheticClouds.random(5, 0, 1);
        c.means()[0] = Float.NaN; // SPZ cannot store it
        Path out = dir.resolve("out.spz");
        assertThrows(IllegalArgumentException.class, () -> SceneFiles.write(out, c));
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
        }
    }
}
