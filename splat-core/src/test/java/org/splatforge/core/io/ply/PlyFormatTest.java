package org.splatforge.core.io.ply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.splatforge.core.io.ReadOptions;
import org.splatforge.core.io.SceneFiles;
import org.splatforge.core.scene.GaussianCloud;
import org.splatforge.core.scene.SyntheticClouds;
import org.splatforge.core.testing.Clouds;
import org.splatforge.core.testing.SharedData;

/** INRIA PLY writing (byte layout) and reading (ours and others' variants), fast vs reference. */
class PlyFormatTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "degree {0}, {1} Gaussians")
    @CsvSource({"0,0", "0,1", "1,15", "2,16", "3,17", "3,1000", "3,70001"})
    void roundTripIsExact(int degree, int n) throws IOException {
        GaussianCloud c = SyntheticClouds.random(n, degree, SharedData.seed("ply round trip " + degree + "/" + n, 11 + n));
        Path f = dir.resolve("c.ply");
        SceneFiles.write(f, c);
        Clouds.assertIdentical(c, SceneFiles.read(f));
        Clouds.assertIdentical(c, PlyReferenceReader.read(f, ReadOptions.DEFAULT));
        int props = 3 + 3 + 3 + 3 * (GaussianCloud.coeffs(degree) - 1) + 1 + 3 + 4;
        assertEquals(PlyWriter.header(n, degree).length() + (long) n * props * 4, Files.size(f));
    }

    @Test
    void writesTheInriaLayoutByteForByte() throws IOException {
        // One Gaussian of degree 3 whose every value is distinct, so a misplaced column shows.
        GaussianCloud c = GaussianCloud.create(1, 3);
        float[] m = c.means(), s = c.logScales(), q = c.quats(), sh = c.sh();
        m[0] = 1;
        m[1] = 2;
        m[2] = 3;
        for (int k = 0; k < 16; k++) {
            for (int ch = 0; ch < 3; ch++) {
                sh[k * 3 + ch] = 100 * ch + k; // red k, green 100+k, blue 200+k
            }
        }
        c.opacityLogits()[0] = -7;
        s[0] = -1;
        s[1] = -2;
        s[2] = -3;
        q[0] = 0.5f;
        q[1] = 0.25f;
        q[2] = 0.125f;
        q[3] = 0.0625f;
        Path f = dir.resolve("one.ply");
        SceneFiles.write(f, c);
        byte[] bytes = Files.readAllBytes(f);
        StringBuilder h = new StringBuilder("ply\nformat binary_little_endian 1.0\nelement vertex 1\n");
        List<String> names = new ArrayList<>(List.of("x", "y", "z", "nx", "ny", "nz", "f_dc_0", "f_dc_1", "f_dc_2"));
        for (int i = 0; i < 45; i++) {
            names.add("f_rest_" + i);
        }
        names.addAll(List.of("opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"));
        for (String n : names) {
            h.append("property float ").append(n).append('\n');
        }
        h.append("end_header\n");
        byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(head, java.util.Arrays.copyOf(bytes, head.length), "header");
        // Row: x y z, zero normals, f_dc (k=0 per channel), f_rest channel-major, opacity, scales, rot.
        ByteBuffer row = ByteBuffer.allocate(62 * 4).order(ByteOrder.LITTLE_ENDIAN);
        row.putFloat(1).putFloat(2).putFloat(3).putFloat(0).putFloat(0).putFloat(0);
        row.putFloat(0).putFloat(100).putFloat(200);
        for (int ch = 0; ch < 3; ch++) {
            for (int k = 1; k < 16; k++) {
                row.putFloat(100 * ch + k);
            }
        }
        row.putFloat(-7).putFloat(-1).putFloat(-2).putFloat(-3).putFloat(0.5f).putFloat(0.25f).putFloat(0.125f).putFloat(0.0625f);
        assertArrayEquals(row.array(), java.util.Arrays.copyOfRange(bytes, head.length, bytes.length), "data row");
    }

    /** Others' files: shuffled property order, extra properties of other types, fewer bands, every encoding and type. */
    @ParameterizedTest(name = "{0}, {1}, degree {2}")
    @CsvSource({
            "binary_little_endian,float,3", "binary_little_endian,double,1", "binary_big_endian,float,2",
            "binary_big_endian,double,0", "ascii,float,1", "ascii,double,3", "binary_little_endian,mixed,2"})
    void readsOthersVariantsByName(String encoding, String type, int degree) throws IOException {
        long seed = SharedData.seed("ply variant " + encoding + "/" + type + "/" + degree, 5 + degree);
        int n = 37;
        GaussianCloud c = SyntheticClouds.random(n, degree, seed);
        List<String> names = new ArrayList<>(PlyWriter.names(degree));
        names.removeAll(List.of("nx", "ny", "nz"));
        names.addAll(List.of("red", "green", "blue", "segment_id", "confidence"));
        Collections.shuffle(names, new java.util.Random(seed));
        SplittableRandom r = new SplittableRandom(seed);
        String[] types = new String[names.size()];
        for (int p = 0; p < names.size(); p++) {
            String nm = names.get(p);
            types[p] = switch (nm) {
                case "red", "green", "blue" -> "uchar";
                case "segment_id" -> "int";
                case "confidence" -> "double";
                default -> type.equals("mixed") ? (r.nextBoolean() ? "float" : "double") : type;
            };
        }
        PlyBuilder b = new PlyBuilder(encoding)
                .line("comment made by a test, not by Splatforge")
                .line("element camera 2").line("property float fov").line("property list uchar int ids");
        b.line("element vertex " + n);
        for (int p = 0; p < names.size(); p++) {
            b.line("property " + types[p] + " " + names.get(p));
        }
        b.line("element face 1").line("property list uchar int vertex_indices");
        // two camera rows with lists of different lengths before the vertices
        b.value("float", 60).value("uchar", 2).value("int", 7).value("int", 8).endRow();
        b.value("float", 45).value("uchar", 0).endRow();
        var cols = org.splatforge.core.scene.SplatColumns.forDegree(degree);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < names.size(); p++) {
                String nm = names.get(p);
                double v = switch (nm) {
                    case "red", "green", "blue" -> 200;
                    case "segment_id" -> -5;
                    case "confidence" -> 0.75;
                    default -> cols.stream().filter(col -> col.name().equals(nm)).findFirst().orElseThrow().get(c, i);
                };
                b.value(types[p], v);
            }
            b.endRow();
        }
        b.value("uchar", 3).value("int", 0).value("int", 1).value("int", 2).endRow();
        Path f = dir.resolve("variant.ply");
        Files.write(f, b.bytes());
        GaussianCloud fast = SceneFiles.read(f);
        Clouds.assertIdentical(c, fast); // every source value is a float, so doubles hold it exactly
        if (!encoding.equals("ascii")) {
            Clouds.assertIdentical(fast, PlyReferenceReader.read(f, ReadOptions.DEFAULT));
        }
        var h = SceneFiles.probe(f);
        assertEquals(n, h.count());
        assertEquals(degree, h.shDegree());
        assertTrue(h.details().get("ignored properties").contains("confidence"), h.details().toString());
    }

    @Test
    void integerTypesConvertToTheirValues() throws IOException {
        PlyBuilder b = new PlyBuilder("binary_little_endian").line("element vertex 1");
        String[] names = {"x", "y", "z", "f_dc_0", "f_dc_1", "f_dc_2", "opacity", "scale_0", "scale_1", "scale_2", "rot_0", "rot_1", "rot_2", "rot_3"};
        String[] types = {"char", "uchar", "short", "ushort", "int", "uint", "int8", "uint8", "int16", "uint16", "int32", "uint32", "float32", "float64"};
        double[] values = {-3, 250, -30000, 60000, -2000000000, 4000000000.0, -1, 2, 3, 4, 5, 6, 7.5, 8.25};
        for (int p = 0; p < names.length; p++) {
            b.line("property " + types[p] + " " + names[p]);
        }
        for (int p = 0; p < names.length; p++) {
            b.value(types[p], values[p]);
        }
        Path f = dir.resolve("ints.ply");
        Files.write(f, b.bytes());
        GaussianCloud c = SceneFiles.read(f);
        GaussianCloud r = PlyReferenceReader.read(f, ReadOptions.DEFAULT);
        var cols = org.splatforge.core.scene.SplatColumns.forDegree(0);
        for (int p = 0; p < names.length; p++) {
            String nm = names[p];
            var col = cols.stream().filter(x -> x.name().equals(nm)).findFirst().orElseThrow();
            assertEquals((float) values[p], col.get(c, 0), nm);
            assertEquals((float) values[p], col.get(r, 0), nm + " (reference)");
        }
    }
}
