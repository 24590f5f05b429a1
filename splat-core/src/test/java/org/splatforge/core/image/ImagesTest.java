package org.splatforge.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splatforge.core.io.CorruptDataException;
import org.splatforge.core.testing.SharedData;

/**
 * Image I/O through OpenCV. Files are also written with the JDK's own ImageIO, an encoder
 * independent of OpenCV, so channel order and bit depth are checked against a third party.
 */
class ImagesTest {

    @TempDir
    Path dir;

    private static BufferedImage rgb(int w, int h, int argb) {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, argb);
            }
        }
        return b;
    }

    @Test
    void readsRgbaInRgbOrderFromAThirdPartyPng() throws IOException {
        Path f = dir.resolve("red.png");
        BufferedImage b = rgb(5, 3, 0x80FF2010); // alpha 0x80, R 0xFF, G 0x20, B 0x10
        b.setRGB(4, 2, 0xFF00FF00);              // one opaque green pixel, bottom right
        ImageIO.write(b, "png", f.toFile());
        FloatImage img = Images.read(f);
        assertEquals(5, img.width());
        assertEquals(3, img.height());
        assertEquals(4, img.channels());
        assertEquals(1f, img.get(0, 0, 0), 0);
        assertEquals(0x20 / 255f, img.get(0, 0, 1), 1e-7);
        assertEquals(0x10 / 255f, img.get(0, 0, 2), 1e-7);
        assertEquals(0x80 / 255f, img.get(0, 0, 3), 1e-7);
        assertEquals(0f, img.get(4, 2, 0), 0);
        assertEquals(1f, img.get(4, 2, 1), 0);
        assertEquals(1f, img.get(4, 2, 3), 0);
    }

    @Test
    void readsGrayAnd16BitFromAThirdPartyPng() throws IOException {
        Path g8 = dir.resolve("g8.png"), g16 = dir.resolve("g16.png");
        BufferedImage a = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        a.getRaster().setSample(1, 1, 0, 200);
        ImageIO.write(a, "png", g8.toFile());
        BufferedImage b = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        b.getRaster().setSample(2, 0, 0, 40000);
        ImageIO.write(b, "png", g16.toFile());
        PackedImage p8 = Images.readPacked(g8);
        assertEquals(1, p8.channels());
        assertEquals(8, p8.bits());
        assertEquals(200 / 255f, p8.toFloat().get(1, 1, 0), 1e-7);
        PackedImage p16 = Images.readPacked(g16);
        assertEquals(1, p16.channels());
        assertEquals(16, p16.bits());
        assertEquals(40000 / 65535f, p16.toFloat().get(2, 0, 0), 1e-7);
        // Gray composites to equal RGB.
        float[] rgb = new float[6 * 3];
        p16.compositeRgb(new float[] {1, 0, 0}, rgb, 0);
        assertEquals(rgb[2 * 3], rgb[2 * 3 + 2], 0);
    }

    @Test
    void readsJpegFromAThirdPartyEncoder() throws IOException {
        Path f = dir.resolve("c.jpg");
        BufferedImage b = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                b.setRGB(x, y, 0x2050E0);
            }
        }
        ImageIO.write(b, "jpg", f.toFile());
        FloatImage img = Images.read(f);
        assertEquals(3, img.channels());
        assertEquals(0x20 / 255f, img.get(8, 8, 0), 0.03);
        assertEquals(0x50 / 255f, img.get(8, 8, 1), 0.03);
        assertEquals(0xE0 / 255f, img.get(8, 8, 2), 0.03);
    }

    @Test
    void pngRoundTripsAt8And16BitsAndThroughImageIo() throws IOException {
        long seed = SharedData.seed("ImagesTest.pngRoundTrips", 99);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int c : new int[] {1, 3, 4}) {
            FloatImage img = new FloatImage(17, 9, c);
            for (int i = 0; i < img.data().length; i++) {
                img.data()[i] = (float) rnd.nextDouble();
            }
            Path f = dir.resolve("rt" + c + ".png");
            Images.writePng(f, img);
            FloatImage back = Images.read(f);
            assertEquals(c, back.channels());
            for (int i = 0; i < img.data().length; i++) {
                assertEquals(img.data()[i], back.data()[i], 0.5f / 255 + 1e-6f);
            }
            // ImageIO agrees on the first pixel's red (so we did not write BGR).
            BufferedImage bi = ImageIO.read(f.toFile());
            int expect = Math.round(img.get(0, 0, 0) * 255);
            assertEquals(expect, bi.getRaster().getSample(0, 0, 0));
            Path f16 = dir.resolve("rt" + c + "_16.png");
            Files.write(f16, Images.encodePng(img, 16));
            PackedImage p16 = Images.readPacked(f16);
            assertEquals(16, p16.bits());
            FloatImage b16 = p16.toFloat();
            for (int i = 0; i < img.data().length; i++) {
                assertEquals(img.data()[i], b16.data()[i], 0.5f / 65535 + 1e-7f);
            }
        }
    }

    @Test
    void writeIsAtomicAndReplaces() throws IOException {
        Path f = dir.resolve("a.png");
        Images.writePng(f, new FloatImage(4, 4, 3));
        FloatImage white = new FloatImage(4, 4, 3);
        java.util.Arrays.fill(white.data(), 1f);
        Images.write(f, white);
        assertEquals(1f, Images.read(f).get(2, 2, 1), 0);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
        assertThrows(IllegalArgumentException.class, () -> Images.write(dir.resolve("a.gif"), white));
    }

    @Test
    void corruptFilesNameTheFileAndOffset() throws IOException {
        FloatImage img = new FloatImage(40, 30, 4);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = (float) rnd.nextDouble();
        }
        byte[] png = Images.encodePng(img, 8);

        Path trunc = dir.resolve("trunc.png");
        Files.write(trunc, java.util.Arrays.copyOf(png, png.length / 2));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Images.read(trunc));
        assertTrue(e.getMessage().contains("trunc.png") && e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("at byte"), e.getMessage());

        Path crc = dir.resolve("crc.png");
        byte[] bad = png.clone();
        bad[60] ^= 0x5A; // inside the first data chunk
        Files.write(crc, bad);
        e = assertThrows(CorruptDataException.class, () -> Images.read(crc));
        assertTrue(e.getMessage().contains("crc.png") && e.getMessage().contains("CRC"), e.getMessage());

        Path text = dir.resolve("text.png");
        Files.writeString(text, "this is not an image");
        e = assertThrows(CorruptDataException.class, () -> Images.read(text));
        assertTrue(e.getMessage().contains("text.png") && e.getMessage().contains("not a decodable image"), e.getMessage());

        Path empty = dir.resolve("empty.png");
        Files.write(empty, new byte[0]);
        e = assertThrows(CorruptDataException.class, () -> Images.read(empty));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());

        BufferedImage b = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Path jpg = dir.resolve("full.jpg");
        ImageIO.write(b, "jpg", jpg.toFile());
        byte[] jb = Files.readAllBytes(jpg);
        Path tj = dir.resolve("trunc.jpg");
        Files.write(tj, java.util.Arrays.copyOf(jb, jb.length - 40));
        e = assertThrows(CorruptDataException.class, () -> Images.read(tj));
        assertTrue(e.getMessage().contains("trunc.jpg") && e.getMessage().contains("end-of-image"), e.getMessage());

        assertThrows(NoSuchFileException.class, () -> Images.read(dir.resolve("missing.png")));
    }

    /**
     * The area filter's definition, directly: output pixel (x, y) covers the input rectangle
     * [x*W/w, (x+1)*W/w) x [y*H/h, (y+1)*H/h); its value is the overlap-weighted mean of the
     * input pixels. Double loops in double precision.
     */
    static FloatImage resizeAreaReference(FloatImage src, int w, int h) {
        int sw = src.width(), sh = src.height(), c = src.channels();
        double fx = (double) sw / w, fy = (double) sh / h;
        FloatImage out = new FloatImage(w, h, c);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double x0 = x * fx, x1 = (x + 1) * fx, y0 = y * fy, y1 = (y + 1) * fy;
                double[] acc = new double[c];
                double area = 0;
                for (int sy = (int) Math.floor(y0); sy < Math.min(sh, Math.ceil(y1)); sy++) {
                    double oy = Math.min(y1, sy + 1) - Math.max(y0, sy);
                    for (int sx = (int) Math.floor(x0); sx < Math.min(sw, Math.ceil(x1)); sx++) {
                        double ox = Math.min(x1, sx + 1) - Math.max(x0, sx);
                        double wgt = ox * oy;
                        if (wgt <= 0) {
                            continue;
                        }
                        area += wgt;
                        for (int ch = 0; ch < c; ch++) {
                            acc[ch] += wgt * src.get(sx, sy, ch);
                        }
                    }
                }
                for (int ch = 0; ch < c; ch++) {
                    out.set(x, y, ch, (float) (acc[ch] / area));
                }
            }
        }
        return out;
    }

    @Test
    void areaResizeMatchesItsDefinition() {
        long seed = SharedData.seed("ImagesTest.areaResize", 1234);
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] cases = {{40, 40, 20, 20, 3}, {48, 33, 16, 11, 4}, {37, 23, 15, 9, 1}, {400, 16, 200, 8, 3}, {17, 17, 16, 16, 3}};
        for (int[] k : cases) {
            FloatImage src = new FloatImage(k[0], k[1], k[4]);
            for (int i = 0; i < src.data().length; i++) {
                src.data()[i] = (float) rnd.nextDouble();
            }
            FloatImage fast = Images.resizeArea(src, k[2], k[3]);
            FloatImage ref = resizeAreaReference(src, k[2], k[3]);
            float worst = 0;
            for (int i = 0; i < ref.data().length; i++) {
                worst = Math.max(worst, Math.abs(ref.data()[i] - fast.data()[i]));
            }
            assertTrue(worst < 1e-5f, "area resize " + java.util.Arrays.toString(k) + ": max diff " + worst);
        }
    }

    @Test
    void labelsRoundTripAndResizeByNearestCentre() throws IOException {
        short[] v = new short[6 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (i % 7);
        }
        LabelImage l = LabelImage.compact(6, 4, v);
        assertEquals(6 * 4, l.sizeBytes(), "8-bit indices are stored as bytes");
        Path f = dir.resolve("l.png");
        Images.writeLabels(f, l);
        LabelImage back = Images.readLabels(f);
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], back.get(i));
        }
        // Indices above 255 go to 16 bits and survive.
        short[] big = {0, 300, (short) 65535, 7};
        Path f16 = dir.resolve("l16.png");
        Images.writeLabels(f16, new LabelImage(2, 2, big));
        LabelImage b16 = Images.readLabels(f16);
        assertEquals(300, b16.get(1));
        assertEquals(65535, b16.get(2));
        // Halving takes the pixel holding the output pixel's centre: (2x + 1, 2y + 1).
        LabelImage half = back.resizeNearest(3, 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertEquals(back.get(2 * x + 1, 2 * y + 1), half.get(x, y));
            }
        }
        // An RGB file is accepted as labels only when it is gray.
        Path col = dir.resolve("colour.png");
        ImageIO.write(rgb(2, 2, 0xFF102030), "png", col.toFile());
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Images.readLabels(col));
        assertTrue(e.getMessage().contains("single-channel"), e.getMessage());
    }

    @Test
    void compositingStraightAndPremultipliedAgree() {
        float[] px = {1f, 0.2f, 0.4f, 0.5f}; // straight RGBA
        PackedImage straight = PackedImage.quantize(new FloatImage(1, 1, 4, px.clone()), 16, false);
        PackedImage premul = PackedImage.quantize(straight.toFloatPremultiplied(), 16, true);
        float[] bg = {0.1f, 0.9f, 0.3f};
        float[] a = new float[3], b = new float[3];
        straight.compositeRgb(bg, a, 0);
        premul.compositeRgb(bg, b, 0);
        float[] expect = {1f * 0.5f + 0.1f * 0.5f, 0.2f * 0.5f + 0.9f * 0.5f, 0.4f * 0.5f + 0.3f * 0.5f};
        assertArrayEquals(expect, a, 2e-5f);
        assertArrayEquals(expect, b, 2e-5f);
        float[] alpha = new float[1];
        premul.alpha(alpha, 0);
        assertEquals(0.5f, alpha[0], 2e-5f);
    }

    @Test
    void opaqueAlphaIsDroppedOnlyWhenFullyOpaque() {
        PackedImage opaque = PackedImage.of8(2, 1, 4, new byte[] {1, 2, 3, (byte) 255, 4, 5, 6, (byte) 255}, false);
        PackedImage rgb = opaque.dropOpaqueAlpha();
        assertEquals(3, rgb.channels());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, rgb.bytes8());
        PackedImage partial = PackedImage.of8(2, 1, 4, new byte[] {1, 2, 3, (byte) 255, 4, 5, 6, (byte) 254}, false);
        assertEquals(4, partial.dropOpaqueAlpha().channels());
    }
}
